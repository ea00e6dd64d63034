/* vigil-alerts-view.c: the alerts of a period, filtered, acknowledged, with their evidence
 *
 * The view reads every alert of the window's period off the main thread, and filters them in
 * memory as the user types (vigil-alert-filter.c holds the rules). Risk officers acknowledge
 * the selected alerts with a note, in one write; auditors read an alert's evidence beside the
 * list and jump to the decisions it flagged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alerts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-alert-detail.h"
#include "vigil-alert-filter.h"
#include "vigil-accessible.h"
#include "vigil-alerts-view.h"
#include "vigil-view.h"

/* Below this width, or below what the list and the evidence need side by side, the evidence
 * goes under the list instead of beside it. */
#define NARROW_WIDTH 760
#define DETAIL_WIDTH 340

struct _VigilAlertsView
{
  AdwBin              parent_instance;

  VigilDatabase      *database;
  gulong              changed_id;
  char               *model_name;
  char               *from;
  char               *to;
  char               *reviewer;
  GCancellable       *load_cancellable;
  GCancellable       *cancellable;
  guint               compact_source;
  int                 columns_width;   /* what the list needs with every column shown */
  guint               loading : 1;
  guint               updating_models : 1;
  guint               compact : 1;     /* model, type and status hidden */
  guint               want_compact : 1;

  GListStore         *alerts;
  VigilAlertFilter    filter;
  GtkCustomFilter    *custom_filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkMultiSelection  *selection;
  GtkStringList      *models;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkPaned           *paned;
  GtkFlowBox         *filter_flow;
  GtkSearchEntry     *search_entry;
  GtkButton          *acknowledge_button;
  GtkDropDown        *severity_dropdown;
  GtkDropDown        *model_dropdown;
  GtkCheckButton     *unacknowledged_check;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *model_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *severity_column;
  GtkColumnViewColumn *description_column;
  GtkColumnViewColumn *status_column;
  GtkStack           *detail_stack;
  AdwStatusPage      *multiple_page;
  VigilAlertDetail   *detail;
};

static void vigil_alerts_view_view_init (VigilViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilAlertsView, vigil_alerts_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_VIEW, vigil_alerts_view_view_init))

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_MODEL_NAME,
  PROP_FROM,
  PROP_TO,
  PROP_REVIEWER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SHOW_DECISIONS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_TIME,
  COLUMN_MODEL,
  COLUMN_TYPE,
  COLUMN_SEVERITY,
  COLUMN_DESCRIPTION,
  COLUMN_STATUS,
} Column;

typedef struct
{
  GArray *ids;
  char   *who;
  char   *note;
} AckJob;

typedef struct
{
  guint  n_done;
  guint  n_conflicts;
} AckResult;

typedef struct
{
  VigilAlertsView *view;
  GArray          *ids;
  guint            n_skipped;
  char            *who;
  GtkEntry        *note_entry;
} AckRequest;

static void reload (VigilAlertsView *self);

static void
ack_job_free (AckJob *job)
{
  g_array_unref (job->ids);
  g_free (job->who);
  g_free (job->note);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AckResult, g_free)

static void
ack_request_free (AckRequest *request)
{
  g_object_unref (request->view);
  g_array_unref (request->ids);
  g_free (request->who);
  g_free (request);
}

static void
ack_request_closure_free (gpointer  data,
                          GClosure *closure)
{
  ack_request_free (data);
}

static AckRequest *
ack_request_copy (AckRequest *request)
{
  AckRequest *copy = g_new0 (AckRequest, 1);

  copy->view = g_object_ref (request->view);
  copy->ids = g_array_ref (request->ids);
  copy->n_skipped = request->n_skipped;
  copy->who = g_strdup (request->who);
  return copy;
}

GtkWidget *
vigil_alerts_view_new (void)
{
  return g_object_new (VIGIL_TYPE_ALERTS_VIEW, NULL);
}

static void
show_toast (VigilAlertsView *self,
            const char      *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 5);
  /* The newest news replaces the previous, rather than queuing behind it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Selection */

static GPtrArray *
dup_selected_alerts (VigilAlertsView *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *alerts = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (alerts, g_list_model_get_item (G_LIST_MODEL (self->selection), position));

  return alerts;
}

static gboolean
can_show_decisions (VigilAlert *alert)
{
  return vigil_alert_get_model_name (alert) != NULL
         && vigil_alert_get_window_start (alert) != NULL
         && vigil_alert_get_window_end (alert) != NULL;
}

