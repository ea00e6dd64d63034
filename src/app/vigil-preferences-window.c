/* vigil-preferences-window.c: the reviewer's name, the dashboard's defaults and the detection
 * policy of the open database
 *
 * The General page writes GSettings keys at once, the spools to follow too; the window that
 * shows the database follows them (vigil-window.c). The Detection page edits a copy of the
 * database's policy; each change is checked, then saved half a second after the last one (and
 * at once when the window closes) with vigil_store_set_policy() in a worker thread, in the
 * reviewer's name, so that the ledger records who changed what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-accessible.h"
#include "vigil-preferences-window.h"
#include "vigil-record.h"
#include "vigil-store.h"

#define SAVE_DELAY_MS 500
#define MAX_SHOWN_MIN_SAMPLES 1000000

struct _VigilPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  VigilDatabase        *database;
  GSettings            *settings;
  GCancellable         *cancellable;

  VigilPolicy          *policy;       /* as edited; NULL until loaded */
  char                **model_names;  /* of the database, as shown */
  GPtrArray            *model_groups; /* AdwPreferencesGroup, shown for the defaults and models */
  guint                 save_source;
  gboolean              loading;      /* widgets being set from the policy: not an edit */
  gboolean              saving;
  gboolean              save_again;
  gboolean              reload_wanted;
  gboolean              loading_policy;
  gboolean              disposed;

  /* template */
  AdwEntryRow          *reviewer_row;
  AdwPreferencesGroup  *reviewer_group;
  AdwComboRow          *period_row;
  GtkStringList        *period_list;
  AdwComboRow          *interval_row;
  GtkStringList        *interval_list;
  AdwComboRow          *notify_row;
  AdwPreferencesGroup  *spools_group;
  GtkButton            *add_spool_button;
  AdwActionRow         *follow_row;
  GtkSwitch            *follow_switch;
  GPtrArray            *spool_rows;   /* AdwActionRow, one a spool */
  AdwPreferencesPage   *detection_page;
  AdwPreferencesGroup  *note_group;
  GtkLabel             *note_label;
  AdwPreferencesGroup  *windows_group;
  GtkSpinButton        *window_spin;
  GtkSpinButton        *baseline_spin;
};

G_DEFINE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_SETTINGS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* As the period-days setting stores them: complete days, or 0 for today so far */
static const int period_values[] = { 7, 30, 90, 0 };
static const int interval_values[] = { 0, 15, 60, 1440 };

/* What a policy control edits: a check's switch, one of its keys, the minimum, or the field
 * whose segments are checked. */
typedef enum
{
  FIELD_MIN_SAMPLES,
  FIELD_ENABLED,
  FIELD_KEY,
  FIELD_SEGMENT_BY,
} Field;

/* The choices of the Segments row after "None", as the policy names them */
static const char * const segment_fields[] = { "sector", "portfolio_id", "user_id", "ticker" };

static void show_error (VigilPreferencesWindow *self,
                        const char             *message);

/* Settings ---------------------------------------------------------------------------------- */

/* Selects @value in a combo row, adding it as a choice of its own when it is none of @values. */
static void
combo_select (AdwComboRow   *row,
              GtkStringList *list,
              const int     *values,
              guint          n_values,
              int            value,
              const char    *custom_label)
{
  for (guint i = 0; i < n_values; i++)
    if (values[i] == value)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) > n_values)
    gtk_string_list_remove (list, n_values);
  gtk_string_list_append (list, custom_label);
  adw_combo_row_set_selected (row, n_values);
}

static void
period_selected_cb (VigilPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->period_row);

  if (!self->loading && i < G_N_ELEMENTS (period_values))
    g_settings_set_int (self->settings, "period-days", period_values[i]);
}

static void
interval_selected_cb (VigilPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->interval_row);

  if (!self->loading && i < G_N_ELEMENTS (interval_values))
    g_settings_set_int (self->settings, "check-interval", interval_values[i]);
}

static const char *
real_name (void)
{
  const char *name = g_get_real_name ();

  return name && *name && !g_str_equal (name, "Unknown") ? name : g_get_user_name ();
}

/**
 * vigil_preferences_window_dup_reviewer:
 *
 * Returns: (transfer full): the name that policy changes are recorded under: the
 * reviewer-name setting, else the user's real name
 */
