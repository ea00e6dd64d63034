/* test-ui-files.c: every .ui file in Vigil's resources builds
 *
 * The .ui files are found at run time in the GResource, so that files added later are checked
 * too. A template is checked by creating an instance of its class, which builds the template
 * with the class's own callbacks and children, as the app does (gtk4-builder-tool cannot load
 * templates whose parent is a libadwaita class). The class is found by name in this program,
 * as GtkBuilder finds types (hence export_dynamic). Any other .ui file is loaded with
 * GtkBuilder. Errors and criticals fail the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ui-files"

#include "config.h"

#include <adwaita.h>
#include <gmodule.h>
#include <string.h>

#define PREFIX "/io/github/finsecure/Vigil/"

static void
find_ui_files (const char *path,
               GPtrArray  *out)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) children = g_resources_enumerate_children (path, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; children[i]; i++)
    {
      g_autofree char *child = g_strconcat (path, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        find_ui_files (child, out);
      else if (g_str_has_suffix (children[i], ".ui"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

typedef struct
{
  char *template_class;
  char *template_parent;
} Template;

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              data,
               GError              **error)
{
  Template *t = data;

  if (!g_str_equal (element, "template") || t->template_class)
    return;
  for (guint i = 0; names[i]; i++)
    {
      if (g_str_equal (names[i], "class"))
        t->template_class = g_strdup (values[i]);
      else if (g_str_equal (names[i], "parent"))
        t->template_parent = g_strdup (values[i]);
    }
}

/* "VigilPreferencesWindow" -> "vigil_preferences_window_get_type", as GtkBuilder does */
static char *
type_func_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; name[i]; i++)
    {
      if (i > 0 && g_ascii_isupper (name[i]) &&
          (g_ascii_islower (name[i - 1]) ||
           (g_ascii_isupper (name[i - 1]) && g_ascii_islower (name[i + 1]))))
        g_string_append_c (out, '_');
      g_string_append_c (out, g_ascii_tolower (name[i]));
    }
  g_string_append (out, "_get_type");
  return g_string_free (out, FALSE);
}

static GType
resolve_type (const char *name)
{
  g_autofree char *func_name = type_func_name (name);
  GType (*get_type) (void) = NULL;
  GType type = g_type_from_name (name);
  GModule *program;

  if (type != 0)
    return type;
  program = g_module_open (NULL, 0);
  if (g_module_symbol (program, func_name, (gpointer *) &get_type) && get_type)
    type = get_type ();
  g_module_close (program);
  return type;
}

static void
destroy (gpointer object,
         gpointer unused)
{
  if (GTK_IS_WINDOW (object))
    gtk_window_destroy (GTK_WINDOW (object));
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  Template t = { NULL, NULL };
  const char *text;
  gsize len;

  g_assert_nonnull (bytes);
  text = g_bytes_get_data (bytes, &len);
  context = g_markup_parse_context_new (&parser, 0, &t, NULL);
  if (!g_markup_parse_context_parse (context, text, len, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    g_error ("%s is not well-formed XML: %s", path, error->message);

  if (t.template_class)
    {
      GType type = resolve_type (t.template_class);
      GObject *object;

      if (type == 0)
        g_error ("%s: no type %s is linked into Vigil", path, t.template_class);
      if (t.template_parent && !g_type_is_a (type, resolve_type (t.template_parent)))
        g_error ("%s: %s is not a %s", path, t.template_class, t.template_parent);
      g_assert_true (g_type_is_a (type, GTK_TYPE_WIDGET));
      g_test_message ("%s: template of %s", path, t.template_class);

      /* Builds the template; an error in it is a critical, and fails the test. */
      object = g_object_ref_sink (g_object_new (type, NULL));
      destroy (object, NULL);
      g_object_unref (object);
    }
  else
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new ();
      GSList *objects;

      if (!gtk_builder_add_from_resource (builder, path, &error))
        g_error ("%s: %s", path, error->message);
      objects = gtk_builder_get_objects (builder);
      g_assert_nonnull (objects);
      g_slist_foreach (objects, destroy, NULL);
      g_slist_free (objects);
    }
  g_free (t.template_class);
  g_free (t.template_parent);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  find_ui_files (PREFIX, files);
  /* The main window and the shortcuts at least: none found means the search is wrong. */
  g_assert_cmpuint (files->len, >=, 2);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *test_path = g_strconcat ("/vigil/ui-files/",
                                                (char *) files->pdata[i] + strlen (PREFIX),
                                                NULL);
      g_test_add_data_func (test_path, files->pdata[i], test_ui_file);
    }
  return g_test_run ();
}