/* Under the list, the evidence shows only once an alert is selected: on a phone the list
 * has the whole height to choose one from. */
static void
update_detail_shown (VigilAlertsView *self)
{
  gboolean under = gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned))
                   == GTK_ORIENTATION_VERTICAL;
  gboolean none = g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "none") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), !(under && none));
}

static void
update_selection (VigilAlertsView *self)
{
  g_autoptr(GPtrArray) alerts = dup_selected_alerts (self);
  guint n_unacknowledged = 0;

  for (guint i = 0; i < alerts->len; i++)
    if (!vigil_alert_get_acknowledged (g_ptr_array_index (alerts, i)))
      n_unacknowledged++;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.acknowledge", n_unacknowledged > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.show-decisions",
                                 alerts->len == 1
                                 && can_show_decisions (g_ptr_array_index (alerts, 0)));

  if (alerts->len == 0)
    {
      vigil_alert_detail_set_alert (self->detail, NULL);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
    }
  else if (alerts->len == 1)
    {
      vigil_alert_detail_set_alert (self->detail, g_ptr_array_index (alerts, 0));
      gtk_stack_set_visible_child_name (self->detail_stack, "detail");
    }
  else
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Alert Selected",
                                            "%u Alerts Selected", alerts->len),
                               alerts->len);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u of them is unacknowledged.",
                                                  "%u of them are unacknowledged.",
                                                  n_unacknowledged),
                                     n_unacknowledged);
      adw_status_page_set_title (self->multiple_page, title);
      adw_status_page_set_description (self->multiple_page, description);
      vigil_alert_detail_set_alert (self->detail, NULL);
      gtk_stack_set_visible_child_name (self->detail_stack, "multiple");
    }
  update_detail_shown (self);
}

static void
selection_changed_cb (VigilAlertsView *self)
{
  update_selection (self);
}

/* Filters */

static void
update_count (VigilAlertsView *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->alerts));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (n_shown == n_total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert", "%u alerts", n_total),
                            n_total);
  else
    /* Translators: "Showing 3 of 12 alerts" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %u of %u alert",
                                         "Showing %u of %u alerts", n_total),
                            n_shown, n_total);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "no-match");
}

static void
refilter (VigilAlertsView *self)
{
  gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VigilAlertsView *self = user_data;

  return vigil_alert_filter_matches (&self->filter, item);
}

static void
search_changed_cb (VigilAlertsView *self)
{
  vigil_alert_filter_set_search (&self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  refilter (self);
}

static void
severity_changed_cb (VigilAlertsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->severity_dropdown);

  /* 0 is "Any Severity"; then LOW, MEDIUM, HIGH in the enumeration's order. */
  self->filter.has_severity = selected != GTK_INVALID_LIST_POSITION && selected > 0;
  if (self->filter.has_severity)
    self->filter.severity = (VigilSeverity) (selected - 1);
  refilter (self);
}

static void
unacknowledged_toggled_cb (VigilAlertsView *self)
{
  self->filter.unacknowledged_only = gtk_check_button_get_active (self->unacknowledged_check);
  refilter (self);
}

static void
model_selected_cb (VigilAlertsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->model_dropdown);

  if (self->updating_models)
    return;

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    vigil_alert_filter_set_model (&self->filter, NULL);
  else
    vigil_alert_filter_set_model (&self->filter, gtk_string_list_get_string (self->models, selected));
  refilter (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The model menu offers every model with alerts in the period, and the one chosen in the
 * window, and keeps the model that the filter uses. */
static void
update_models (VigilAlertsView *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->alerts));
  guint selected = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (G_LIST_MODEL (self->alerts), i);
      const char *name = vigil_alert_get_model_name (alert);

      /* The alerts outlive this function: the list store holds them. */
      if (name != NULL && g_hash_table_add (seen, (gpointer) name))
        g_ptr_array_add (names, (gpointer) name);
    }
  if (self->filter.model_name != NULL && !g_hash_table_contains (seen, self->filter.model_name))
    g_ptr_array_add (names, self->filter.model_name);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), self->filter.model_name) == 0)
      selected = i + 1;

  g_ptr_array_add (names, NULL);

  self->updating_models = TRUE;
  gtk_string_list_splice (self->models, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->models)) - 1,
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->model_dropdown, selected);
  self->updating_models = FALSE;
}

/* Loading */

