/* vigil-report.c: the periodic audit report's model, gathered from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-ledger.h"
#include "vigil-report-private.h"
#include "vigil-store-private.h"
#include "vigil-summary-text.h"

G_DEFINE_QUARK (vigil-report-error-quark, vigil_report_error)

G_DEFINE_FINAL_TYPE (VigilReport, vigil_report, G_TYPE_OBJECT)

#define USEC_PER_HOUR (G_USEC_PER_SEC * (gint64) 3600)

static const char * const check_names[VIGIL_N_CHECKS] = {
  "distribution_shift", "concentration_risk", "confidence_shift", "volume_anomaly",
  "feature_drift",
};

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
}

void
vigil_report_model_free (VigilReportModel *model)
{
  g_free (model->name);
  g_clear_pointer (&model->dashboard, vigil_dashboard_unref);
  g_free (model->prediction_totals);
  g_free (model);
}

char *
vigil_report_format_hours (double hours)
{
  if (isnan (hours))
    return g_strdup ("—");
  if (hours < 1.0)
    /* TRANSLATORS: a time to acknowledge an alert, in minutes */
    return g_strdup_printf (_("%.0f min"), MAX (hours, 0.0) * 60.0);
  if (hours < 48.0)
    /* TRANSLATORS: a time to acknowledge an alert, in hours */
    return g_strdup_printf (_("%.1f h"), hours);
  /* TRANSLATORS: a time to acknowledge an alert, in days */
  return g_strdup_printf (_("%.1f days"), hours / 24.0);
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
  for (guint i = 0; i < VIGIL_SIGNER_N_ROLES; i++)
    {
      g_free (self->signers[i].name);
      g_free (self->signers[i].date);
    }
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

static const char * const role_names[VIGIL_SIGNER_N_ROLES] = {
  "risk-officer", "compliance-officer", "chief-risk-officer",
};

const char *
vigil_signer_role_to_string (VigilSignerRole role)
{
  g_return_val_if_fail (role < VIGIL_SIGNER_N_ROLES, NULL);
  return role_names[role];
}

