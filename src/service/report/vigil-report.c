/* vigil-report.c: the periodic audit report's model, gathered from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-ledger.h"
#include "vigil-report-private.h"
#include "vigil-store-private.h"

G_DEFINE_QUARK (vigil-report-error-quark, vigil_report_error)

G_DEFINE_FINAL_TYPE (VigilReport, vigil_report, G_TYPE_OBJECT)

#define USEC_PER_HOUR (G_USEC_PER_SEC * (gint64) 3600)

void
vigil_report_alert_clear (VigilReportAlert *alert)
{
  g_free (alert->timestamp);
  g_free (alert->alert_type);
  g_free (alert->model_name);
  g_free (alert->description);
  g_free (alert->subject);
  g_free (alert->window_start);
  g_free (alert->window_end);
  g_free (alert->acknowledged_by);
  g_free (alert->acknowledged_at);
  g_free (alert->ack_note);
  g_free (alert->raised_at);
}

void
vigil_report_model_free (VigilReportModel *model)
{
  g_free (model->name);
  g_clear_pointer (&model->dashboard, vigil_dashboard_unref);
  g_free (model->prediction_totals);
  g_free (model->first_decision);
  g_free (model->last_decision);
  g_free (model->owner);
  g_clear_pointer (&model->performance, vigil_performance_free);
  g_clear_pointer (&model->previous_performance, vigil_performance_free);
  g_free (model->check_days);
  g_free (model);
}

static void
signer_clear (VigilReportSigner *signer)
{
  g_free (signer->role);
  g_free (signer->name);
}

/* Drops the pages laid out so far: the next call lays them out again. */
void
vigil_report_layouts_clear (VigilReport *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < G_N_ELEMENTS (self->layouts); i++)
    if (self->layouts[i] != NULL)
      g_clear_pointer (&self->layouts[i], self->layout_free);
  g_mutex_unlock (&self->lock);
}

static void
vigil_report_finalize (GObject *object)
{
  VigilReport *self = VIGIL_REPORT (object);

  vigil_report_layouts_clear (self);
  g_mutex_clear (&self->lock);
  g_strfreev (self->models);
  g_free (self->organisation);
  g_free (self->generated_by);
  g_free (self->database_path);
  g_clear_pointer (&self->model_sections, g_ptr_array_unref);
  g_clear_pointer (&self->alerts, g_array_unref);
  g_free (self->oldest_record);
  g_free (self->policy_text);
  g_strfreev (self->checks_enabled);
  g_clear_pointer (&self->ledger, vigil_ledger_report_unref);
  g_clear_pointer (&self->statements, g_array_unref);
  g_clear_pointer (&self->statement_strings, g_ptr_array_unref);
  g_clear_pointer (&self->signatories, g_array_unref);
  vigil_report_sections_clear (self);
  G_OBJECT_CLASS (vigil_report_parent_class)->finalize (object);
}

static void
vigil_report_class_init (VigilReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_report_finalize;
}

static void
vigil_report_init (VigilReport *self)
{
  g_mutex_init (&self->lock);
  self->model_sections = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_report_model_free);
  self->alerts = g_array_new (FALSE, TRUE, sizeof (VigilReportAlert));
  g_array_set_clear_func (self->alerts, (GDestroyNotify) vigil_report_alert_clear);
  self->statements = g_array_new (FALSE, TRUE, sizeof (VigilReportStatement));
  self->statement_strings = g_ptr_array_new_with_free_func (g_free);
  self->signatories = g_array_new (FALSE, TRUE, sizeof (VigilReportSigner));
  g_array_set_clear_func (self->signatories, (GDestroyNotify) signer_clear);
  vigil_report_sections_init (self);
  self->median_hours_to_ack = NAN;
  self->max_hours_to_ack = NAN;
}

/* Paper and roles -------------------------------------------------------------------------- */

void
vigil_paper_get_size (VigilPaper  paper,
                      double     *width_pt,
                      double     *height_pt)
{
  /* ISO 216 A4 is 210 x 297 mm; US Letter 8.5 x 11 in */
  if (paper == VIGIL_PAPER_LETTER)
    {
      *width_pt = 612.0;
      *height_pt = 792.0;
    }
  else
    {
      *width_pt = 595.276;
      *height_pt = 841.89;
    }
}