static void
set_loading (VigilAlertsView *self,
             gboolean         loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What the view reads: the alerts, and whether any check looked at the period at all */
typedef struct
{
  VigilAlertQuery *query;
  char            *from;
  char            *to;
} LoadRequest;

typedef struct
{
  GListModel *alerts;
  gint64      n_checks;
} LoadResult;

static void
load_request_free (LoadRequest *request)
{
  g_clear_pointer (&request->query, vigil_alert_query_unref);
  g_free (request->from);
  g_free (request->to);
  g_free (request);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_object (&result->alerts);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static gpointer
load_thread (VigilStore    *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadRequest *request = data;
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);

  result->alerts = vigil_store_query_alerts (store, request->query, error);
  if (result->alerts == NULL)
    return NULL;
  result->n_checks = vigil_store_count_check_runs (store, request->from, request->to, error);
  if (result->n_checks < 0)
    return NULL;
  return g_steal_pointer (&result);
}

static void
show_alerts (VigilAlertsView *self,
             GListModel      *alerts,
             gint64           n_checks)
{
  g_autoptr(GHashTable) selected_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  g_autoptr(GPtrArray) selected = dup_selected_alerts (self);
  g_autoptr(GtkBitset) reselect = gtk_bitset_new_empty ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (alerts);
  guint n_shown;

  /* The selection survives a reload, so that acknowledging leaves the detail in view. */
  for (guint i = 0; i < selected->len; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = vigil_alert_get_id (g_ptr_array_index (selected, i));
      g_hash_table_add (selected_ids, id);
    }

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (alerts, i));
  g_list_store_splice (self->alerts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->alerts)),
                       items->pdata, items->len);

  update_models (self);
  update_count (self);

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n_shown && g_hash_table_size (selected_ids) > 0; i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      gint64 id = vigil_alert_get_id (alert);

      if (g_hash_table_contains (selected_ids, &id))
        gtk_bitset_add (reselect, i);
    }
  if (!gtk_bitset_is_empty (reselect))
    {
      g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n_shown);

      gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), reselect, mask);
    }
  update_selection (self);

  /* No alert means nothing found only once a check has looked */
  if (n_checks > 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Alerts"));
      adw_status_page_set_description (self->empty_page,
                                       _("No check raised an alert in this period."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("Not Checked Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("No check has run on this period, so no alert "
                                         "means nothing yet. The checks run by themselves "
                                         "while Vigil is open, or now with Run Checks Now "
                                         "(Shift+Ctrl+R)."));
    }
  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "alerts" : "empty");
}

static void
show_load_error (VigilAlertsView *self,
                 const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_list_store_remove_all (self->alerts);
  update_selection (self);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VigilAlertsView) self = user_data;
  g_autoptr(LoadResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);

  /* A newer load replaced this one, or the view is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (loaded == NULL)
    {
      g_warning ("Cannot read the alerts: %s", error->message);
      show_load_error (self, error->message);
      return;
    }

  show_alerts (self, loaded->alerts, loaded->n_checks);
}

static void
reload (VigilAlertsView *self)
{
  g_autoptr(VigilAlertQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  LoadRequest *request;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->database == NULL)
    {
      set_loading (self, FALSE);
      g_list_store_remove_all (self->alerts);
      update_models (self);
      update_count (self);
      update_selection (self);
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  query = vigil_alert_query_new ();
  if (!vigil_alert_query_set_range (query, self->from, self->to, &error))
    {
      set_loading (self, FALSE);
      show_load_error (self, error->message);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) == 0)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  set_loading (self, TRUE);

  request = g_new0 (LoadRequest, 1);
  request->query = g_steal_pointer (&query);
  /* Without a bound, every check ever run */
  request->from = g_strdup (self->from != NULL ? self->from : "");
  request->to = g_strdup (self->to != NULL ? self->to : "9999");
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ,
                            load_thread,
                            request, (GDestroyNotify) load_request_free,
                            (GDestroyNotify) load_result_free,
                            self->load_cancellable,
                            load_cb, g_object_ref (self));
}

static void
database_changed_cb (VigilAlertsView *self)
{
  reload (self);
}

/**
 * vigil_alerts_view_reload:
 * @self: a #VigilAlertsView
 *
 * Reads the alerts again; a load under way is forgotten. The view reloads by itself when its
 * database emits #VigilDatabase::changed and when its period changes.
 */
void
vigil_alerts_view_reload (VigilAlertsView *self)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));

  reload (self);
}

/* Acknowledging */

