/* vigil-connect-dialog.c: asks where a team's database server is, and how to log in
 *
 * The URI is libpq's own (postgresql://host/database?…), so that what a database
 * administrator writes for psql works here as it is; ~/.pgpass, PGSERVICE and peer logins
 * need no password at all. A password typed here is used for this connection, and kept in
 * the keyring only when "Remember" is on; the URI is remembered without it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-connect-dialog.h"
#include "vigil-store.h"

struct _VigilConnectDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *uri_row;
  AdwEntryRow      *password_row;
  GtkSwitch        *remember_switch;
};

G_DEFINE_FINAL_TYPE (VigilConnectDialog, vigil_connect_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
uri_changed_cb (VigilConnectDialog *self)
{
  const char *uri = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));
  /* "postgresql://" alone is libpq's default server and database */
  gboolean usable = vigil_store_location_is_server (g_strstrip (g_strdup (uri))) ||
                    vigil_store_location_is_server (uri);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", usable);
  if (usable || *uri == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->uri_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->uri_row), "error");
}

static void
vigil_connect_dialog_class_init (VigilConnectDialogClass *klass)
{
}

static void
vigil_connect_dialog_init (VigilConnectDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkWidget *list = gtk_list_box_new ();
  AdwActionRow *remember_row;

  adw_message_dialog_set_heading (dialog, _("Connect to Server"));
  adw_message_dialog_set_body (dialog,
                               _("A team shares its log on a PostgreSQL server. Enter the "
                                 "connection URI your database administrator gave you, such "
                                 "as postgresql://db.example.com/vigil?user=alice."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  self->uri_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->uri_row), _("Connection URI"));
  adw_entry_row_set_activates_default (self->uri_row, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->uri_row));

  self->password_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 _("Password, if the server asks for one"));
  adw_entry_row_set_activates_default (self->password_row, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->password_row));

  remember_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remember_row),
                                 _("Remember the Password"));
  adw_action_row_set_subtitle (remember_row, _("Kept in your keyring, never in a file"));
  self->remember_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->remember_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (remember_row, GTK_WIDGET (self->remember_switch));
  adw_action_row_set_activatable_widget (remember_row, GTK_WIDGET (self->remember_switch));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (remember_row));

  adw_message_dialog_set_extra_child (dialog, list);

  g_signal_connect_swapped (self->uri_row, "changed", G_CALLBACK (uri_changed_cb), self);
  uri_changed_cb (self);
}

/**
 * vigil_connect_dialog_new:
 * @parent: the window it belongs to
 * @uri: (nullable): the URI to offer, as connected to last
 */
VigilConnectDialog *
vigil_connect_dialog_new (GtkWindow  *parent,
                          const char *uri)
{
  VigilConnectDialog *self = g_object_new (VIGIL_TYPE_CONNECT_DIALOG,
                                           "transient-for", parent,
                                           "modal", TRUE,
                                           NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->uri_row),
                         uri != NULL && *uri != '\0' ? uri : "postgresql://");
  return self;
}

/* What was typed, without surrounding spaces (a URI copied from an e-mail has them) */
const char *
vigil_connect_dialog_get_uri (VigilConnectDialog *self)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (VIGIL_IS_CONNECT_DIALOG (self), NULL);

  copy = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_row))));
  if (!g_str_equal (copy, gtk_editable_get_text (GTK_EDITABLE (self->uri_row))))
    gtk_editable_set_text (GTK_EDITABLE (self->uri_row), copy);
  return gtk_editable_get_text (GTK_EDITABLE (self->uri_row));
}

const char *
vigil_connect_dialog_get_password (VigilConnectDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_CONNECT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

gboolean
vigil_connect_dialog_get_remember (VigilConnectDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_CONNECT_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->remember_switch);
}