gboolean
vigil_paper_from_string (const char *str,
                         VigilPaper *out)
{
  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "a4") == 0)
    *out = VIGIL_PAPER_A4;
  else if (g_ascii_strcasecmp (str, "letter") == 0)
    *out = VIGIL_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

/* The shorthands the command line has always accepted, and the roles they stand for. */
static const struct
{
  const char *slug;
  const char *label;
} role_shorthands[] = {
  { "risk-officer", N_("Risk Officer") },
  { "compliance-officer", N_("Compliance Officer") },
  { "chief-risk-officer", N_("Chief Risk Officer") },
};

char *
vigil_signer_role_normalize (const char *text)
{
  g_autofree char *role = NULL;

  if (text == NULL)
    return NULL;
  role = g_strstrip (g_strdup (text));
  if (*role == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (role_shorthands); i++)
    if (g_ascii_strcasecmp (role, role_shorthands[i].slug) == 0)
      return g_strdup (_(role_shorthands[i].label));
  return g_steal_pointer (&role);
}

gboolean
vigil_signer_parse (const char  *text,
                    char       **out_role,
                    char       **out_name,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *role = NULL;
  g_autofree char *name = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("A signatory is given as ROLE=NAME in UTF-8"));
      return FALSE;
    }
  parts = g_strsplit (text, "=", 2);
  role = vigil_signer_role_normalize (parts[0]);
  if (role == NULL)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("“%s” names no role: expect ROLE=NAME, such as “Head of Model "
                     "Validation=Priya Rao”"), text);
      return FALSE;
    }
  if (parts[0] != NULL && parts[1] != NULL)
    {
      name = g_strstrip (g_strdup (parts[1]));
      if (*name == '\0')
        g_clear_pointer (&name, g_free);
    }
  *out_role = g_steal_pointer (&role);
  *out_name = g_steal_pointer (&name);
  return TRUE;
}