static gpointer
acknowledge_thread (VigilStore    *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  AckJob *job = data;
  g_autoptr(AckResult) result = g_new0 (AckResult, 1);
  g_autoptr(GArray) done = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The rule vigilctl ack follows too: those someone else was quicker to acknowledge (with
   * the command line or another window) are skipped, the others acknowledged; any other
   * failure acknowledges none. The view lists only alerts its login may see. */
  if (!vigil_store_acknowledge_many (store, (const gint64 *) job->ids->data, job->ids->len,
                                     job->who, job->note, &done, &local_error) &&
      !g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT) &&
      !g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  result->n_done = done->len;
  result->n_conflicts = job->ids->len - done->len;
  return g_steal_pointer (&result);
}

static void
acknowledge_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(VigilAlertsView) self = NULL;
  g_autoptr(AckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AckRequest *request = user_data;
  guint n_skipped;

  result = vigil_database_run_finish (VIGIL_DATABASE (object), res, &error);
  self = g_object_ref (request->view);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ack_request_free (request);
      return;
    }

  if (result == NULL)
    {
      /* Translators: %s says why */
      title = g_strdup_printf (_("No alert acknowledged: %s"), error->message);
      show_toast (self, title);
      ack_request_free (request);
      return;
    }

  n_skipped = request->n_skipped + result->n_conflicts;
  if (result->n_done > 0)
    {
      g_autofree char *done = NULL;

      /* Translators: "3 alerts acknowledged by Jane Doe" */
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert acknowledged by %s",
                                           "%u alerts acknowledged by %s", result->n_done),
                              result->n_done, request->who);
      if (n_skipped > 0)
        /* Translators: the first %s is "N alerts acknowledged by NAME" */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s; %u already acknowledged, skipped",
                                              "%s; %u already acknowledged, skipped",
                                              n_skipped),
                                 done, n_skipped);
      else
        title = g_steal_pointer (&done);
    }
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "No alert acknowledged: %u was acknowledged already",
                                            "No alert acknowledged: %u were acknowledged already",
                                            n_skipped),
                               n_skipped);
    }

  show_toast (self, title);
  ack_request_free (request);
}

static void
acknowledge_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  AckRequest *request = user_data;
  VigilAlertsView *self = request->view;
  g_autofree char *note = NULL;
  AckJob *job;

  if (!g_str_equal (response, "acknowledge") || self->database == NULL)
    return;

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (request->note_entry))));

  job = g_new0 (AckJob, 1);
  job->ids = g_array_ref (request->ids);
  job->who = g_strdup (request->who);
  job->note = *note != '\0' ? g_steal_pointer (&note) : NULL;

  vigil_database_run_async (self->database, VIGIL_DATABASE_WRITE,
                            acknowledge_thread,
                            job, (GDestroyNotify) ack_job_free,
                            g_free,
                            self->cancellable,
                            acknowledge_cb, ack_request_copy (request));
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (widget);
  g_autoptr(GPtrArray) alerts = dup_selected_alerts (self);
  g_autofree char *who = g_strstrip (g_strdup (self->reviewer ? self->reviewer : ""));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *body_text = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  AckRequest *request;
  GArray *ids;
  guint n_skipped = 0;

  if (self->database == NULL)
    return;

  if (vigil_database_is_read_only (self->database))
    {
      show_toast (self, _("This database is open read-only: alerts cannot be acknowledged"));
      return;
    }
  if (!vigil_database_may (self->database, VIGIL_STORE_MAY_ACKNOWLEDGE))
    {
      show_toast (self, _("Your login may see these alerts but not acknowledge them: the "
                          "database’s administrator grants the reviewer role"));
      return;
    }

  if (*who == '\0')
    {
      show_toast (self, _("Acknowledging needs your name: set it in Preferences first"));
      return;
    }

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < alerts->len; i++)
    {
      VigilAlert *alert = g_ptr_array_index (alerts, i);
      gint64 id = vigil_alert_get_id (alert);

      if (vigil_alert_get_acknowledged (alert))
        n_skipped++;
      else
        g_array_append_val (ids, id);
    }

  if (ids->len == 0)
    {
      g_array_unref (ids);
      show_toast (self, _("Select the unacknowledged alerts to acknowledge"));
      return;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Acknowledge %u Alert?",
                                          "Acknowledge %u Alerts?", ids->len),
                             ids->len);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is the name of the person
                                        * acknowledging */
                                       "It is recorded in the audit log as acknowledged by "
                                       "%s, now, with the note below.",
                                       "They are recorded in the audit log as acknowledged by "
                                       "%s, now, with the note below.", ids->len), who);
  if (n_skipped > 0)
    skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u selected alert is acknowledged already and is skipped.",
                                            "%u selected alerts are acknowledged already and are skipped.",
                                            n_skipped),
                               n_skipped);
  body_text = skipped != NULL ? g_strconcat (body, "\n\n", skipped, NULL) : g_strdup (body);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body_text));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "acknowledge", _("_Acknowledge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "acknowledge", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "acknowledge");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_tooltip_text (entry, _("Why the alert needs no more action, or what was done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  request = g_new0 (AckRequest, 1);
  request->view = g_object_ref (self);
  request->ids = ids;
  request->n_skipped = n_skipped;
  request->who = g_steal_pointer (&who);
  request->note_entry = GTK_ENTRY (entry);

  /* The request lives as long as the dialog; the write gets a copy. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (acknowledge_response_cb), request,
                         ack_request_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
show_decisions_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (widget);
  g_autoptr(GPtrArray) alerts = dup_selected_alerts (self);
  VigilAlert *alert;

  if (alerts->len != 1)
    return;

  alert = g_ptr_array_index (alerts, 0);
  if (!can_show_decisions (alert))
    return;

  g_signal_emit (self, signals[SHOW_DECISIONS], 0,
                 vigil_alert_get_model_name (alert),
                 vigil_alert_get_window_start (alert),
                 vigil_alert_get_window_end (alert),
                 TRUE);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Columns */

/* Every cell shows its whole text: the columns take the width of their content, the
 * description wraps onto more lines, and the status puts who and when on two lines. A
 * list too narrow for them hides the columns the evidence beside or under it repeats. */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  switch (column)
    {
    case COLUMN_SEVERITY:
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      break;
    case COLUMN_TIME:
      gtk_widget_add_css_class (label, "numeric");
      /* A window of two timestamps wraps between them, never inside one */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
      break;
    case COLUMN_DESCRIPTION:
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      break;
    case COLUMN_MODEL:
    case COLUMN_TYPE:
    case COLUMN_STATUS:
    default:
      break;
    }
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_list_item_set_child (item, label);
}