char *
vigil_preferences_window_dup_reviewer (VigilPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);

  name = g_strstrip (g_settings_get_string (self->settings, "reviewer-name"));
  return *name ? g_steal_pointer (&name) : g_strdup (real_name ());
}

/* Says under which name actions are recorded, the account's while the row is empty: the
 * row's title covers its placeholder, so an empty row would otherwise say nothing. */
static void
describe_reviewer (VigilPreferencesWindow *self,
                   const char             *text)
{
  g_autofree char *description = NULL;

  if (text[0] == '\0')
    /* Translators: %s is the user's real or account name */
    description = g_strdup_printf (_("Reviews, acknowledgements and policy changes are "
                                     "recorded as “%s”, your account’s name, until you type "
                                     "another."), real_name ());
  else
    description = g_strdup (_("Reviews, acknowledgements and policy changes are recorded "
                              "under this name; on a server, beside your login."));
  adw_preferences_group_set_description (self->reviewer_group, description);
}

static void
reviewer_changed_cb (VigilPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reviewer_row))));

  describe_reviewer (self, text);
  if (self->loading)
    return;
  if (strlen (text) > VIGIL_MAX_NAME_LEN)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->reviewer_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->reviewer_row),
                                   _("The name is too long to be recorded"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->reviewer_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reviewer_row), NULL);
  g_settings_set_string (self->settings, "reviewer-name", text);
}

static void
notify_selected_cb (VigilPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->notify_row);

  /* The rows are in the order of the notify-severity enumeration: off, low, medium, high */
  if (!self->loading && i != GTK_INVALID_LIST_POSITION)
    g_settings_set_enum (self->settings, "notify-severity", (int) i);
}

/* Spools ------------------------------------------------------------------------------------ */

static void
remove_spool_cb (GtkButton              *button,
                 VigilPreferencesWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "vigil-spool");
  g_auto(GStrv) spools = g_settings_get_strv (self->settings, "follow-spools");
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  for (guint i = 0; spools[i] != NULL; i++)
    if (g_strcmp0 (spools[i], path) != 0)
      g_strv_builder_add (kept, spools[i]);
  paths = g_strv_builder_end (kept);
  g_settings_set_strv (self->settings, "follow-spools", (const char * const *) paths);
}

/* Why the open database takes no spools, or NULL */
static const char *
follow_refusal (VigilPreferencesWindow *self)
{
  if (self->database == NULL)
    return _("No database is open: spools are followed into the database a window shows.");
  if (vigil_database_is_read_only (self->database))
    return _("The database is open read-only: Vigil does not follow spools into it.");
  if (!vigil_database_may (self->database, VIGIL_STORE_MAY_IMPORT))
    return _("This login may not log decisions: Vigil does not follow spools into the "
             "database. Its administrator grants the ingest role.");
  return NULL;
}

static void
load_spools (VigilPreferencesWindow *self)
{
  g_auto(GStrv) spools = g_settings_get_strv (self->settings, "follow-spools");
  const char *refusal = follow_refusal (self);

  for (guint i = 0; i < self->spool_rows->len; i++)
    adw_preferences_group_remove (self->spools_group, g_ptr_array_index (self->spool_rows, i));
  g_ptr_array_set_size (self->spool_rows, 0);

  for (guint i = 0; spools[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (spools[i]);
      g_autofree char *folder = g_path_get_dirname (spools[i]);
      g_autofree char *escaped_name = g_markup_escape_text (name, -1);
      g_autofree char *escaped_folder = g_markup_escape_text (folder, -1);
      /* Translators: the accessible name of the button that removes a spool from the list */
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), spools[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_folder);
      gtk_widget_set_tooltip_text (row, spools[i]);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Stop following this spool"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_object_set_data_full (G_OBJECT (button), "vigil-spool", g_strdup (spools[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_spool_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->spools_group, row);
      g_ptr_array_add (self->spool_rows, row);
    }

  if (spools[0] == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->follow_row),
                                 _("Add the spool files your models write to"));
  else if (refusal != NULL && gtk_switch_get_active (self->follow_switch))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->follow_row), refusal);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->follow_row),
                                 _("New lines are committed within a second; errors show in "
                                   "the status bar"));
}