const char *
vigil_report_verdict_get_label (VigilReportVerdict verdict)
{
  switch (verdict)
    {
    case VIGIL_REPORT_VERDICT_MET:
      return _("Met");
    case VIGIL_REPORT_VERDICT_NOT_MET:
      return _("NOT MET");
    case VIGIL_REPORT_VERDICT_NO_DATA:
      return _("NO DATA");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
vigil_report_verdict_to_string (VigilReportVerdict verdict)
{
  switch (verdict)
    {
    case VIGIL_REPORT_VERDICT_MET:
      return "met";
    case VIGIL_REPORT_VERDICT_NOT_MET:
      return "not_met";
    case VIGIL_REPORT_VERDICT_NO_DATA:
      return "no_data";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Gathering -------------------------------------------------------------------------------- */

static void
report_progress (VigilReportProgress  progress,
                 gpointer             data,
                 double               fraction,
                 const char          *phase)
{
  if (progress)
    progress (CLAMP (fraction, 0.0, 1.0), phase, data);
}

static gboolean
model_selected (VigilReport *self,
                const char  *model)
{
  if (self->all_models)
    return TRUE;
  return model != NULL && g_strv_contains ((const char * const *) self->models, model);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
load_alerts (VigilReport  *self,
             VigilStore   *store,
             GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GArray) hours = g_array_new (FALSE, FALSE, sizeof (double));
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT id, timestamp, alert_type, model_name, severity, description, "
                         "subject, window_start, window_end, observed, baseline, threshold, "
                         "p_value, n_recent, n_baseline, acknowledged, acknowledged_by, "
                         "acknowledged_at, ack_note, raised_at FROM alerts "
                         "WHERE window_end > ?1 AND window_start < ?2 ORDER BY window_end, id",
                         &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the alerts"));
      return FALSE;
    }
  vigil_sql_bind_text (stmt, 1, self->from, -1);
  vigil_sql_bind_text (stmt, 2, self->to, -1);

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilReportAlert alert = { 0 };
      const char *model = vigil_sql_column_text (stmt, 3);
      gint64 raised, acked;

      if (!model_selected (self, model))
        continue;

      alert.id = vigil_sql_column_int64 (stmt, 0);
      alert.timestamp = vigil_sql_column_dup (stmt, 1);
      alert.alert_type = vigil_sql_column_dup (stmt, 2);
      alert.model_name = vigil_sql_column_dup (stmt, 3);
      if (!vigil_severity_from_string (vigil_sql_column_text (stmt, 4),
                                       &alert.severity))
        alert.severity = VIGIL_SEVERITY_LOW;
      alert.description = vigil_sql_column_dup (stmt, 5);
      alert.subject = vigil_sql_column_dup (stmt, 6);
      alert.window_start = vigil_sql_column_dup (stmt, 7);
      alert.window_end = vigil_sql_column_dup (stmt, 8);
      alert.observed = vigil_sql_column_double_or_nan (stmt, 9);
      alert.baseline = vigil_sql_column_double_or_nan (stmt, 10);
      alert.threshold = vigil_sql_column_double_or_nan (stmt, 11);
      alert.p_value = vigil_sql_column_double_or_nan (stmt, 12);
      alert.n_recent = vigil_sql_column_type (stmt, 13) == VIGIL_SQL_NULL
                         ? -1 : vigil_sql_column_int64 (stmt, 13);
      alert.n_baseline = vigil_sql_column_type (stmt, 14) == VIGIL_SQL_NULL
                           ? -1 : vigil_sql_column_int64 (stmt, 14);
      alert.acknowledged = vigil_sql_column_int (stmt, 15) != 0;
      alert.acknowledged_by = vigil_sql_column_dup (stmt, 16);
      alert.acknowledged_at = vigil_sql_column_dup (stmt, 17);
      alert.ack_note = vigil_sql_column_dup (stmt, 18);
      alert.raised_at = vigil_sql_column_dup (stmt, 19);
      alert.hours_to_ack = NAN;

      /* Time to acknowledge runs from when the alert was raised, not from its window: a
       * backtest raises today an alert about a day weeks ago. When that is unknown (an alert
       * an older Vigil stored other than by a detection run), so is the time: it stays NAN
       * and out of the median and the longest, rather than an upper bound read as a fact. */
      if (alert.acknowledged && alert.acknowledged_at != NULL &&
          vigil_timestamp_parse (alert.raised_at, &raised, NULL) &&
          vigil_timestamp_parse (alert.acknowledged_at, &acked, NULL))
        {
          /* Clocks of two machines may disagree by a little: never below zero. */
          alert.hours_to_ack = MAX (0.0, (double) (acked - raised) / USEC_PER_HOUR);
          g_array_append_val (hours, alert.hours_to_ack);
        }

      self->alerts_by_severity[alert.severity]++;
      if (!alert.acknowledged)
        self->unacknowledged++;
      for (guint i = 0; i < self->model_sections->len; i++)
        {
          VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

          if (g_strcmp0 (m->name, alert.model_name) == 0)
            m->alerts++;
        }
      g_array_append_val (self->alerts, alert);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the alerts"));
      return FALSE;
    }

  if (hours->len > 0)
    {
      g_array_sort (hours, compare_double);
      if (hours->len % 2 == 1)
        self->median_hours_to_ack = g_array_index (hours, double, hours->len / 2);
      else
        self->median_hours_to_ack = (g_array_index (hours, double, hours->len / 2 - 1) +
                                     g_array_index (hours, double, hours->len / 2)) / 2.0;
      self->max_hours_to_ack = g_array_index (hours, double, hours->len - 1);
    }
  return TRUE;
}

static gboolean
load_previous_totals (VigilReport  *self,
                      VigilStore   *store,
                      GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char first[VIGIL_DAY_LEN];
  int rc;

  vigil_report_day_add (self->period.first_day, -(int) self->period.n_days, first);
  g_snprintf (self->previous_from, sizeof self->previous_from, "%sT00:00:00.000000", first);

  if (vigil_sql_prepare (db,
                         "SELECT model_name, sum(n) FROM daily_predictions "
                         "WHERE day >= ? AND day < ? GROUP BY model_name", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the previous period"));
      return FALSE;
    }
  vigil_sql_bind_text_copy (stmt, 1, first, -1);
  vigil_sql_bind_text (stmt, 2, self->period.first_day, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (stmt, 0);

      for (guint i = 0; i < self->model_sections->len; i++)
        {
          VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

          if (g_strcmp0 (m->name, model) == 0)
            {
              m->previous_total = vigil_sql_column_int64 (stmt, 1);
              self->previous_total += m->previous_total;
            }
        }
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the previous period"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_model_extras (VigilReport       *self,
                   VigilStore        *store,
                   VigilReportModel  *m,
                   GError           **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) flagged = NULL;
  g_autoptr(VigilSqlStmt) checks = NULL;
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  /* Reviews are counted by when they were made (vigil_report_load_actions()); what is
   * counted here by the decisions' dates is what still awaits a review. */
  if (vigil_sql_prepare (db,
                         "SELECT count(*) FROM decisions WHERE model_name = ? AND "
                         "timestamp >= ? AND timestamp < ? AND anomaly_flag = 1 AND "
                         "(review_status IS NULL OR review_status = 'pending')",
                         &flagged) != VIGIL_SQL_OK ||
      vigil_sql_prepare (db,
                         "SELECT DISTINCT as_of FROM check_results WHERE model_name = ? AND "
                         "as_of > ? AND as_of <= ?", &checks) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the reviews"));
      return FALSE;
    }

  vigil_sql_bind_text (flagged, 1, m->name, -1);
  vigil_sql_bind_text (flagged, 2, self->from, -1);
  vigil_sql_bind_text (flagged, 3, self->to, -1);
  if (vigil_sql_step (flagged) != VIGIL_SQL_ROW)
    goto failed;
  m->flagged_pending = vigil_sql_column_int64 (flagged, 0);

  /* A run as of midnight watches the day before it; one during a day watches that day. */
  vigil_sql_bind_text (checks, 1, m->name, -1);
  vigil_sql_bind_text (checks, 2, self->from, -1);
  vigil_sql_bind_text (checks, 3, self->to, -1);
  while ((rc = vigil_sql_step (checks)) == VIGIL_SQL_ROW)
    {
      gint64 as_of;
      char ts[VIGIL_TIMESTAMP_LEN];

      if (!vigil_timestamp_parse (vigil_sql_column_text (checks, 0), &as_of, NULL))
        continue;
      vigil_timestamp_format (as_of - 1, ts);
      ts[10] = '\0';
      g_hash_table_add (days, g_strdup (ts));
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;
  m->days_checked = g_hash_table_size (days);
  return TRUE;

failed:
  vigil_store_set_sql_error (store, error, _("Could not read the reviews"));
  return FALSE;
}

typedef struct
{
  VigilReportProgress callback;
  gpointer            data;
} VerifyProgress;

static void
verify_progress (goffset  done,
                 goffset  total,
                 gpointer user_data)
{
  VerifyProgress *closure = user_data;

  if (closure->callback != NULL && total > 0)
    closure->callback (0.45 * CLAMP ((double) done / total, 0.0, 1.0),
                       _("Verifying the ledger"), closure->data);
}

/* What the report states, read from @store inside the snapshot that was verified. */
static gboolean
report_gather (VigilReport         *self,
               VigilStore          *store,
               const char * const  *models,
               const char          *organisation,
               GCancellable        *cancellable,
               VigilReportProgress  progress,
               gpointer             progress_data,
               GError             **error)
{
  g_autoptr(GListModel) known = NULL;
  VigilPolicy *policy;
  g_autoptr(GPtrArray) selection = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) enabled = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *meta_org = NULL;
  const VigilModelPolicy *defaults;
  guint n_known;

  meta_org = vigil_store_get_meta (store, "organisation");
  self->organisation = g_strdup (organisation && *organisation ? organisation
                                 : meta_org && *meta_org ? meta_org
                                 : VIGIL_REPORT_DEFAULT_ORGANISATION);
  self->database_path = g_strdup (vigil_store_get_path (store));
  self->purpose = vigil_store_get_purpose (store);

  report_progress (progress, progress_data, 0.45, _("Reading the models"));
  known = vigil_store_list_models (store, error);
  if (known == NULL)
    return FALSE;
  n_known = g_list_model_get_n_items (known);

  self->all_models = models == NULL || models[0] == NULL;
  for (guint i = 0; !self->all_models && models[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < n_known && !found; k++)
        {
          g_autoptr(VigilModelInfo) info = g_list_model_get_item (known, k);

          found = strcmp (vigil_model_info_get_name (info), models[i]) == 0;
        }
      if (!found)
        {
          g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                       _("No model “%s” has logged decisions in this database"), models[i]);
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (selection, models[i], g_str_equal, NULL))
        g_ptr_array_add (selection, g_strdup (models[i]));
    }
  for (guint k = 0; k < n_known; k++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (known, k);
      const char *first = vigil_model_info_get_first_timestamp (info);

      if (self->all_models)
        g_ptr_array_add (selection, g_strdup (vigil_model_info_get_name (info)));
      if (first != NULL && (self->oldest_record == NULL || strcmp (first, self->oldest_record) < 0))
        {
          g_free (self->oldest_record);
          self->oldest_record = g_strdup (first);
        }
    }
  g_ptr_array_add (selection, NULL);
  self->models = (char **) g_ptr_array_steal (selection, NULL);

  /* The policy in force during the period, as the events recorded it, not today's */
  if (!vigil_report_load_policies (self, store, error))
    return FALSE;
  self->policy_text = vigil_policy_to_data (self->policy);
  defaults = vigil_policy_get_defaults (self->policy);
  self->window_days = defaults->window_days;
  self->baseline_days = defaults->baseline_days;
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    {
      gboolean on = FALSE;

      for (guint i = 0; self->models[i] != NULL && !on; i++)
        on = vigil_policy_for_model (self->policy, self->models[i])->checks[c].enabled;
      if (self->models[0] == NULL)
        on = defaults->checks[c].enabled;
      if (on)
        g_ptr_array_add (enabled, g_strdup (vigil_check_to_string ((VigilCheck) c)));
    }
  g_ptr_array_add (enabled, NULL);
  self->checks_enabled = (char **) g_ptr_array_steal (enabled, NULL);
  policy = self->policy_end;

  /* Each model's dashboard, as the app draws it */
  self->days_checked = G_MAXUINT;
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      VigilReportModel *m = g_new0 (VigilReportModel, 1);
      VigilSummary *s;
      g_autofree char *phase = g_strdup_printf (_("Reading %s"), self->models[i]);

      report_progress (progress, progress_data,
                       0.45 + 0.45 * i / g_strv_length (self->models), phase);
      m->name = g_strdup (self->models[i]);
      m->check_days = g_malloc0_n (vigil_checks_get_n (), sizeof *m->check_days);
      g_ptr_array_add (self->model_sections, m);
      /* The policy's windows, minimum sample and threshold, as the app's dashboard uses
       * them, so that the report's concentration chart shows the same peak window. */
      m->dashboard = vigil_dashboard_load_for_policy (store, m->name, &self->period, policy,
                                                      cancellable, error);
      if (m->dashboard == NULL)
        return FALSE;
      for (guint c = 0; c < vigil_checks_get_n (); c++)
        m->any_check_enabled |= vigil_policy_for_model (self->policy,
                                                        m->name)->checks[c].enabled;

      m->prediction_totals = g_new0 (gint64, MAX (m->dashboard->n_predictions, 1));
      for (guint d = 0; d < m->dashboard->n_days; d++)
        for (guint p = 0; p < m->dashboard->n_predictions; p++)
          m->prediction_totals[p] += m->dashboard->days[d].counts[p];

      if (!load_model_extras (self, store, m, error))
        return FALSE;

      s = m->dashboard->summary;
      self->total += s->total_decisions;
      self->pending_reviews += s->pending_reviews;
      self->flagged += s->flagged;
      self->flagged_pending += m->flagged_pending;
      if (s->total_decisions > 0)
        {
          self->active_models++;
          self->days_checked = MIN (self->days_checked, m->days_checked);
        }
    }
  if (self->days_checked == G_MAXUINT)
    self->days_checked = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report_progress (progress, progress_data, 0.9, _("Reading the alerts"));
  if (!load_alerts (self, store, error) || !load_previous_totals (self, store, error))
    return FALSE;
  report_progress (progress, progress_data, 0.95, _("Reading the actions of the period"));
  if (!vigil_report_load_actions (self, store, error) ||
      !vigil_report_load_inventory (self, store, error) ||
      !vigil_report_load_coverage (self, store, error) ||
      !vigil_report_load_outcomes (self, store, error))
    return FALSE;

  return TRUE;
}

/**
 * vigil_report_build:
 *
 * See vigil-report.h.
 */
static gboolean report_gather (VigilReport         *self,
                               VigilStore          *store,
                               const char * const  *models,
                               const char          *organisation,
                               GCancellable        *cancellable,
                               VigilReportProgress  progress,
                               gpointer             progress_data,
                               GError             **error);

static VigilReport *
report_build (VigilStore          *store,
              const VigilPeriod   *period,
              const char * const  *models,
              const char          *organisation,
              const char          *generated_by,
              const char          *expect_head,
              GCancellable        *cancellable,
              VigilReportProgress  progress,
              gpointer             progress_data,
              GError             **error)
{
  g_autoptr(VigilReport) self = NULL;
  g_autoptr(VigilStore) view = NULL;
  VigilStore *reader;
  gint64 from_usec, to_usec, now_usec;
  gboolean gathered;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  if (period->n_days < 1 || period->n_days > VIGIL_PERIOD_MAX_DAYS)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("A report covers 1 to %u days"), VIGIL_PERIOD_MAX_DAYS);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_REPORT, NULL);
  self->period = *period;
  vigil_period_get_bounds (period, self->from, self->to);
  vigil_timestamp_now (self->generated_at);
  /* A period that ends after now has a day that is not over: it is compared with nothing. */
  if (vigil_timestamp_parse (self->from, &from_usec, NULL) &&
      vigil_timestamp_parse (self->to, &to_usec, NULL) &&
      vigil_timestamp_parse (self->generated_at, &now_usec, NULL))
    {
      self->incomplete = to_usec > now_usec;
      self->complete_days = now_usec <= from_usec ? 0
                            : (guint) MIN ((now_usec - from_usec) / G_TIME_SPAN_DAY,
                                           (gint64) period->n_days);
    }
  self->generated_by = g_strdup (generated_by && *generated_by ? generated_by
                                                                : g_get_real_name ());
  if (g_strcmp0 (self->generated_by, "Unknown") == 0 || *self->generated_by == '\0')
    {
      g_free (self->generated_by);
      self->generated_by = g_strdup (g_get_user_name ());
    }
  /* First, and on one snapshot with everything read below: a report certifies only what it
   * verified, the chains and every cache of them (the dashboards, the alerts, the actions). */
  report_progress (progress, progress_data, 0.0, _("Verifying the ledger"));
  if (vigil_store_get_path (store) != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      view = vigil_store_open (vigil_store_get_location (store), VIGIL_STORE_OPEN_READ_ONLY,
                               &local_error);
      if (view == NULL)
        g_debug ("reading the report on the verifying connection: %s", local_error->message);
    }
  {
    VerifyProgress closure = { progress, progress_data };

    /* Always in full: a report says "intact" only of records it checked now. */
    self->ledger = vigil_store_verify_holding (store, view, expect_head, cancellable,
                                               verify_progress, &closure, error);
  }
  if (self->ledger == NULL)
    return NULL;
  vigil_timestamp_now (self->verified_at);
  reader = view != NULL ? view : store;
  gathered = report_gather (self, reader, models, organisation, cancellable, progress,
                            progress_data, error);
  vigil_store_end_read (reader);
  if (!gathered)
    return NULL;

  vigil_report_compute_statements (self);
  report_progress (progress, progress_data, 1.0, _("Report ready"));
  return g_steal_pointer (&self);
}