static char *
dup_status (VigilAlert *alert)
{
  g_autofree char *at = NULL;

  if (!vigil_alert_get_acknowledged (alert))
    return g_strdup (_("Unacknowledged"));

  at = vigil_format_alert_time (vigil_alert_get_acknowledged_at (alert));
  /* Translators: who acknowledged an alert, and when */
  return g_strdup_printf (_("%s, %s"),
                          vigil_alert_get_acknowledged_by (alert)
                          ? vigil_alert_get_acknowledged_by (alert) : _("Someone unknown"),
                          at);
}

/* Who acknowledged, over when: the column stays as narrow as the longer of the two */
static char *
dup_status_lines (VigilAlert *alert)
{
  g_autofree char *at = NULL;

  if (!vigil_alert_get_acknowledged (alert))
    return g_strdup (_("Unacknowledged"));

  at = vigil_format_alert_time (vigil_alert_get_acknowledged_at (alert));
  return g_strconcat (vigil_alert_get_acknowledged_by (alert)
                      ? vigil_alert_get_acknowledged_by (alert) : _("Someone unknown"),
                      "\n", at, NULL);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  VigilAlert *alert = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_TIME:
      /* The day of an alert is the window it describes */
      text = vigil_format_alert_window (vigil_alert_get_window_start (alert),
                                        vigil_alert_get_window_end (alert));
      break;
    case COLUMN_MODEL:
      text = g_strdup (vigil_alert_get_model_name (alert));
      break;
    case COLUMN_TYPE:
      text = vigil_alert_type_to_label (vigil_alert_get_alert_type (alert));
      break;
    case COLUMN_SEVERITY:
      vigil_alert_detail_show_severity (label, vigil_alert_get_severity (alert));
      return;
    case COLUMN_DESCRIPTION:
      text = g_strdup (vigil_alert_get_description (alert));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
      break;
    case COLUMN_STATUS:
      text = dup_status_lines (alert);
      {
        g_autofree char *status = dup_status (alert);

        gtk_widget_set_tooltip_text (GTK_WIDGET (label), status);
      }
      if (vigil_alert_get_acknowledged (alert))
        gtk_widget_remove_css_class (GTK_WIDGET (label), "vigil-unacknowledged");
      else
        gtk_widget_add_css_class (GTK_WIDGET (label), "vigil-unacknowledged");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (label, text);
}