/**
 * vigil_preferences_window_add_spool:
 * @path: a spool file
 *
 * Adds @path to the spools to follow, as Add Spool does.
 *
 * Returns: %FALSE with @error when @path is not a file's absolute path, is a folder, the
 *   database itself, or in the list already
 */
gboolean
vigil_preferences_window_add_spool (VigilPreferencesWindow  *self,
                                    const char              *path,
                                    GError                 **error)
{
  g_auto(GStrv) spools = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_path_is_absolute (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not an absolute path; a spool is named from the root folder"),
                   path);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder; a spool is a file that models append to"), path);
      return FALSE;
    }
  if (self->database != NULL && g_strcmp0 (vigil_database_get_path (self->database), path) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the database itself, not a spool"), path);
      return FALSE;
    }

  spools = g_settings_get_strv (self->settings, "follow-spools");
  if (g_strv_contains ((const char * const *) spools, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is in the list already"), path);
      return FALSE;
    }

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) spools);
  g_strv_builder_add (builder, path);
  paths = g_strv_builder_end (builder);
  return g_settings_set_strv (self->settings, "follow-spools", (const char * const *) paths);
}

static void
add_spool_response_cb (GtkNativeDialog        *dialog,
                       int                     response,
                       VigilPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autoptr(GError) error = NULL;

          if (path == NULL)
            {
              g_autofree char *name = g_file_get_parse_name (file);

              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("“%s” is not a file on this computer; spools are local files"),
                           name);
            }
          if (error != NULL || !vigil_preferences_window_add_spool (self, path, &error))
            show_error (self, error->message);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_spool_clicked_cb (VigilPreferencesWindow *self)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Add Spool"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Decision Files"));
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "ndjson");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_suffix (filter, "log");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect_object (native, "response", G_CALLBACK (add_spool_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
load_settings (VigilPreferencesWindow *self)
{
  g_autofree char *reviewer = g_settings_get_string (self->settings, "reviewer-name");
  int period = g_settings_get_int (self->settings, "period-days");
  int interval = g_settings_get_int (self->settings, "check-interval");
  g_autofree char *period_label = g_strdup_printf (ngettext ("Last %d Day", "Last %d Days", period),
                                                   period);
  g_autofree char *interval_label = g_strdup_printf (ngettext ("Every %d minute",
                                                               "Every %d minutes", interval),
                                                     interval);
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->reviewer_row));

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->reviewer_row), reviewer);
  describe_reviewer (self, g_strstrip (reviewer));
  /* Shown while the row is empty: whose name is recorded then */
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_placeholder_text (GTK_TEXT (delegate), real_name ());
  combo_select (self->period_row, self->period_list, period_values, G_N_ELEMENTS (period_values),
                period, period_label);
  combo_select (self->interval_row, self->interval_list, interval_values,
                G_N_ELEMENTS (interval_values),
                interval, interval_label);
  adw_combo_row_set_selected (self->notify_row,
                              (guint) g_settings_get_enum (self->settings, "notify-severity"));
  self->loading = FALSE;
}

/* Saving the policy ------------------------------------------------------------------------- */

typedef struct
{
  VigilPolicy *policy;
  char        *who;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->policy);
  g_free (save->who);
  g_free (save);
}