gboolean
vigil_signer_role_from_string (const char      *str,
                               VigilSignerRole *out)
{
  for (guint i = 0; str != NULL && i < VIGIL_SIGNER_N_ROLES; i++)
    if (strcmp (str, role_names[i]) == 0)
      {
        *out = (VigilSignerRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
vigil_signer_role_get_label (VigilSignerRole role)
{
  switch (role)
    {
    case VIGIL_SIGNER_RISK_OFFICER:
      return _("Risk Officer");
    case VIGIL_SIGNER_COMPLIANCE_OFFICER:
      return _("Compliance Officer");
    case VIGIL_SIGNER_CHIEF_RISK_OFFICER:
      return _("Chief Risk Officer");
    case VIGIL_SIGNER_N_ROLES:
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
day_add (const char *day,
         int         n_days,
         char        out[VIGIL_DAY_LEN])
{
  int y, m, d;
  GDate date;

  if (sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  if (n_days >= 0)
    g_date_add_days (&date, n_days);
  else
    g_date_subtract_days (&date, -n_days);
  g_snprintf (out, VIGIL_DAY_LEN, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

static double
column_real (sqlite3_stmt *stmt,
             int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN
                                                            : sqlite3_column_double (stmt, column);
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
  sqlite3 *db = vigil_store_get_handle (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) hours = g_array_new (FALSE, FALSE, sizeof (double));
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, timestamp, alert_type, model_name, severity, description, "
                          "subject, window_start, window_end, observed, baseline, threshold, "
                          "p_value, n_recent, n_baseline, acknowledged, acknowledged_by, "
                          "acknowledged_at, ack_note FROM alerts "
                          "WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      vigil_store_set_sqlite_error (store, error, _("Could not read the alerts"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, self->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->to, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilReportAlert alert = { 0 };
      const char *model = (const char *) sqlite3_column_text (stmt, 3);
      gint64 raised, acked;

      if (!model_selected (self, model))
        continue;

      alert.id = sqlite3_column_int64 (stmt, 0);
      alert.timestamp = column_dup (stmt, 1);
      alert.alert_type = column_dup (stmt, 2);
      alert.model_name = column_dup (stmt, 3);
      if (!vigil_severity_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                       &alert.severity))
        alert.severity = VIGIL_SEVERITY_LOW;
      alert.description = column_dup (stmt, 5);
      alert.subject = column_dup (stmt, 6);
      alert.window_start = column_dup (stmt, 7);
      alert.window_end = column_dup (stmt, 8);
      alert.observed = column_real (stmt, 9);
      alert.baseline = column_real (stmt, 10);
      alert.threshold = column_real (stmt, 11);
      alert.p_value = column_real (stmt, 12);
      alert.n_recent = sqlite3_column_type (stmt, 13) == SQLITE_NULL
                         ? -1 : sqlite3_column_int64 (stmt, 13);
      alert.n_baseline = sqlite3_column_type (stmt, 14) == SQLITE_NULL
                           ? -1 : sqlite3_column_int64 (stmt, 14);
      alert.acknowledged = sqlite3_column_int (stmt, 15) != 0;
      alert.acknowledged_by = column_dup (stmt, 16);
      alert.acknowledged_at = column_dup (stmt, 17);
      alert.ack_note = column_dup (stmt, 18);
      alert.hours_to_ack = NAN;

      if (alert.acknowledged && alert.acknowledged_at != NULL &&
          vigil_timestamp_parse (alert.timestamp, &raised, NULL) &&
          vigil_timestamp_parse (alert.acknowledged_at, &acked, NULL))
        {
          /* An alert raised by a backtest over past days is acknowledged after it was
           * raised, so the time never goes below zero. */
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
  if (rc != SQLITE_DONE)
    {
      vigil_store_set_sqlite_error (store, error, _("Could not read the alerts"));
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
  sqlite3 *db = vigil_store_get_handle (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char first[VIGIL_DAY_LEN];
  int rc;

  day_add (self->period.first_day, -(int) self->period.n_days, first);
  g_snprintf (self->previous_from, sizeof self->previous_from, "%sT00:00:00.000000", first);

  if (sqlite3_prepare_v2 (db,
                          "SELECT model_name, sum(n) FROM daily_predictions "
                          "WHERE day >= ? AND day < ? GROUP BY model_name",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      vigil_store_set_sqlite_error (store, error, _("Could not read the previous period"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->period.first_day, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *model = (const char *) sqlite3_column_text (stmt, 0);

      for (guint i = 0; i < self->model_sections->len; i++)
        {
          VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

          if (g_strcmp0 (m->name, model) == 0)
            {
              m->previous_total = sqlite3_column_int64 (stmt, 1);
              self->previous_total += m->previous_total;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      vigil_store_set_sqlite_error (store, error, _("Could not read the previous period"));
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
  sqlite3 *db = vigil_store_get_handle (store);
  g_autoptr(sqlite3_stmt) reviews = NULL;
  g_autoptr(sqlite3_stmt) flagged = NULL;
  g_autoptr(sqlite3_stmt) checks = NULL;
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT review_status, count(*) FROM decisions INDEXED BY "
                          "decisions_reviewed WHERE model_name = ? AND timestamp >= ? AND "
                          "timestamp < ? AND review_status IS NOT NULL AND "
                          "review_status != 'pending' GROUP BY review_status",
                          -1, &reviews, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT count(*) FROM decisions WHERE model_name = ? AND "
                          "timestamp >= ? AND timestamp < ? AND anomaly_flag = 1 AND "
                          "(review_status IS NULL OR review_status = 'pending')",
                          -1, &flagged, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT DISTINCT as_of FROM check_results WHERE model_name = ? AND "
                          "as_of > ? AND as_of <= ?",
                          -1, &checks, NULL) != SQLITE_OK)
    {
      vigil_store_set_sqlite_error (store, error, _("Could not read the reviews"));
      return FALSE;
    }

  sqlite3_bind_text (reviews, 1, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (reviews, 2, self->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (reviews, 3, self->to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (reviews)) == SQLITE_ROW)
    {
      VigilReviewStatus status;
      gint64 n = sqlite3_column_int64 (reviews, 1);

      if (!vigil_review_status_from_string ((const char *) sqlite3_column_text (reviews, 0),
                                            &status))
        continue;
      if (status == VIGIL_REVIEW_APPROVED)
        m->approved += n;
      else if (status == VIGIL_REVIEW_ESCALATED)
        m->escalated += n;
      else if (status == VIGIL_REVIEW_OVERRIDDEN)
        m->overridden += n;
    }
  if (rc != SQLITE_DONE)
    goto failed;

  sqlite3_bind_text (flagged, 1, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (flagged, 2, self->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (flagged, 3, self->to, -1, SQLITE_STATIC);
  if (sqlite3_step (flagged) != SQLITE_ROW)
    goto failed;
  m->flagged_pending = sqlite3_column_int64 (flagged, 0);

  /* A run as of midnight watches the day before it; one during a day watches that day. */
  sqlite3_bind_text (checks, 1, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (checks, 2, self->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (checks, 3, self->to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (checks)) == SQLITE_ROW)
    {
      gint64 as_of;
      char ts[VIGIL_TIMESTAMP_LEN];

      if (!vigil_timestamp_parse ((const char *) sqlite3_column_text (checks, 0), &as_of, NULL))
        continue;
      vigil_timestamp_format (as_of - 1, ts);
      ts[10] = '\0';
      g_hash_table_add (days, g_strdup (ts));
    }
  if (rc != SQLITE_DONE)
    goto failed;
  m->days_checked = g_hash_table_size (days);
  return TRUE;

failed:
  vigil_store_set_sqlite_error (store, error, _("Could not read the reviews"));
  return FALSE;
}

static void
add_statement (VigilReport *self,
               const char  *title,
               char        *text,
               gboolean     holds)
{
  VigilReportStatement statement = { title, text, holds };

  g_ptr_array_add (self->statement_strings, text);
  g_array_append_val (self->statements, statement);
}

/**
 * vigil_report_dup_ledger_statement:
 *
 * What was checked of the ledger for this report, in sentences that claim no more than that:
 * every record verified in full now, with the schema, the heads sealed by earlier reports and
 * the expected head, if any, found to be prefixes of it; or where and why it is NOT intact,
 * with the records and head as found.
 */
char *
vigil_report_dup_ledger_statement (VigilReport *self)
{
  VigilLedgerReport *ledger = self->ledger;
  gint64 n = vigil_ledger_report_get_records (ledger);
  g_autofree char *records = vigil_summary_text_format_count (n);
  const char *head = vigil_ledger_report_get_head (ledger);
  GString *out = g_string_new (NULL);

  if (!vigil_ledger_report_is_intact (ledger))
    {
      gint64 id = vigil_ledger_report_get_broken_id (ledger);
      const char *reason = vigil_ledger_report_get_reason (ledger);

      if (id != 0)
        {
          g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          g_string_append_printf (out, _("Ledger NOT intact: table %s, row %s: %s."),
                                  vigil_ledger_report_get_broken_table (ledger), row, reason);
        }
      else
        g_string_append_printf (out, _("Ledger NOT intact: %s: %s."),
                                vigil_ledger_report_get_broken_table (ledger), reason);
      for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (ledger); i++)
        {
          const char *problem = vigil_ledger_report_get_schema_problem (ledger, i);

          if (g_strcmp0 (problem, reason) != 0)
            g_string_append_printf (out, _(" Also: %s."), problem);
        }
      g_string_append_c (out, ' ');
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Verified in full at %s: %s record as found, head as "
                                           "found %s (broken: it proves nothing).",
                                           "Verified in full at %s: %s records as found, head "
                                           "as found %s (broken: it proves nothing).",
                                           (gulong) MIN (n, G_MAXINT)),
                              self->verified_at, records, head);
      return g_string_free (out, FALSE);
    }

  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Ledger intact: %s record verified in full now (%s), "
                                       "every link and the immutability triggers",
                                       "Ledger intact: %s records verified in full now (%s), "
                                       "every link and the immutability triggers",
                                       (gulong) MIN (n, G_MAXINT)),
                          records, self->verified_at);
  {
    guint k = vigil_ledger_report_get_n_sealed_heads (ledger);

    g_string_append (out, "; ");
    if (k == 0)
      g_string_append (out, _("no earlier report had sealed a head"));
    else
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "the head of the %u earlier report is a prefix of it",
                                           "the heads of the %u earlier reports are prefixes "
                                           "of it", k),
                              k);
  }
  if (vigil_ledger_report_get_expected_head (ledger) != NULL)
    g_string_append_printf (out, _("; so is the expected head %s"),
                            vigil_ledger_report_get_expected_head (ledger));
  g_string_append_printf (out, _("; head %s."), head);
  return g_string_free (out, FALSE);
}

static void
compute_statements (VigilReport *self)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *records = vigil_summary_text_format_count (vigil_ledger_report_get_records (self->ledger));
  gboolean intact = vigil_ledger_report_is_intact (self->ledger);
  const char *head = vigil_ledger_report_get_head (self->ledger);
  guint n_alerts = self->alerts->len;
  guint monitored = 0, checked_models = 0;
  char text_day[VIGIL_DAY_LEN] = "";
  char six_months[VIGIL_DAY_LEN];

  /* Logging */
  if (intact && vigil_ledger_report_is_full (self->ledger))
    add_statement (self, _("Logging"),
                   g_strdup_printf (_("%s decisions recorded in the period with their inputs, "
                                      "outputs, model version and time; the ledger of %s "
                                      "records was verified intact in full at %s, head %s."),
                                    total, records, self->verified_at, head),
                   TRUE);
  else if (intact)
    {
      g_autofree char *ledger = vigil_report_dup_ledger_statement (self);

      add_statement (self, _("Logging"),
                     g_strdup_printf (_("%s decisions recorded in the period with their inputs, "
                                        "outputs, model version and time. %s"),
                                      total, ledger),
                     TRUE);
    }
  else
    add_statement (self, _("Logging"),
                   g_strdup_printf (_("NOT MET: the ledger is broken (%s). %s decisions are in "
                                      "the log for the period, but the records cannot be shown "
                                      "to be unchanged. Verified at %s."),
                                    vigil_ledger_report_get_reason (self->ledger)
                                      ? vigil_ledger_report_get_reason (self->ledger) : "?",
                                    total, self->verified_at),
                   FALSE);

  /* Ongoing monitoring */
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (m->dashboard->summary->total_decisions == 0)
        continue;
      checked_models++;
      if (m->days_checked >= self->period.n_days)
        monitored++;
    }
  if (checked_models == 0)
    add_statement (self, _("Ongoing monitoring"),
                   g_strdup (_("No model logged decisions in the period, so there was nothing "
                               "to monitor.")),
                   TRUE);
  else
    add_statement (self, _("Ongoing monitoring"),
                   monitored == checked_models
                     ? g_strdup_printf (_("The checks ran on %u of %u days of the period for "
                                          "every active model."),
                                        self->days_checked, self->period.n_days)
                     : g_strdup_printf (_("NOT MET: the checks ran on only %u of %u days of "
                                          "the period for every active model; %u of %u active "
                                          "models were checked every day."),
                                        self->days_checked, self->period.n_days, monitored,
                                        checked_models),
                   monitored == checked_models);

  /* Anomaly detection */
  if (self->checks_enabled[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", self->checks_enabled);

      add_statement (self, _("Anomaly detection"),
                     g_strdup_printf (_("Checks in force: %s; a window of %.4g days against a "
                                        "baseline of %.4g days. %u alerts were raised in the "
                                        "period."),
                                      names, self->window_days, self->baseline_days, n_alerts),
                     TRUE);
    }
  else
    add_statement (self, _("Anomaly detection"),
                   g_strdup (_("NOT MET: every check is switched off in the policy in force.")),
                   FALSE);

  /* Alert handling */
  if (n_alerts == 0)
    add_statement (self, _("Alert handling"),
                   g_strdup (_("No alert was raised in the period.")), TRUE);
  else if (self->unacknowledged == 0)
    {
      g_autofree char *median = vigil_report_format_hours (self->median_hours_to_ack);

      add_statement (self, _("Alert handling"),
                     g_strdup_printf (_("All %u alerts of the period were acknowledged; median "
                                        "time to acknowledge %s."), n_alerts, median),
                     TRUE);
    }
  else
    add_statement (self, _("Alert handling"),
                   g_strdup_printf (_("NOT MET: %u of %u alerts of the period are not "
                                      "acknowledged."), self->unacknowledged, n_alerts),
                   FALSE);

  /* Human oversight */
  {
    g_autofree char *reviewed = vigil_summary_text_format_count (self->reviewed);
    g_autofree char *overridden = vigil_summary_text_format_count (self->overridden);
    g_autofree char *pending = vigil_summary_text_format_count (self->flagged_pending);
    g_autofree char *flagged = vigil_summary_text_format_count (self->flagged);

    add_statement (self, _("Human oversight"),
                   self->flagged_pending == 0
                     ? g_strdup_printf (_("%s decisions were reviewed by people (%s overridden); "
                                          "every one of the %s flagged decisions was reviewed."),
                                        reviewed, overridden, flagged)
                     : g_strdup_printf (_("NOT MET: %s of %s flagged decisions still await a "
                                          "human review; %s decisions were reviewed (%s "
                                          "overridden)."),
                                        pending, flagged, reviewed, overridden),
                   self->flagged_pending == 0);
  }

  /* Retention */
  {
    char today[VIGIL_DAY_LEN];

    vigil_period_today (today);
    day_add (today, -183, six_months);
    if (self->oldest_record != NULL)
      g_strlcpy (text_day, self->oldest_record, sizeof text_day);
  }
  if (self->oldest_record == NULL)
    add_statement (self, _("Retention"),
                   g_strdup (_("The log holds no decision yet; policy requires at least six "
                               "months of retention.")),
                   TRUE);
  else if (!intact)
    add_statement (self, _("Retention"),
                   g_strdup_printf (_("NOT MET: the oldest record is from %s, but the broken "
                                      "ledger cannot show that no record was deleted since; "
                                      "policy requires at least six months."), text_day),
                   FALSE);
  else if (strcmp (text_day, six_months) <= 0)
    add_statement (self, _("Retention"),
                   g_strdup_printf (_("The oldest record is from %s, more than six months "
                                      "ago, and the intact ledger shows none was deleted; "
                                      "policy requires at least six months."), text_day),
                   TRUE);
  else
    add_statement (self, _("Retention"),
                   g_strdup_printf (_("The oldest record is from %s, less than six months "
                                      "ago: the whole log is kept and the intact ledger shows "
                                      "none was deleted; policy requires at least six "
                                      "months."), text_day),
                   TRUE);
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
    closure->callback (0.55 + 0.45 * CLAMP ((double) done / total, 0.0, 1.0),
                       _("Verifying the ledger"), closure->data);
}

static gboolean
validate_signer_date (const char  *date,
                      GError     **error)
{
  int y, m, d;
  char tail;

  if (date == NULL)
    return TRUE;
  if (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("“%s” is not a date; expect YYYY-MM-DD"), date);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_report_build:
 *
 * See vigil-report.h.
 */
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
  g_autoptr(GListModel) known = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GPtrArray) selection = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) enabled = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *meta_org = NULL;
  const VigilModelPolicy *defaults;
  guint n_known;

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
  self->generated_by = g_strdup (generated_by && *generated_by ? generated_by
                                                                : g_get_real_name ());
  if (g_strcmp0 (self->generated_by, "Unknown") == 0 || *self->generated_by == '\0')
    {
      g_free (self->generated_by);
      self->generated_by = g_strdup (g_get_user_name ());
    }
  meta_org = vigil_store_get_meta (store, "organisation");
  self->organisation = g_strdup (organisation && *organisation ? organisation
                                 : meta_org && *meta_org ? meta_org
                                 : VIGIL_REPORT_DEFAULT_ORGANISATION);
  self->database_path = g_strdup (vigil_store_get_path (store));
  self->purpose = vigil_store_get_purpose (store);

  report_progress (progress, progress_data, 0.0, _("Reading the models"));
  known = vigil_store_list_models (store, error);
  if (known == NULL)
    return NULL;
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
          return NULL;
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

  policy = vigil_store_get_policy (store, error);
  if (policy == NULL)
    return NULL;
  self->policy_text = vigil_policy_to_data (policy);
  defaults = vigil_policy_get_defaults (policy);
  self->window_days = defaults->window_days;
  self->baseline_days = defaults->baseline_days;
  for (guint c = 0; c < VIGIL_N_CHECKS; c++)
    if (defaults->checks[c].enabled)
      g_ptr_array_add (enabled, g_strdup (check_names[c]));
  g_ptr_array_add (enabled, NULL);
  self->checks_enabled = (char **) g_ptr_array_steal (enabled, NULL);

  /* Each model's dashboard, as the app draws it */
  self->days_checked = G_MAXUINT;
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      const VigilModelPolicy *mp = vigil_policy_for_model (policy, self->models[i]);
      VigilReportModel *m = g_new0 (VigilReportModel, 1);
      VigilSummary *s;
      g_autofree char *phase = g_strdup_printf (_("Reading %s"), self->models[i]);

      report_progress (progress, progress_data,
                       0.05 + 0.45 * i / g_strv_length (self->models), phase);
      m->name = g_strdup (self->models[i]);
      g_ptr_array_add (self->model_sections, m);
      m->dashboard = vigil_dashboard_load (store, m->name, period->first_day, period->n_days,
                                           (guint) CLAMP (ceil (mp->window_days), 1, 365),
                                           (guint) CLAMP (ceil (mp->baseline_days), 1, 3650),
                                           mp->checks[VIGIL_CHECK_CONCENTRATION_RISK].threshold,
                                           cancellable, error);
      if (m->dashboard == NULL)
        return NULL;
      for (guint c = 0; c < VIGIL_N_CHECKS; c++)
        m->any_check_enabled |= mp->checks[c].enabled;

      m->prediction_totals = g_new0 (gint64, MAX (m->dashboard->n_predictions, 1));
      for (guint d = 0; d < m->dashboard->n_days; d++)
        for (guint p = 0; p < m->dashboard->n_predictions; p++)
          m->prediction_totals[p] += m->dashboard->days[d].counts[p];

      if (!load_model_extras (self, store, m, error))
        return NULL;

      s = m->dashboard->summary;
      self->total += s->total_decisions;
      self->pending_reviews += s->pending_reviews;
      self->reviewed += s->reviewed;
      self->flagged += s->flagged;
      self->approved += m->approved;
      self->escalated += m->escalated;
      self->overridden += m->overridden;
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
    return NULL;
  report_progress (progress, progress_data, 0.5, _("Reading the alerts"));
  if (!load_alerts (self, store, error) || !load_previous_totals (self, store, error))
    return NULL;

  /* Last, so that the head it seals covers every record counted above. */
  report_progress (progress, progress_data, 0.55, _("Verifying the ledger"));
  {
    VerifyProgress closure = { progress, progress_data };

    /* Always in full: a report says "intact" only of records it checked now. */
    self->ledger = vigil_store_verify_expecting (store, expect_head, cancellable,
                                                 verify_progress, &closure, error);
  }
  if (self->ledger == NULL)
    return NULL;
  vigil_timestamp_now (self->verified_at);

  compute_statements (self);
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
 * vigil_report_build_full:
 *
 * The same as vigil_report_build(), which verifies in full too.
 */
VigilReport *
vigil_report_build_full (VigilStore          *store,
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
vigil_report_set_signer (VigilReport      *self,
                         VigilSignerRole   role,
                         const char       *name,
                         const char       *date,
                         GError          **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), FALSE);

  if (role >= VIGIL_SIGNER_N_ROLES)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("No such sign-off role"));
      return FALSE;
    }
  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("The signer’s name is not valid UTF-8"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (name ? name : ""));
  if (g_utf8_strlen (stripped, -1) > 120)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("The signer’s name is longer than 120 characters"));
      return FALSE;
    }
  if (!validate_signer_date (date, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->signers[role].name, g_free);
  g_clear_pointer (&self->signers[role].date, g_free);
  if (*stripped != '\0')
    {
      char today[VIGIL_DAY_LEN];

      vigil_period_today (today);
      self->signers[role].name = g_steal_pointer (&stripped);
      self->signers[role].date = g_strdup (date ? date : today);
    }
  g_mutex_unlock (&self->lock);
  vigil_report_layouts_clear (self);
  return TRUE;
}

const char *
vigil_report_get_signer_name (VigilReport     *self,
                              VigilSignerRole  role)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self) && role < VIGIL_SIGNER_N_ROLES, NULL);
  return self->signers[role].name;
}

const char *
vigil_report_get_signer_date (VigilReport     *self,
                              VigilSignerRole  role)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self) && role < VIGIL_SIGNER_N_ROLES, NULL);
  return self->signers[role].date;
}