static int
compare_ids (VigilAlert *a,
             VigilAlert *b)
{
  gint64 ia = vigil_alert_get_id (a);
  gint64 ib = vigil_alert_get_id (b);

  return (ia > ib) - (ia < ib);
}

static int
compare_text (const char *a,
              const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return g_utf8_collate (a, b);
}

/* Ties fall back on the end of the window, then the id, so that the order is stable. */
static int
compare_alerts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  VigilAlert *x = VIGIL_ALERT ((gpointer) a);
  VigilAlert *y = VIGIL_ALERT ((gpointer) b);
  int result = 0;

  switch ((Column) GPOINTER_TO_INT (user_data))
    {
    case COLUMN_MODEL:
      result = compare_text (vigil_alert_get_model_name (x), vigil_alert_get_model_name (y));
      break;
    case COLUMN_TYPE:
      result = g_strcmp0 (vigil_alert_get_alert_type (x), vigil_alert_get_alert_type (y));
      break;
    case COLUMN_SEVERITY:
      result = (int) vigil_alert_get_severity (x) - (int) vigil_alert_get_severity (y);
      break;
    case COLUMN_DESCRIPTION:
      result = compare_text (vigil_alert_get_description (x), vigil_alert_get_description (y));
      break;
    case COLUMN_STATUS:
      result = (int) vigil_alert_get_acknowledged (x) - (int) vigil_alert_get_acknowledged (y);
      if (result == 0)
        result = g_strcmp0 (vigil_alert_get_acknowledged_at (x),
                            vigil_alert_get_acknowledged_at (y));
      break;
    case COLUMN_TIME:
    default:
      break;
    }

  if (result == 0)
    result = g_strcmp0 (vigil_alert_get_window_end (x), vigil_alert_get_window_end (y));
  if (result == 0)
    result = compare_ids (x, y);

  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
set_up_column (GtkColumnViewColumn *view_column,
               Column               column)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  gtk_column_view_column_set_factory (view_column, factory);

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_alerts, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
}

/* Layout */

static int
measure_list_width (VigilAlertsView *self)
{
  int minimum = 0;

  gtk_widget_measure (gtk_paned_get_start_child (self->paned), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Narrow enough to need only the list's width: the evidence then goes under it. AdwBin
 * measures with a layout manager; the view has none, so that these run. */
static void
vigil_alerts_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child == NULL)
    return;

  gtk_widget_measure (child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL
      && gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MIN (*minimum, measure_list_width (self));
}

/* The model, the type and the status are in the evidence too: a list narrower than its
 * columns hides them, rather than cutting every cell. */
static void
set_compact (VigilAlertsView *self,
             gboolean         compact)
{
  GtkColumnViewColumn *columns[] = { self->model_column, self->type_column, self->status_column };

  self->compact = compact;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    gtk_column_view_column_set_visible (columns[i], !compact);
}

static gboolean
compact_cb (gpointer data)
{
  VigilAlertsView *self = data;

  self->compact_source = 0;
  set_compact (self, self->want_compact);
  return G_SOURCE_REMOVE;
}

static void
vigil_alerts_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  gboolean narrow, compact;
  GtkOrientation orientation;

  if (child == NULL)
    return;

  if (!self->compact)
    gtk_widget_measure (GTK_WIDGET (self->column_view), GTK_ORIENTATION_HORIZONTAL, -1,
                        &self->columns_width, NULL, NULL, NULL);
  /* The evidence beside the list when both fit with every column; under it otherwise */
  narrow = width < MAX (NARROW_WIDTH,
                        MAX (measure_list_width (self), self->columns_width) + DETAIL_WIDTH + 12);
  orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;
  compact = narrow && width < self->columns_width;
  /* Not during the allocation itself: a column shown or hidden asks for another one */
  self->want_compact = compact;
  if (compact != self->compact && self->compact_source == 0)
    self->compact_source = g_idle_add_full (G_PRIORITY_DEFAULT, compact_cb, self, NULL);

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) != orientation)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), DETAIL_WIDTH, -1);
      else
        gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), -1, 280);
      update_detail_shown (self);

      /* Measured again before it is allocated, with its new orientation. */
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
    }

  gtk_widget_allocate (child, width, height, baseline, NULL);
}

/* Properties */

/* g_set_str() is newer than the GLib we target. */
static gboolean
set_str (char       **str,
         const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;

  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

/**
 * vigil_alerts_view_get_database:
 *
 * Returns: (transfer none) (nullable): the database whose alerts are shown
 */
VigilDatabase *
vigil_alerts_view_get_database (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), NULL);

  return self->database;
}