static gpointer
save_policy_func (VigilStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SaveData *save = data;

  if (!vigil_store_set_policy (store, save->policy, save->who, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
notify_busy (VigilPreferencesWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (VigilPreferencesWindow *self,
            const char             *message)
{
  AdwToast *toast;

  if (self->disposed)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void start_save (VigilPreferencesWindow *self);
static void reload (VigilPreferencesWindow *self);

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VigilPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (vigil_database_run_finish (VIGIL_DATABASE (source), result, &error) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The policy was not saved: %s"),
                                                  error->message);
      show_error (self, message);
      self->save_again = FALSE;
      /* Show what the database holds, not what failed to be saved. */
      self->reload_wanted = TRUE;
    }
  if (self->save_again && !self->disposed)
    {
      self->save_again = FALSE;
      start_save (self);
      return;
    }
  if (self->reload_wanted && self->save_source == 0 && !self->disposed)
    reload (self);
  notify_busy (self);
}

static void
start_save (VigilPreferencesWindow *self)
{
  SaveData *save;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->policy == NULL || self->database == NULL)
    return;
  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }
  save = g_new0 (SaveData, 1);
  save->policy = vigil_policy_copy (self->policy);
  save->who = vigil_preferences_window_dup_reviewer (self);
  self->saving = TRUE;
  /* Not cancelled on close: a change made must be kept. */
  vigil_database_run_async (self->database, VIGIL_DATABASE_WRITE, save_policy_func, save,
                            save_data_free, NULL, NULL, save_done_cb, g_object_ref (self));
  notify_busy (self);
}

static gboolean
save_timeout_cb (gpointer data)
{
  VigilPreferencesWindow *self = data;

  self->save_source = 0;
  start_save (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (VigilPreferencesWindow *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  notify_busy (self);
}

/* Editing the policy ------------------------------------------------------------------------ */

static void
windows_changed_cb (VigilPreferencesWindow *self)
{
  if (self->loading || self->policy == NULL)
    return;
  vigil_policy_set_windows (self->policy, gtk_spin_button_get_value (self->window_spin),
                            gtk_spin_button_get_value (self->baseline_spin));
  schedule_save (self);
}

/* Applies the control's value to its model's policy (or the defaults'), refusing what the
 * policy refuses and putting the control back. */
static void
control_changed (VigilPreferencesWindow *self,
                 GtkWidget              *control)
{
  const char *model = g_object_get_data (G_OBJECT (control), "vigil-model");
  Field field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (control), "vigil-field"));
  VigilCheck check = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (control), "vigil-check"));
  guint key = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (control), "vigil-key"));
  g_autoptr(GError) error = NULL;
  VigilModelPolicy p;
  gboolean ok;

  if (self->loading || self->policy == NULL)
    return;

  p = model ? *vigil_policy_for_model (self->policy, model)
            : *vigil_policy_get_defaults (self->policy);
  switch (field)
    {
    case FIELD_MIN_SAMPLES:
      p.min_samples = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (control));
      break;
    case FIELD_ENABLED:
      p.checks[check].enabled = adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (control));
      break;
    case FIELD_KEY:
      vigil_check_policy_set_field (&p.checks[check], vigil_check_get_info (check)->keys[key].field,
                                    gtk_spin_button_get_value (GTK_SPIN_BUTTON (control)));
      break;
    case FIELD_SEGMENT_BY:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (control));
        const char *segment_by = selected >= 1 && selected <= G_N_ELEMENTS (segment_fields)
                                   ? vigil_segment_field (segment_fields[selected - 1]) : NULL;

        /* The row tells its selection again when it is shown: nothing to save then */
        if (g_strcmp0 (segment_by, p.segment_by) == 0)
          return;
        p.segment_by = segment_by;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  ok = model ? vigil_policy_set_model (self->policy, model, &p, &error)
             : vigil_policy_set_defaults (self->policy, &p, &error);
  if (!ok)
    {
      show_error (self, error->message);
      reload (self);
      return;
    }
  schedule_save (self);
}

static void
spin_changed_cb (GtkSpinButton          *spin,
                 VigilPreferencesWindow *self)
{
  control_changed (self, GTK_WIDGET (spin));
}

static void
enable_changed_cb (GObject                *row,
                   GParamSpec             *pspec,
                   VigilPreferencesWindow *self)
{
  control_changed (self, GTK_WIDGET (row));
}

static void
segment_selected_cb (GObject                *row,
                     GParamSpec             *pspec,
                     VigilPreferencesWindow *self)
{
  control_changed (self, GTK_WIDGET (row));
}