char *
vigil_report_dup_signed_by (VigilReport *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_REPORT (self), NULL);
  for (guint i = 0; i < VIGIL_SIGNER_N_ROLES; i++)
    {
      if (self->signers[i].name == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s (%s)", vigil_signer_role_get_label (i),
                              self->signers[i].name, self->signers[i].date);
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

/* JSON ------------------------------------------------------------------------------------- */

static void
jkey (GString    *out,
      const char *key)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '{' && last != '[')
    g_string_append_c (out, ',');
  vigil_json_write_string (out, key);
  g_string_append_c (out, ':');
}

static void
jstr (GString    *out,
      const char *key,
      const char *value)
{
  jkey (out, key);
  if (value)
    vigil_json_write_string (out, value);
  else
    g_string_append (out, "null");
}

static void
jint (GString    *out,
      const char *key,
      gint64      value)
{
  jkey (out, key);
  g_string_append_printf (out, "%" PRId64, value);
}

static void
jreal (GString    *out,
       const char *key,
       double      value)
{
  jkey (out, key);
  if (isnan (value) || isinf (value))
    g_string_append (out, "null");
  else
    vigil_json_write_double (out, value);
}

static void
jbool (GString    *out,
       const char *key,
       gboolean    value)
{
  jkey (out, key);
  g_string_append (out, value ? "true" : "false");
}