/**
 * vigil_report_build:
 *
 * Gathers the report; the ledger is verified in full (vigil_store_verify()).
 */
VigilReport *
vigil_report_build (VigilStore          *store,
                    const VigilPeriod   *period,
                    const char * const  *models,
                    const char          *organisation,
                    const char          *generated_by,
                    GCancellable        *cancellable,
                    VigilReportProgress  progress,
                    gpointer             progress_data,
                    GError             **error)
{
  return report_build (store, period, models, organisation, generated_by, NULL, cancellable,
                       progress, progress_data, error);
}

/**
 * vigil_report_build_expecting:
 * @expect_head: (nullable): a head sealed earlier, which must be a prefix of the ledger
 *
 * As vigil_report_build(), and the ledger is NOT intact unless @expect_head is a prefix of it.
 */
VigilReport *
vigil_report_build_expecting (VigilStore          *store,
                              const VigilPeriod   *period,
                              const char * const  *models,
                              const char          *organisation,
                              const char          *generated_by,
                              const char          *expect_head,
                              GCancellable        *cancellable,
                              VigilReportProgress  progress,
                              gpointer             progress_data,
                              GError             **error)
{
  return report_build (store, period, models, organisation, generated_by, expect_head,
                       cancellable, progress, progress_data, error);
}