/* Which context field's segments the model's checks also run on, or none */
static GtkWidget *
new_segment_row (VigilPreferencesWindow *self,
                 const char             *group_title,
                 const char             *model,
                 const char             *segment_by)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *name = g_strdup_printf ("%s:segment_by:value", model ? model : "defaults");
  g_autofree char *label = g_strdup_printf ("%s: %s", group_title, _("Segments"));
  guint selected = 0;

  /* Translators: checks per segment: "None" runs them on the whole model only */
  gtk_string_list_append (choices, C_("segments", "None"));
  for (guint i = 0; i < G_N_ELEMENTS (segment_fields); i++)
    {
      gtk_string_list_append (choices, segment_fields[i]);
      if (g_strcmp0 (segment_by, segment_fields[i]) == 0)
        selected = i + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Segments"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Also run every check on each value of this field, corrected "
                                 "for their number"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (row), "vigil-model", g_strdup (model), g_free);
  g_object_set_data (G_OBJECT (row), "vigil-field", GINT_TO_POINTER (FIELD_SEGMENT_BY));
  g_signal_connect (row, "notify::selected", G_CALLBACK (segment_selected_cb), self);
  return row;
}

static GtkWidget *
new_spin_row (VigilPreferencesWindow *self,
              const char             *group_title,
              const char             *model,
              Field                   field,
              VigilCheck              check,
              guint                   key,
              const char             *title,
              const char             *subtitle,
              double                  lower,
              double                  upper,
              double                  step,
              guint                   digits,
              double                  value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);
  const VigilCheckKey *ck = field == FIELD_KEY ? &vigil_check_get_info (check)->keys[key] : NULL;
  g_autofree char *name = g_strdup_printf ("%s:%s:%s", model ? model : "defaults",
                                           ck ? vigil_check_to_string (check) : "min_samples",
                                           ck ? vigil_check_field_to_string (ck->field) : "value");
  g_autofree char *label = g_strdup_printf ("%s: %s", group_title, title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (spin), "vigil-model", g_strdup (model), g_free);
  g_object_set_data (G_OBJECT (spin), "vigil-field", GINT_TO_POINTER (field));
  g_object_set_data (G_OBJECT (spin), "vigil-check", GINT_TO_POINTER (check));
  g_object_set_data (G_OBJECT (spin), "vigil-key", GUINT_TO_POINTER (key));
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

/* One group: the defaults' (@model %NULL) or a model's controls. */
static GtkWidget *
new_model_group (VigilPreferencesWindow *self,
                 const char             *model)
{
  const VigilModelPolicy *p = model ? vigil_policy_for_model (self->policy, model)
                                    : vigil_policy_get_defaults (self->policy);
  GtkWidget *group = adw_preferences_group_new ();
  const char *title = model ? model : _("Defaults");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (model == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("For the models without settings of their own"));
  else if (!vigil_policy_has_model (self->policy, model))
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Follows the defaults until changed here"));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             new_spin_row (self, title, model, FIELD_MIN_SAMPLES, 0, 0,
                                           _("Minimum Decisions"),
                                           _("Fewer decisions in a window are not checked"),
                                           1, MAX_SHOWN_MIN_SAMPLES, 1, 0,
                                           (double) p->min_samples));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             new_segment_row (self, title, model, p->segment_by));

  for (guint i = 0; i < vigil_checks_get_n (); i++)
    {
      const VigilCheckInfo *info = vigil_check_get_info ((VigilCheck) i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *name = g_strdup_printf ("%s:%s:enabled", model ? model : "defaults",
                                               info->name);
      g_autofree char *label = g_strdup_printf ("%s: %s", title, _(info->title));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(info->title));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _(info->summary));
      adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (expander), TRUE);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander), p->checks[i].enabled);
      gtk_widget_set_name (expander, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      {
        /* Translators: the switch that turns a check on, "Run the check Feature Drift" */
        g_autofree char *run = g_strdup_printf (_("Run the check %s"), label);

        vigil_accessible_name_inner (expander, GTK_TYPE_SWITCH, run);
      }
      g_object_set_data_full (G_OBJECT (expander), "vigil-model", g_strdup (model), g_free);
      g_object_set_data (G_OBJECT (expander), "vigil-field", GINT_TO_POINTER (FIELD_ENABLED));
      g_object_set_data (G_OBJECT (expander), "vigil-check", GINT_TO_POINTER (i));
      g_signal_connect (expander, "notify::enable-expansion", G_CALLBACK (enable_changed_cb), self);

      for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
        {
          const VigilCheckKey *ck = &info->keys[k];

          if (ck->pref_title == NULL)
            continue;
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    new_spin_row (self, label, model, FIELD_KEY, i, k,
                                                  _(ck->pref_title), _(ck->pref_subtitle),
                                                  ck->pref_lower, ck->pref_upper, ck->pref_step,
                                                  ck->pref_digits,
                                                  vigil_check_policy_get_field (&p->checks[i],
                                                                                ck->field)));
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
  return group;
}