void
vigil_alerts_view_set_database (VigilAlertsView *self,
                                VigilDatabase   *database)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));
  g_return_if_fail (database == NULL || VIGIL_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_clear_signal_handler (&self->changed_id, self->database);
  g_set_object (&self->database, database);
  if (database != NULL)
    self->changed_id = g_signal_connect_object (database, "changed",
                                                G_CALLBACK (database_changed_cb), self,
                                                G_CONNECT_SWAPPED);

  /* What was selected belongs to the other database. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  g_list_store_remove_all (self->alerts);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/**
 * vigil_alerts_view_get_model_name:
 *
 * Returns: (nullable): the model whose alerts are listed, or %NULL for every model
 */
const char *
vigil_alerts_view_get_model_name (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), NULL);

  return self->model_name;
}

/**
 * vigil_alerts_view_set_model_name:
 * @model_name: (nullable): the model chosen in the window, or %NULL for every model
 *
 * Sets the model filter to @model_name. The user can still widen it to every model in the
 * view's model menu, until the window chooses another.
 */
void
vigil_alerts_view_set_model_name (VigilAlertsView *self,
                                  const char      *model_name)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));

  if (model_name != NULL && *model_name == '\0')
    model_name = NULL;
  if (!set_str (&self->model_name, model_name))
    return;

  vigil_alert_filter_set_model (&self->filter, model_name);
  update_models (self);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
}

const char *
vigil_alerts_view_get_from (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), NULL);

  return self->from;
}

/**
 * vigil_alerts_view_set_from:
 * @from: (nullable): the start of the period, included, a timestamp as the store takes
 *   it; %NULL for no start
 */
void
vigil_alerts_view_set_from (VigilAlertsView *self,
                            const char      *from)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));

  if (!set_str (&self->from, from))
    return;

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM]);
}

const char *
vigil_alerts_view_get_to (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), NULL);

  return self->to;
}

/**
 * vigil_alerts_view_set_to:
 * @to: (nullable): the end of the period, excluded; %NULL for no end
 */
void
vigil_alerts_view_set_to (VigilAlertsView *self,
                          const char      *to)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));

  if (!set_str (&self->to, to))
    return;

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO]);
}

const char *
vigil_alerts_view_get_reviewer (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), NULL);

  return self->reviewer;
}

/**
 * vigil_alerts_view_set_reviewer:
 * @reviewer: (nullable): the name recorded with each acknowledgement
 */
void
vigil_alerts_view_set_reviewer (VigilAlertsView *self,
                                const char      *reviewer)
{
  g_return_if_fail (VIGIL_IS_ALERTS_VIEW (self));

  if (set_str (&self->reviewer, reviewer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER]);
}

/**
 * vigil_alerts_view_get_loading:
 *
 * Returns: %TRUE while the alerts are being read
 */
gboolean
vigil_alerts_view_get_loading (VigilAlertsView *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERTS_VIEW (self), FALSE);

  return self->loading;
}

static void
vigil_alerts_view_dispose (GObject *object)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_object (&self->database);
  g_clear_handle_id (&self->compact_source, g_source_remove);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->alerts);
  g_clear_object (&self->models);

  G_OBJECT_CLASS (vigil_alerts_view_parent_class)->dispose (object);
}

static void
vigil_alerts_view_finalize (GObject *object)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (object);

  vigil_alert_filter_clear (&self->filter);
  g_free (self->model_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self->reviewer);

  G_OBJECT_CLASS (vigil_alerts_view_parent_class)->finalize (object);
}