/* Sign-off --------------------------------------------------------------------------------- */

gboolean
vigil_report_add_signatory (VigilReport  *self,
                            const char   *role,
                            const char   *name,
                            GError      **error)
{
  VigilReportSigner signer = { 0 };
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), FALSE);

  if ((role != NULL && !g_utf8_validate (role, -1, NULL)) ||
      (name != NULL && !g_utf8_validate (name, -1, NULL)))
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("A signatory’s role and name must be valid UTF-8"));
      return FALSE;
    }
  signer.role = vigil_signer_role_normalize (role);
  if (signer.role == NULL)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("A signatory needs a role, such as “Head of Model Validation”"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (name ? name : ""));
  if (g_utf8_strlen (stripped, -1) > 120 || g_utf8_strlen (signer.role, -1) > 120)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("A signatory’s role or name is longer than 120 characters"));
      g_free (signer.role);
      return FALSE;
    }
  if (*stripped != '\0')
    signer.name = g_steal_pointer (&stripped);

  g_mutex_lock (&self->lock);
  g_array_append_val (self->signatories, signer);
  g_mutex_unlock (&self->lock);
  vigil_report_layouts_clear (self);
  return TRUE;
}

void
vigil_report_clear_signatories (VigilReport *self)
{
  g_return_if_fail (VIGIL_IS_REPORT (self));

  g_mutex_lock (&self->lock);
  g_array_set_size (self->signatories, 0);
  g_mutex_unlock (&self->lock);
  vigil_report_layouts_clear (self);
}