static void
set_note (VigilPreferencesWindow *self,
          const char             *note)
{
  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_group), note != NULL);
}

static void
show_policy (VigilPreferencesWindow *self)
{
  gboolean editable = self->database &&
                      vigil_database_may (self->database, VIGIL_STORE_MAY_CONFIGURE);
  const VigilModelPolicy *d = vigil_policy_get_defaults (self->policy);
  GtkWidget *group;

  self->loading = TRUE;
  for (guint i = 0; i < self->model_groups->len; i++)
    adw_preferences_page_remove (self->detection_page, self->model_groups->pdata[i]);
  g_ptr_array_set_size (self->model_groups, 0);

  gtk_spin_button_set_value (self->window_spin, d->window_days);
  gtk_spin_button_set_value (self->baseline_spin, d->baseline_days);

  group = new_model_group (self, NULL);
  g_ptr_array_add (self->model_groups, group);
  for (guint i = 0; self->model_names && self->model_names[i]; i++)
    g_ptr_array_add (self->model_groups, new_model_group (self, self->model_names[i]));
  for (guint i = 0; i < self->model_groups->len; i++)
    {
      gtk_widget_set_sensitive (self->model_groups->pdata[i], editable);
      adw_preferences_page_add (self->detection_page, self->model_groups->pdata[i]);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->windows_group), editable);
  self->loading = FALSE;
}

/* Loading the policy ------------------------------------------------------------------------ */

typedef struct
{
  VigilPolicy *policy;
  char       **model_names;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_object (&loaded->policy);
  g_strfreev (loaded->model_names);
  g_free (loaded);
}

static gpointer
load_func (VigilStore    *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GListModel) models = vigil_store_list_models (store, error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  Loaded *loaded;

  if (models == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);
      g_strv_builder_add (names, vigil_model_info_get_name (info));
    }
  loaded = g_new0 (Loaded, 1);
  loaded->policy = vigil_store_get_policy (store, error);
  if (loaded->policy == NULL)
    {
      loaded_free (loaded);
      return NULL;
    }
  loaded->model_names = g_strv_builder_end (names);
  return loaded;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  VigilPreferencesWindow *self;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = vigil_database_run_finish (VIGIL_DATABASE (source), result, &error);

  if (loaded == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->loading_policy = FALSE;
  if (loaded == NULL)
    {
      g_autofree char *note = g_strdup_printf (_("The detection policy cannot be read: %s"),
                                               error->message);
      set_note (self, note);
      gtk_widget_set_sensitive (GTK_WIDGET (self->windows_group), FALSE);
      notify_busy (self);
      return;
    }

  /* Our own save comes back as a change: rebuild only when something else changed. */
  if (self->policy == NULL || !vigil_policy_equal (self->policy, loaded->policy) ||
      !g_strv_equal ((const char *const *) self->model_names,
                     (const char *const *) loaded->model_names))
    {
      g_set_object (&self->policy, loaded->policy);
      g_strfreev (self->model_names);
      self->model_names = g_steal_pointer (&loaded->model_names);
      show_policy (self);
    }
  loaded_free (loaded);
  notify_busy (self);
}

static void
reload (VigilPreferencesWindow *self)
{
  self->reload_wanted = FALSE;
  if (self->database == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_policy = TRUE;
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, load_func, NULL, NULL,
                            loaded_free, self->cancellable, load_done_cb, self);
}

static void
database_changed_cb (VigilPreferencesWindow *self)
{
  if (self->saving || self->save_source != 0)
    self->reload_wanted = TRUE;
  else
    reload (self);
}

/* The window -------------------------------------------------------------------------------- */

static gboolean
vigil_preferences_window_close_request (GtkWindow *window)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (window);

  /* Keep the last change: save it now rather than lose it with the window. */
  if (self->save_source != 0)
    start_save (self);
  return GTK_WINDOW_CLASS (vigil_preferences_window_parent_class)->close_request (window);
}

