/* vigil-accessible.c: names a screen reader speaks, where GTK 4.8 gets them wrong
 *
 * Two faults of GTK 4.8 that every window has, mended once here rather than in each view:
 *
 * - A button or check button whose label has a mnemonic ("_Approve") gives the raw label as
 *   its accessible label and its label widget's text beside it, so that Orca reads
 *   "_Approve Approve". Each such button, when it is first mapped and whenever its label
 *   changes after, gets the label without the underscore as its accessible label.
 * - A GtkDropDown's own button has no name, so that the control is read as
 *   "GtkToggleButton"; vigil_accessible_name_dropdown() gives it the drop-down's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-accessible"

#include "config.h"

#include <string.h>

#include "vigil-accessible.h"

static GQuark watched_quark;

/**
 * vigil_accessible_strip_mnemonic:
 * @label: a label with mnemonics, "_Open Another Database…"
 *
 * Returns: (transfer full): the label as it is shown, "Open Another Database…" (a doubled
 *   underscore stays one)
 */
char *
vigil_accessible_strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        p++;
      else if (*p == '_')
        continue;
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
name_button (GtkWidget *widget)
{
  const char *label = NULL;
  gboolean underline = FALSE;
  g_autofree char *text = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
      underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
    }
  if (label == NULL || !underline || strchr (label, '_') == NULL)
    return;

  text = vigil_accessible_strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static gboolean
mapped_hook (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if ((GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)) &&
      g_object_get_qdata (G_OBJECT (widget), watched_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (widget), watched_quark, GINT_TO_POINTER (1));
      /* GTK sets the raw label again whenever the label changes */
      g_signal_connect (widget, "notify::label", G_CALLBACK (name_button), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (name_button), NULL);
      name_button (widget);
    }
  return TRUE;
}

/**
 * vigil_accessible_init:
 *
 * Mends the names of buttons with mnemonics in every window from now on. Call once, after
 * GTK is initialized.
 */
void
vigil_accessible_init (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  watched_quark = g_quark_from_static_string ("vigil-accessible-watched");
  /* The signal exists once the class does */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, mapped_hook, NULL,
                              NULL);
  g_once_init_leave (&done, 1);
}

/**
 * vigil_accessible_name_dropdown:
 * @name: what the drop-down chooses, "Model"
 *
 * Names @dropdown and the button inside it that takes the focus.
 */
void
vigil_accessible_name_dropdown (GtkDropDown *dropdown,
                                const char  *name)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
}
