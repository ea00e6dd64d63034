/* vigil-accessible.c: names a screen reader speaks, where GTK 4.8 gets them wrong
 *
 * Faults of GTK 4.8 that every window has, mended once here rather than in each view:
 *
 * - A button or check button whose label has a mnemonic ("_Approve") gives the raw label as
 *   its accessible label and its label widget's text beside it, so that Orca reads
 *   "_Approve Approve". Each such button gets the label without the underscore as its
 *   accessible label, again whenever its label changes.
 * - An empty selectable label takes the focus and is read as "GtkLabel": it is left out of
 *   the focus chain until it has text.
 * - A GtkDropDown's own button has no name, so that the control is read as
 *   "GtkToggleButton"; vigil_accessible_name_dropdown() gives it the drop-down's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-accessible"

#include "config.h"

#include <string.h>

#include "vigil-accessible.h"

static GQuark mended_quark;

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

static void
update_label_focus (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);

  /* An empty selectable label is no stop for the keyboard, and nothing for a screen reader
   * to read but "GtkLabel"; it takes the focus again once it has text to select */
  if (gtk_label_get_selectable (label))
    gtk_widget_set_focusable (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static void
mend (GtkWidget *widget)
{
  if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_LABEL (widget))
    return;
  if (g_object_get_qdata (G_OBJECT (widget), mended_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (widget), mended_quark, GINT_TO_POINTER (1));

  if (GTK_IS_LABEL (widget))
    {
      g_signal_connect (widget, "notify::label", G_CALLBACK (update_label_focus), NULL);
      g_signal_connect (widget, "notify::selectable", G_CALLBACK (update_label_focus), NULL);
      update_label_focus (GTK_LABEL (widget));
      return;
    }
  /* GTK sets the raw label again whenever the label changes */
  g_signal_connect (widget, "notify::label", G_CALLBACK (name_button), NULL);
  g_signal_connect (widget, "notify::use-underline", G_CALLBACK (name_button), NULL);
  name_button (widget);
}

static void
mend_tree (GtkWidget *root)
{
  mend (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mend_tree (child);
}

/* A window, when it is shown, is mended whole, the pages not in view too, which a screen
 * reader can list; a widget made after is mended when it is shown. */
static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_values,
          const GValue          *values,
          gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_ROOT (widget))
    mend_tree (widget);
  else
    mend (widget);
  return TRUE;
}

/**
 * vigil_accessible_init:
 *
 * Mends the names of buttons with mnemonics, and the focus of empty selectable labels, in
 * every window from now on. Call once, before the first window is built.
 */
void
vigil_accessible_init (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  mended_quark = g_quark_from_static_string ("vigil-accessible-mended");
  /* The signal exists once the class does */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, map_hook, NULL,
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

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child
                         : find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * vigil_accessible_name_inner:
 * @root: a widget built by libadwaita or GTK with a control inside it
 * @type: the control's type, %GTK_TYPE_SWITCH
 * @name: what the control does
 *
 * Names the first control of @type inside @root, such as the enable switch of an
 * AdwExpanderRow, which has none of its own in libadwaita 1.2.
 */
void
vigil_accessible_name_inner (GtkWidget  *root,
                             GType       type,
                             const char *name)
{
  GtkWidget *control = find_descendant (root, type);

  if (control != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name, -1);
}