static void
vigil_alerts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;

    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;

    case PROP_TO:
      g_value_set_string (value, self->to);
      break;

    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alerts_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      vigil_alerts_view_set_database (self, g_value_get_object (value));
      break;

    case PROP_MODEL_NAME:
      vigil_alerts_view_set_model_name (self, g_value_get_string (value));
      break;

    case PROP_FROM:
      vigil_alerts_view_set_from (self, g_value_get_string (value));
      break;

    case PROP_TO:
      vigil_alerts_view_set_to (self, g_value_get_string (value));
      break;

    case PROP_REVIEWER:
      vigil_alerts_view_set_reviewer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alerts_view_class_init (VigilAlertsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vigil_alerts_view_dispose;
  object_class->finalize = vigil_alerts_view_finalize;
  object_class->get_property = vigil_alerts_view_get_property;
  object_class->set_property = vigil_alerts_view_set_property;

  widget_class->measure = vigil_alerts_view_measure;
  widget_class->size_allocate = vigil_alerts_view_size_allocate;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, VIGIL_TYPE_DATABASE, flags);
  properties[PROP_MODEL_NAME] = g_param_spec_string ("model-name", NULL, NULL, NULL, flags);
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, flags);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, flags);
  properties[PROP_REVIEWER] = g_param_spec_string ("reviewer", NULL, NULL, NULL, flags);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilAlertsView::show-decisions:
   * @model_name: the alert's model
   * @from: the start of the alert's window, included
   * @to: the end of the alert's window, excluded
   * @flagged_only: whether only flagged decisions are asked for; always %TRUE for now
   *
   * Asks the window to list the decisions behind the selected alert.
   */
  signals[SHOW_DECISIONS] =
    g_signal_new ("show-decisions", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);

  g_type_ensure (VIGIL_TYPE_ALERT_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-alerts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, paned);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, filter_flow);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, unacknowledged_check);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, time_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, model_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, type_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, severity_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, description_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, status_column);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, multiple_page);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertsView, detail);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unacknowledged_toggled_cb);

  gtk_widget_class_install_action (widget_class, "alerts.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_install_action (widget_class, "alerts.show-decisions", NULL,
                                   show_decisions_action);
  gtk_widget_class_install_action (widget_class, "alerts.focus-search", NULL,
                                   focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "alerts.acknowledge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "alerts.acknowledge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "alerts.focus-search", NULL);
}

static void
vigil_alerts_view_init (VigilAlertsView *self)
{
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;

  /* Measured and allocated here, not by AdwBin's layout manager: see size_allocate. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_accessible_name_dropdown (self->severity_dropdown, _("Severity"));
  vigil_accessible_name_dropdown (self->model_dropdown, _("Model"));
  /* The flow box only lays the filters out: Tab goes to the controls, not to their slots. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->filter_flow)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_focusable (c, FALSE);

  self->cancellable = g_cancellable_new ();
  vigil_alert_filter_init (&self->filter);

  self->alerts = g_list_store_new (VIGIL_TYPE_ALERT);
  self->custom_filter = gtk_custom_filter_new (filter_func, self, NULL);
  filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->alerts)),
                                            GTK_FILTER (self->custom_filter));
  sort_model = gtk_sort_list_model_new (G_LIST_MODEL (filter_model),
                                        g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter_model = filter_model;
  self->sort_model = sort_model;
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (sort_model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  set_up_column (self->time_column, COLUMN_TIME);
  set_up_column (self->model_column, COLUMN_MODEL);
  set_up_column (self->type_column, COLUMN_TYPE);
  set_up_column (self->severity_column, COLUMN_SEVERITY);
  set_up_column (self->description_column, COLUMN_DESCRIPTION);
  set_up_column (self->status_column, COLUMN_STATUS);
  gtk_column_view_sort_by_column (self->column_view, self->time_column, GTK_SORT_DESCENDING);

  self->models = gtk_string_list_new (NULL);
  gtk_string_list_append (self->models, _("All Models"));
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->models));
  g_signal_connect_object (self->model_dropdown, "notify::selected",
                           G_CALLBACK (model_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), DETAIL_WIDTH, -1);
  update_count (self);
  update_selection (self);
  gtk_stack_set_visible_child_name (self->main_stack, "empty");
}

static void
view_set_database (VigilView     *view,
                   VigilDatabase *database)
{
  vigil_alerts_view_set_database (VIGIL_ALERTS_VIEW (view), database);
}

static void
view_set_scope (VigilView         *view,
                const char        *model_name,
                const VigilPeriod *period)
{
  VigilAlertsView *self = VIGIL_ALERTS_VIEW (view);
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

  vigil_period_get_bounds (period, from, to);
  vigil_alerts_view_set_model_name (self, model_name);
  vigil_alerts_view_set_from (self, from);
  vigil_alerts_view_set_to (self, to);
}

static void
view_set_reviewer (VigilView  *view,
                   const char *reviewer)
{
  vigil_alerts_view_set_reviewer (VIGIL_ALERTS_VIEW (view), reviewer);
}

static void
vigil_alerts_view_view_init (VigilViewInterface *iface)
{
  iface->set_database = view_set_database;
  iface->set_scope = view_set_scope;
  iface->set_reviewer = view_set_reviewer;
}