guint
vigil_report_get_n_signatories (VigilReport *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self), 0);
  return self->signatories->len;
}

const char *
vigil_report_get_signatory_role (VigilReport *self,
                                 guint        index)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self) && index < self->signatories->len, NULL);
  return g_array_index (self->signatories, VigilReportSigner, index).role;
}

const char *
vigil_report_get_signatory_name (VigilReport *self,
                                 guint        index)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self) && index < self->signatories->len, NULL);
  return g_array_index (self->signatories, VigilReportSigner, index).name;
}

char *
vigil_report_dup_signatories (VigilReport *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_REPORT (self), NULL);
  for (guint i = 0; i < self->signatories->len; i++)
    {
      const VigilReportSigner *signer = &g_array_index (self->signatories, VigilReportSigner, i);

      if (signer->name == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s", signer->role, signer->name);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Getters ---------------------------------------------------------------------------------- */

const VigilPeriod *
vigil_report_get_period (VigilReport *self)
{
  return &self->period;
}

const char * const *
vigil_report_get_models (VigilReport *self)
{
  return (const char * const *) self->models;
}

const char *
vigil_report_get_organisation (VigilReport *self)
{
  return self->organisation;
}

const char *
vigil_report_get_generated_at (VigilReport *self)
{
  return self->generated_at;
}

const char *
vigil_report_get_generated_by (VigilReport *self)
{
  return self->generated_by;
}

gint64
vigil_report_get_total_decisions (VigilReport *self)
{
  return self->total;
}

gint64
vigil_report_get_previous_decisions (VigilReport *self)
{
  return self->previous_total;
}

guint
vigil_report_get_n_alerts (VigilReport *self)
{
  return self->alerts->len;
}

gboolean
vigil_report_is_empty (VigilReport *self)
{
  return self->total == 0;
}

gboolean
vigil_report_is_incomplete (VigilReport *self)
{
  return self->incomplete;
}

gboolean
vigil_report_is_ledger_intact (VigilReport *self)
{
  return vigil_ledger_report_is_intact (self->ledger);
}

const char *
vigil_report_get_ledger_head (VigilReport *self)
{
  return vigil_ledger_report_get_head (self->ledger);
}

gint64
vigil_report_get_ledger_records (VigilReport *self)
{
  return vigil_ledger_report_get_records (self->ledger);
}

VigilLedgerReport *
vigil_report_get_ledger_report (VigilReport *self)
{
  return self->ledger;
}

guint
vigil_report_get_n_statements (VigilReport *self)
{
  return self->statements->len;
}

const VigilReportStatement *
vigil_report_get_statement (VigilReport *self,
                            guint        index)
{
  g_return_val_if_fail (index < self->statements->len, NULL);
  return &g_array_index (self->statements, VigilReportStatement, index);
}