static void
jitem (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '[')
    g_string_append_c (out, ',');
}

char *
vigil_report_to_json (VigilReport *self)
{
  GString *out = g_string_new ("{");
  VigilLedgerReport *ledger = self->ledger;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), NULL);

  jstr (out, "title", _("AI Model Audit Report"));
  jstr (out, "organisation", self->organisation);
  jstr (out, "period_start", self->from);
  jstr (out, "period_end", self->to);
  jint (out, "period_days", self->period.n_days);
  jstr (out, "generated_at", self->generated_at);
  jstr (out, "generated_by", self->generated_by);
  jstr (out, "database", self->database_path);
  jstr (out, "purpose", vigil_purpose_to_string (self->purpose));
  jkey (out, "models");
  g_string_append_c (out, '[');
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      jitem (out);
      vigil_json_write_string (out, self->models[i]);
    }
  g_string_append_c (out, ']');

  jkey (out, "executive_summary");
  g_string_append_c (out, '{');
  jint (out, "total_decisions", self->total);
  jint (out, "previous_period_decisions", self->previous_total);
  jstr (out, "previous_period_start", self->previous_from);
  jint (out, "models_active", self->active_models);
  jint (out, "total_alerts", self->alerts->len);
  jint (out, "high_severity_alerts", self->alerts_by_severity[VIGIL_SEVERITY_HIGH]);
  jint (out, "medium_severity_alerts", self->alerts_by_severity[VIGIL_SEVERITY_MEDIUM]);
  jint (out, "low_severity_alerts", self->alerts_by_severity[VIGIL_SEVERITY_LOW]);
  jint (out, "unacknowledged_alerts", self->unacknowledged);
  jreal (out, "median_hours_to_acknowledge", self->median_hours_to_ack);
  jreal (out, "max_hours_to_acknowledge", self->max_hours_to_ack);
  jint (out, "decisions_pending_review", self->pending_reviews);
  jint (out, "decisions_reviewed", self->reviewed);
  jint (out, "decisions_approved", self->approved);
  jint (out, "decisions_escalated", self->escalated);
  jint (out, "decisions_overridden", self->overridden);
  jint (out, "decisions_flagged", self->flagged);
  jint (out, "flagged_pending_review", self->flagged_pending);
  jint (out, "days_checked", self->days_checked);
  g_string_append_c (out, '}');

  jkey (out, "model_summaries");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      VigilSummary *s = m->dashboard->summary;

      jitem (out);
      g_string_append_c (out, '{');
      jstr (out, "model_name", m->name);
      jint (out, "decision_count", s->total_decisions);
      jint (out, "previous_period_decisions", m->previous_total);
      jkey (out, "decision_distribution");
      g_string_append_c (out, '{');
      for (guint p = 0; p < m->dashboard->n_predictions; p++)
        jint (out, m->dashboard->predictions[p], m->prediction_totals[p]);
      g_string_append_c (out, '}');
      jreal (out, "avg_confidence", s->mean_confidence);
      jint (out, "alerts_count", m->alerts);
      jint (out, "anomaly_flags_count", s->flagged);
      jint (out, "pending_review", s->pending_reviews);
      jint (out, "reviewed", s->reviewed);
      jint (out, "approved", m->approved);
      jint (out, "escalated", m->escalated);
      jint (out, "overridden", m->overridden);
      jint (out, "flagged_pending_review", m->flagged_pending);
      jint (out, "days_checked", m->days_checked);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  jkey (out, "alerts");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->alerts->len; i++)
    {
      VigilReportAlert *a = &g_array_index (self->alerts, VigilReportAlert, i);

      jitem (out);
      g_string_append_c (out, '{');
      jint (out, "id", a->id);
      jstr (out, "timestamp", a->timestamp);
      jstr (out, "alert_type", a->alert_type);
      jstr (out, "model_name", a->model_name);
      jstr (out, "severity", vigil_severity_to_string (a->severity));
      jstr (out, "description", a->description);
      jstr (out, "subject", a->subject);
      jstr (out, "window_start", a->window_start);
      jstr (out, "window_end", a->window_end);
      jreal (out, "observed", a->observed);
      jreal (out, "baseline", a->baseline);
      jreal (out, "threshold", a->threshold);
      jreal (out, "p_value", a->p_value);
      if (a->n_recent >= 0)
        jint (out, "n_recent", a->n_recent);
      if (a->n_baseline >= 0)
        jint (out, "n_baseline", a->n_baseline);
      jbool (out, "acknowledged", a->acknowledged);
      jstr (out, "acknowledged_by", a->acknowledged_by);
      jstr (out, "acknowledged_at", a->acknowledged_at);
      jstr (out, "ack_note", a->ack_note);
      jreal (out, "hours_to_acknowledge", a->hours_to_ack);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  jkey (out, "policy");
  g_string_append_c (out, '{');
  jreal (out, "window_days", self->window_days);
  jreal (out, "baseline_days", self->baseline_days);
  jkey (out, "checks_enabled");
  g_string_append_c (out, '[');
  for (guint i = 0; self->checks_enabled[i] != NULL; i++)
    {
      jitem (out);
      vigil_json_write_string (out, self->checks_enabled[i]);
    }
  g_string_append_c (out, ']');
  jstr (out, "text", self->policy_text);
  g_string_append_c (out, '}');

  jkey (out, "ledger");
  g_string_append_c (out, '{');
  jbool (out, "intact", vigil_ledger_report_is_intact (ledger));
  jint (out, "records", vigil_ledger_report_get_records (ledger));
  /* When broken, the head of the chains as found: recorded, proving nothing */
  jstr (out, "head", vigil_ledger_report_get_head (ledger));
  jstr (out, "verified_at", self->verified_at);
  jbool (out, "full", vigil_ledger_report_is_full (ledger));
  jint (out, "rehashed", vigil_ledger_report_get_rehashed (ledger));
  jbool (out, "schema_checked", vigil_ledger_report_get_schema_checked (ledger));
  jkey (out, "schema_problems");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (ledger); i++)
    {
      jitem (out);
      vigil_json_write_string (out, vigil_ledger_report_get_schema_problem (ledger, i));
    }
  g_string_append_c (out, ']');
  jint (out, "earlier_report_heads_checked", vigil_ledger_report_get_n_sealed_heads (ledger));
  jint (out, "checkpoint_heads_checked", vigil_ledger_report_get_n_checkpoints (ledger));
  jstr (out, "expected_head", vigil_ledger_report_get_expected_head (ledger));
  {
    g_autofree char *statement = vigil_report_dup_ledger_statement (self);
    jstr (out, "statement", statement);
  }
  jstr (out, "broken_table", vigil_ledger_report_get_broken_table (ledger));
  if (vigil_ledger_report_get_broken_id (ledger) != 0)
    jint (out, "broken_id", vigil_ledger_report_get_broken_id (ledger));
  jstr (out, "reason", vigil_ledger_report_get_reason (ledger));
  g_string_append_c (out, '}');

  jkey (out, "ledger_method");
  g_string_append_c (out, '{');
  jstr (out, "recipe", vigil_ledger_get_recipe ());
  jstr (out, "script", vigil_ledger_get_script ());
  g_string_append_c (out, '}');

  jkey (out, "regulatory_compliance");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->statements->len; i++)
    {
      const VigilReportStatement *st = &g_array_index (self->statements,
                                                       VigilReportStatement, i);

      jitem (out);
      g_string_append_c (out, '{');
      jstr (out, "title", st->title);
      jbool (out, "holds", st->holds);
      jstr (out, "text", st->text);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  jkey (out, "sign_off");
  g_string_append_c (out, '[');
  for (guint i = 0; i < VIGIL_SIGNER_N_ROLES; i++)
    {
      jitem (out);
      g_string_append_c (out, '{');
      jstr (out, "role", role_names[i]);
      jstr (out, "name", self->signers[i].name);
      jstr (out, "date", self->signers[i].date);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

gboolean
vigil_report_write_json (VigilReport  *self,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *json = vigil_report_to_json (self);

  return g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