static void
vigil_preferences_window_constructed (GObject *object)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APPLICATION_ID);
  load_settings (self);
  g_settings_bind (self->settings, "follow-spools-enabled", self->follow_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::follow-spools", G_CALLBACK (load_spools),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::follow-spools-enabled",
                           G_CALLBACK (load_spools), self, G_CONNECT_SWAPPED);
  load_spools (self);

  if (self->database == NULL)
    {
      set_note (self, _("No database is open: there is no detection policy to change."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->windows_group), FALSE);
      return;
    }
  if (vigil_database_is_read_only (self->database))
    set_note (self, _("This database is open read-only: its detection policy can be seen but "
                      "not changed."));
  else if (!vigil_database_may (self->database, VIGIL_STORE_MAY_CONFIGURE))
    set_note (self, _("Your login may see the detection policy but not change it: the "
                      "database’s administrator grants the admin role."));
  g_signal_connect_object (self->database, "changed", G_CALLBACK (database_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->windows_group), FALSE);
  reload (self);
}

static void
vigil_preferences_window_dispose (GObject *object)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  /* A change not yet saved is saved now; the task keeps the window's memory alive. */
  if (self->save_source != 0 && !self->disposed)
    start_save (self);
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->dispose (object);
}

static void
vigil_preferences_window_finalize (GObject *object)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_object (&self->policy);
  g_strfreev (self->model_names);
  g_ptr_array_unref (self->model_groups);
  g_ptr_array_unref (self->spool_rows);

  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->finalize (object);
}

static void
vigil_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, vigil_preferences_window_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_preferences_window_class_init (VigilPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vigil_preferences_window_constructed;
  object_class->dispose = vigil_preferences_window_dispose;
  object_class->finalize = vigil_preferences_window_finalize;
  object_class->get_property = vigil_preferences_window_get_property;
  object_class->set_property = vigil_preferences_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_preferences_window_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, VIGIL_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, reviewer_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, reviewer_group);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, period_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, period_list);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, interval_list);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, notify_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, spools_group);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, add_spool_button);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, follow_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, follow_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, detection_page);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, note_group);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, windows_group);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, window_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, baseline_spin);
}

static void
vigil_preferences_window_init (VigilPreferencesWindow *self)
{
  self->model_groups = g_ptr_array_new ();
  self->spool_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesWindow's own search entry has no name in libadwaita 1.2 */
  vigil_accessible_name_inner (GTK_WIDGET (self), GTK_TYPE_SEARCH_ENTRY,
                               _("Search preferences"));

  g_signal_connect_swapped (self->reviewer_row, "notify::text", G_CALLBACK (reviewer_changed_cb),
                            self);
  g_signal_connect_swapped (self->period_row, "notify::selected",
                            G_CALLBACK (period_selected_cb), self);
  g_signal_connect_swapped (self->interval_row, "notify::selected",
                            G_CALLBACK (interval_selected_cb), self);
  g_signal_connect_swapped (self->notify_row, "notify::selected",
                            G_CALLBACK (notify_selected_cb), self);
  g_signal_connect_swapped (self->add_spool_button, "clicked",
                            G_CALLBACK (add_spool_clicked_cb), self);
  g_signal_connect_swapped (self->window_spin, "value-changed", G_CALLBACK (windows_changed_cb),
                            self);
  g_signal_connect_swapped (self->baseline_spin, "value-changed", G_CALLBACK (windows_changed_cb),
                            self);
}

/**
 * vigil_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @database: (nullable): the open database, whose detection policy the window edits
 * @settings: (nullable): Vigil's settings; %NULL for g_settings_new (APPLICATION_ID)
 */
VigilPreferencesWindow *
vigil_preferences_window_new (GtkWindow     *parent,
                              VigilDatabase *database,
                              GSettings     *settings)
{
  return g_object_new (VIGIL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "database", database,
                       "settings", settings,
                       NULL);
}

VigilDatabase *
vigil_preferences_window_get_database (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->database;
}

GSettings *
vigil_preferences_window_get_settings (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->settings;
}

/**
 * vigil_preferences_window_get_busy:
 *
 * Whether the policy is still being loaded, or a change is waiting to be saved or being saved.
 */
gboolean
vigil_preferences_window_get_busy (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->loading_policy || self->save_source != 0 || self->saving;
}
