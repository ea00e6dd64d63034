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
#include "vigil-output.h"
#include "vigil-report-private.h"
#include "vigil-store-private.h"
#include "vigil-summary-text.h"

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
  g_free (model);
}

static void
signer_clear (VigilReportSigner *signer)
{
  g_free (signer->role);
  g_free (signer->name);
}

/* "12.3%" of @part in @whole, "—" when @whole is 0. */
char *
vigil_report_format_share (gint64 part,
                           gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * (double) part / (double) whole);
}

char *
vigil_report_format_hours (double hours)
{
  if (isnan (hours))
    return g_strdup ("—");
  if (hours * 60.0 < 1.0)
    /* TRANSLATORS: a time to acknowledge an alert of less than a minute */
    return g_strdup (_("< 1 min"));
  if (hours < 1.0)
    /* TRANSLATORS: a time to acknowledge an alert, in minutes */
    return g_strdup_printf (_("%.0f min"), MAX (hours, 0.0) * 60.0);
  if (hours < 48.0)
    /* TRANSLATORS: a time to acknowledge an alert, in hours */
    return g_strdup_printf (_("%.1f h"), hours);
  /* TRANSLATORS: a time to acknowledge an alert, in days */
  return g_strdup_printf (_("%.1f days"), hours / 24.0);
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

  day_add (self->period.first_day, -(int) self->period.n_days, first);
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

static void
add_statement (VigilReport        *self,
               const char         *title,
               const char         *provisions,
               VigilReportVerdict  verdict,
               char               *text)
{
  VigilReportStatement statement = { 0 };

  statement.title = title;
  statement.text = text;
  statement.verdict = verdict;
  statement.holds = verdict == VIGIL_REPORT_VERDICT_MET;
  statement.provisions = provisions;
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
/* Cache differences the ledger statement names; verify names up to
 * VIGIL_LEDGER_REPORT_MAX_NAMED. */
#define REPORT_NAMED_DIFFERENCES 10

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
      /* Caches that differ from the chained facts: what the report would read from them is
       * not what the ledger says. */
      {
        guint named = MIN (vigil_ledger_report_get_n_named_cache_differences (ledger),
                           REPORT_NAMED_DIFFERENCES);
        gint64 total = vigil_ledger_report_get_n_cache_differences (ledger);

        for (guint i = 0; i < named; i++)
          {
            const char *difference = vigil_ledger_report_get_cache_difference (ledger, i);

            if (g_strcmp0 (difference, reason) != 0)
              g_string_append_printf (out, _(" Also: %s."), difference);
          }
        if (total > named)
          g_string_append_printf (out,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               " And %" PRId64 " more cache differs from the "
                                               "chained facts (vigilctl verify names them).",
                                               " And %" PRId64 " more caches differ from the "
                                               "chained facts (vigilctl verify names them).",
                                               (gulong) MIN (total - named, G_MAXINT)),
                                  total - named);
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
  if (vigil_ledger_report_get_caches_checked (ledger))
    g_string_append (out, _("; the acknowledgements, reviews, outcomes, flags and daily totals "
                            "this report reads agree with the chained events and decisions"));
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
  if (vigil_ledger_report_get_witness_path (ledger) != NULL)
    {
      guint k = vigil_ledger_report_get_n_witness_heads (ledger);
      const char *lines = vigil_ledger_report_get_witness_lines (ledger);

      g_string_append (out, "; ");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "the %u head in the witness file %s is a prefix of it",
                                           "the %u heads in the witness file %s are prefixes "
                                           "of it", k),
                              k, vigil_ledger_report_get_witness_path (ledger));
      if (lines != NULL)
        g_string_append_printf (out, _(", and its head is witnessed there (line %s)"), lines);
      else
        g_string_append (out, _(", but its head is not witnessed there yet"));
    }
  if (vigil_ledger_report_get_legacy_records (ledger) > 0)
    {
      gint64 legacy = vigil_ledger_report_get_legacy_records (ledger);

      g_string_append (out, "; ");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRId64 " record predates the events that record "
                                           "which write added each decision",
                                           "%" PRId64 " records predate the events that record "
                                           "which write added each decision",
                                           (gulong) MIN (legacy, G_MAXINT)),
                              legacy);
    }
  g_string_append_printf (out, _("; head %s."), head);
  return g_string_free (out, FALSE);
}

/* "A (2026-11-03), B (2026-11-04) and 3 more", of at most @max items of @items. */
static char *
join_some (GPtrArray *items,
           guint      max)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len && i < max; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (items, i));
  if (items->len > max)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                              items->len - max),
                            items->len - max);
  return g_string_free (out, FALSE);
}

#define PROVISIONS_LOGGING      N_("EU AI Act Art. 12 and 19; SR 11-7 ongoing monitoring")
#define PROVISIONS_COMPLETENESS N_("EU AI Act Art. 12; SR 11-7 ongoing monitoring; PRA SS1/23")
#define PROVISIONS_ACTIVITY     N_("EU AI Act Art. 12 and 72; SR 11-7 ongoing monitoring; PRA SS1/23")
#define PROVISIONS_MONITORING   N_("SR 11-7 ongoing monitoring; EU AI Act Art. 72; PRA SS1/23")
#define PROVISIONS_DETECTION    N_("SR 11-7 ongoing monitoring; EU AI Act Art. 72")
#define PROVISIONS_ALERTS       N_("EU AI Act Art. 14 and 26; SR 11-7 ongoing monitoring")
#define PROVISIONS_OVERSIGHT    N_("EU AI Act Art. 14; SR 11-7 ongoing monitoring (overrides)")
#define PROVISIONS_OUTCOMES     N_("SR 11-7 outcomes analysis; PRA SS1/23")
#define PROVISIONS_RETENTION    N_("EU AI Act Art. 19 and 26(6)")

static void
statement_logging (VigilReport *self,
                   gboolean     intact)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *records = vigil_summary_text_format_count (vigil_ledger_report_get_records (self->ledger));
  g_autofree char *ledger = vigil_report_dup_ledger_statement (self);
  const char *title = _("Logging");
  const char *provisions = _(PROVISIONS_LOGGING);

  if (!intact)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The ledger is broken (%s). %s decision is in "
                                                 "the log for the period, but the records "
                                                 "cannot be shown to be unchanged. Verified at %s.",
                                                 "The ledger is broken (%s). %s decisions are "
                                                 "in the log for the period, but the records "
                                                 "cannot be shown to be unchanged. Verified at %s.",
                                                 self->total),
                                    vigil_ledger_report_get_reason (self->ledger)
                                      ? vigil_ledger_report_get_reason (self->ledger) : "?",
                                    total, self->verified_at));
  else if (self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged in the period by the models this "
                                      "report covers, so no record shows that they were "
                                      "logged. %s"), ledger));
  else if (vigil_ledger_report_is_full (self->ledger))
    {
      g_autofree char *verified = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "the ledger of %s record was "
                                                                "verified intact in full at "
                                                                "%s, head %s.",
                                                                "the ledger of %s records was "
                                                                "verified intact in full at "
                                                                "%s, head %s.",
                                                                vigil_ledger_report_get_records (self->ledger)),
                                                   records, self->verified_at,
                                                   vigil_ledger_report_get_head (self->ledger));

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s decision recorded in the period with its "
                                                   "inputs, outputs, model version and time; %s",
                                                   "%s decisions recorded in the period with "
                                                   "their inputs, outputs, model version and "
                                                   "time; %s", self->total),
                                      total, verified));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s decision recorded in the period with its "
                                                 "inputs, outputs, model version and time. %s",
                                                 "%s decisions recorded in the period with their "
                                                 "inputs, outputs, model version and time. %s",
                                                 self->total),
                                    total, ledger));
}

static void
statement_completeness (VigilReport *self)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *inputs = vigil_report_format_share (self->with_inputs, self->total);
  g_autofree char *confidence = vigil_report_format_share (self->with_confidence, self->total);
  g_autofree char *explanation = vigil_report_format_share (self->with_explanation, self->total);
  double bar = VIGIL_REPORT_COMPLETENESS_BAR * (double) self->total;
  gboolean met = self->with_inputs >= bar && self->with_confidence >= bar &&
                 self->with_explanation >= bar;
  g_autoptr(GPtrArray) short_of = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;

  if (self->total == 0)
    {
      add_statement (self, _("Logging completeness"), _(PROVISIONS_COMPLETENESS),
                     VIGIL_REPORT_VERDICT_NO_DATA,
                     g_strdup_printf (_("No decision was logged in the period, so the "
                                        "completeness of the records cannot be judged; at least "
                                        "%.0f%% of the decisions must carry each of their "
                                        "inputs, a confidence and an explanation."),
                                      100 * VIGIL_REPORT_COMPLETENESS_BAR));
      return;
    }
  for (guint i = 0; i < self->versions->len; i++)
    {
      VigilReportVersion *v = &g_array_index (self->versions, VigilReportVersion, i);
      double vbar = VIGIL_REPORT_COMPLETENESS_BAR * (double) v->decisions;

      if (v->with_inputs < vbar || v->with_confidence < vbar || v->with_explanation < vbar)
        g_ptr_array_add (short_of, g_strdup_printf ("%s %s", v->model_name, v->model_version));
    }
  names = join_some (short_of, 6);
  add_statement (self, _("Logging completeness"), _(PROVISIONS_COMPLETENESS),
                 met ? VIGIL_REPORT_VERDICT_MET : VIGIL_REPORT_VERDICT_NOT_MET,
                 met
                 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Of the %s decision of the period, %s carries "
                                                 "its inputs, %s a confidence and %s an "
                                                 "explanation; the bar is %.0f%% for each.",
                                                 "Of the %s decisions of the period, %s carry "
                                                 "their inputs, %s a confidence and %s an "
                                                 "explanation; the bar is %.0f%% for each.",
                                                 self->total),
                                    total, inputs, confidence, explanation,
                                    100 * VIGIL_REPORT_COMPLETENESS_BAR)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Of the %s decision of the period, only %s "
                                                 "carries its inputs, %s a confidence and %s an "
                                                 "explanation, below the bar of %.0f%% for each "
                                                 "(short of it: %s).",
                                                 "Of the %s decisions of the period, only %s "
                                                 "carry their inputs, %s a confidence and %s an "
                                                 "explanation, below the bar of %.0f%% for each "
                                                 "(short of it: %s).",
                                                 self->total),
                                    total, inputs, confidence, explanation,
                                    100 * VIGIL_REPORT_COMPLETENESS_BAR, names));
}

static void
statement_activity (VigilReport *self)
{
  g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func (g_free);
  guint logging = 0;

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      char day[VIGIL_DAY_LEN];

      if (m->last_decision == NULL)
        continue;
      logging++;
      if (!m->stopped)
        continue;
      g_strlcpy (day, m->last_decision, sizeof day);
      /* TRANSLATORS: a model that stopped logging, and the day of its last decision */
      g_ptr_array_add (stopped, g_strdup_printf (_("%s (last decision on %s)"), m->name, day));
    }
  if (logging == 0)
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                   VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("None of the models this report covers had logged a decision "
                               "by the end of the period.")));
  else if (stopped->len > 0)
    {
      g_autofree char *names = join_some (stopped, 10);

      add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                     VIGIL_REPORT_VERDICT_NOT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u model stopped logging: %s; nothing it "
                                                   "decided since is in the log.",
                                                   "%u models stopped logging: %s; nothing they "
                                                   "decided since is in the log.",
                                                   stopped->len),
                                      stopped->len, names));
    }
  else if (self->complete_days == 0)
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                   VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No day of the period is over yet, so whether every model kept "
                               "logging cannot be judged.")));
  else
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY), VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The %u model covered logged decisions up to "
                                                 "the last complete day of the period.",
                                                 "Each of the %u models covered logged "
                                                 "decisions up to the last complete day of the "
                                                 "period.", logging),
                                    logging));
}

static void
statement_monitoring (VigilReport *self)
{
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (g_free);
  guint due = 0, monitored = 0, insufficient = 0, active = 0;
  const char *title = _("Ongoing monitoring");
  const char *provisions = _(PROVISIONS_MONITORING);

  for (guint i = 0; i < self->coverage->len; i++)
    {
      VigilReportCoverageDay *c = &g_array_index (self->coverage, VigilReportCoverageDay, i);
      VigilReportModel *m = g_ptr_array_index (self->model_sections, c->model);

      if (m->dashboard->summary->total_decisions == 0 || !c->due)
        continue;
      due++;
      if (c->monitored)
        {
          monitored++;
          continue;
        }
      if (c->checks[VIGIL_COVERAGE_INSUFFICIENT] > 0)
        {
          insufficient++;
          /* TRANSLATORS: a model-day that was not monitored: model, day */
          g_ptr_array_add (missed, g_strdup_printf (_("%s on %s (insufficient data)"), m->name,
                                                    c->day));
        }
      else
        g_ptr_array_add (missed, g_strdup_printf (_("%s on %s (no check ran)"), m->name,
                                                  c->day));
    }
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (m->dashboard->summary->total_decisions > 0)
        active++;
      else
        g_ptr_array_add (silent, g_strdup (m->name));
    }

  if (active == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No model logged decisions in the period: there was nothing to "
                               "monitor, and no monitoring can be shown.")));
  else if (due == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No day of the period is over yet, so its monitoring cannot be "
                               "judged.")));
  else
    {
      g_autofree char *ratio = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "The checks ran with enough data "
                                                             "on %u of %u model-day",
                                                             "The checks ran with enough data "
                                                             "on %u of %u model-days",
                                                             due),
                                                monitored, due);
      GString *text = g_string_new (ratio);

      if (monitored < due)
        {
          g_autofree char *list = join_some (missed, 12);
          guint not_monitored = due - monitored;

          g_string_append (text, "; ");
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u model-day was not monitored (%u of them with "
                                               "insufficient data only): %s",
                                               "%u model-days were not monitored (%u of them "
                                               "with insufficient data only): %s",
                                               not_monitored),
                                  not_monitored, insufficient, list);
        }
      g_string_append (text, ".");
      if (silent->len > 0)
        {
          g_autofree char *names = join_some (silent, 10);

          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("No data for: %s (no decision in the period)."),
                                  names);
        }
      add_statement (self, title, provisions,
                     monitored == due ? VIGIL_REPORT_VERDICT_MET : VIGIL_REPORT_VERDICT_NOT_MET,
                     g_string_free (text, FALSE));
    }
}

static void
statement_detection (VigilReport *self)
{
  const char *title = _("Anomaly detection");
  const char *provisions = _(PROVISIONS_DETECTION);
  guint n_alerts = self->alerts->len;
  guint changes = self->policy_changes->len;
  g_autoptr(GPtrArray) unchecked = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *window = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "a window of %.4g day",
                                                          "a window of %.4g days",
                                                          self->window_days == 1.0 ? 1 : 2),
                                             self->window_days);
  g_autofree char *baseline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "a baseline of %.4g day",
                                                            "a baseline of %.4g days",
                                                            self->baseline_days == 1.0 ? 1 : 2),
                                               self->baseline_days);
  g_autofree char *alerts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u alert was raised for the period.",
                                                          "%u alerts were raised for the period.",
                                                          n_alerts), n_alerts);
  g_autofree char *changed = changes == 0
    ? g_strdup (_("The policy did not change in the period."))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "The policy changed %u time in the period (see the policy "
                                    "change log).",
                                    "The policy changed %u times in the period (see the policy "
                                    "change log).", changes), changes);
  g_autofree char *names = g_strjoinv (", ", self->checks_enabled);

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (m->dashboard->summary->total_decisions > 0 && !m->any_check_enabled)
        g_ptr_array_add (unchecked, g_strdup (m->name));
    }

  if (self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged in the period, so no check had "
                                      "anything to watch. Checks in force at its start: %s. %s"),
                                    self->checks_enabled[0] ? names : _("none"), changed));
  else if (self->checks_enabled[0] == NULL || unchecked->len > 0)
    {
      g_autofree char *list = join_some (unchecked, 10);

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                     self->checks_enabled[0] == NULL
                     ? g_strdup_printf (_("Every check is switched off in the policy in force "
                                          "at the start of the period. %s %s"), changed, alerts)
                     : g_strdup_printf (_("Every check is switched off for %s in the policy in "
                                          "force. %s %s"), list, changed, alerts));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("Checks in force at the start of the period: %s; %s "
                                      "against %s. %s %s"),
                                    names, window, baseline, changed, alerts));
}

static void
statement_alerts (VigilReport *self)
{
  const char *title = _("Alert handling");
  const char *provisions = _(PROVISIONS_ALERTS);
  guint n_alerts = self->alerts->len;
  guint n_acks = self->acknowledgements->len;
  g_autofree char *acks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u acknowledgement was made in the "
                                                        "period.",
                                                        "%u acknowledgements were made in the "
                                                        "period.", n_acks), n_acks);

  if (n_alerts == 0 && self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged and no alert was raised for the "
                                      "period. %s"), acks));
  else if (n_alerts == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("No alert was raised for the period. %s"), acks));
  else if (self->unacknowledged == 0)
    {
      g_autofree char *median = vigil_report_format_hours (self->median_hours_to_ack);

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The %u alert of the period was "
                                                   "acknowledged; median time to acknowledge "
                                                   "%s. %s",
                                                   "All %u alerts of the period were "
                                                   "acknowledged; median time to acknowledge "
                                                   "%s. %s", n_alerts),
                                      n_alerts, median, acks));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u alert of the period is not "
                                                 "acknowledged. %s",
                                                 "%u of %u alerts of the period are not "
                                                 "acknowledged. %s", n_alerts),
                                    self->unacknowledged, n_alerts, acks));
}

static void
statement_oversight (VigilReport *self)
{
  g_autofree char *reviewed = vigil_summary_text_format_count (self->reviewed);
  g_autofree char *overridden = vigil_summary_text_format_count (self->overridden);
  g_autofree char *escalated = vigil_summary_text_format_count (self->escalated);
  g_autofree char *pending = vigil_summary_text_format_count (self->flagged_pending);
  g_autofree char *flagged = vigil_summary_text_format_count (self->flagged);
  g_autofree char *reviews = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%s review was made in the period "
                                                           "(%s overridden, %s escalated).",
                                                           "%s reviews were made in the period "
                                                           "(%s overridden, %s escalated).",
                                                           self->reviewed),
                                              reviewed, overridden, escalated);
  const char *title = _("Human oversight");
  const char *provisions = _(PROVISIONS_OVERSIGHT);

  if (self->total == 0 && self->reviewed == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No decision was logged and no review was made in the period.")));
  else if (self->flagged_pending == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   self->flagged == 0
                   ? g_strdup_printf (_("%s No decision of the period was flagged."), reviews)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s The %s flagged decision of the period "
                                                   "has been reviewed.",
                                                   "%s Every one of the %s flagged decisions of "
                                                   "the period has been reviewed.",
                                                   self->flagged),
                                      reviews, flagged));
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s of %s flagged decision of the period still "
                                                 "awaits a human review. %s",
                                                 "%s of %s flagged decisions of the period still "
                                                 "await a human review. %s", self->flagged),
                                    pending, flagged, reviews));
}

static void
statement_outcomes (VigilReport *self)
{
  g_autofree char *outcomes = vigil_summary_text_format_count (self->outcomes);

  if (self->outcomes == 0)
    add_statement (self, _("Outcomes analysis"), _(PROVISIONS_OUTCOMES),
                   VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No outcome was recorded in the period: the models’ outputs "
                               "cannot be compared with what happened.")));
  else
    add_statement (self, _("Outcomes analysis"), _(PROVISIONS_OUTCOMES),
                   VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s outcome was recorded in the period, for "
                                                 "comparison with what the model decided.",
                                                 "%s outcomes were recorded in the period, for "
                                                 "comparison with what the models decided.",
                                                 self->outcomes),
                                    outcomes));
}

static void
statement_retention (VigilReport *self,
                     gboolean     intact)
{
  char text_day[VIGIL_DAY_LEN] = "";
  char six_months[VIGIL_DAY_LEN];
  char today[VIGIL_DAY_LEN];
  const char *title = _("Retention");
  const char *provisions = _(PROVISIONS_RETENTION);

  vigil_period_today (today);
  day_add (today, -183, six_months);
  if (self->oldest_record != NULL)
    g_strlcpy (text_day, self->oldest_record, sizeof text_day);

  if (self->oldest_record == NULL)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("The log holds no decision yet; policy requires at least six "
                               "months of retention.")));
  else if (!intact)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (_("The oldest record is from %s, but the broken ledger "
                                      "cannot show that no record was deleted since; policy "
                                      "requires at least six months."), text_day));
  else if (strcmp (text_day, six_months) <= 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("The oldest record is from %s, more than six months "
                                      "ago, and the intact ledger shows none was deleted; "
                                      "policy requires at least six months."), text_day));
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("The oldest record is from %s, less than six months "
                                      "ago: the whole log is kept and the intact ledger shows "
                                      "none was deleted; policy requires at least six "
                                      "months."), text_day));
}

/* Every statement rests on the records: when the ledger does not show them unchanged, none of
 * them holds, whatever the records say. */
static void
statements_distrust (VigilReport *self,
                     guint        first,
                     guint        end)
{
  const char *reason = vigil_ledger_report_get_reason (self->ledger);

  for (guint i = first; i < end; i++)
    {
      VigilReportStatement *st = &g_array_index (self->statements, VigilReportStatement, i);
      char *text;

      text = g_strdup_printf (_("The ledger is broken (%s), so the records this rests on "
                                "cannot be relied on. What they say: %s"),
                              reason ? reason : "?", st->text);
      g_ptr_array_add (self->statement_strings, text);
      st->text = text;
      st->verdict = VIGIL_REPORT_VERDICT_NOT_MET;
      st->holds = FALSE;
    }
}

static void
compute_statements (VigilReport *self)
{
  gboolean intact = vigil_ledger_report_is_intact (self->ledger);
  guint first_dependent;

  /* Logging and Retention judge the ledger themselves; every statement between them rests on
   * records a broken ledger cannot vouch for. */
  statement_logging (self, intact);
  first_dependent = self->statements->len;
  statement_completeness (self);
  statement_activity (self);
  statement_monitoring (self);
  statement_detection (self);
  statement_alerts (self);
  statement_oversight (self);
  statement_outcomes (self);
  if (!intact)
    statements_distrust (self, first_dependent, self->statements->len);
  statement_retention (self, intact);
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
      const VigilModelPolicy *mp = vigil_policy_for_model (policy, self->models[i]);
      VigilReportModel *m = g_new0 (VigilReportModel, 1);
      VigilSummary *s;
      g_autofree char *phase = g_strdup_printf (_("Reading %s"), self->models[i]);

      report_progress (progress, progress_data,
                       0.45 + 0.45 * i / g_strv_length (self->models), phase);
      m->name = g_strdup (self->models[i]);
      g_ptr_array_add (self->model_sections, m);
      /* The policy's windows, minimum sample and threshold, as the app's dashboard uses
       * them, so that the report's concentration chart shows the same peak window. */
      m->dashboard = vigil_dashboard_load_for_policy (store, m->name, &self->period, mp,
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
      !vigil_report_load_coverage (self, store, error))
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

/* JSON ------------------------------------------------------------------------------------- */

static void
json_actions (GString    *out,
              const char *key,
              GArray     *actions,
              const char *target_key,
              const char *what_key,
              const char *note_key)
{
  vigil_json_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; i < actions->len; i++)
    {
      VigilReportAction *a = &g_array_index (actions, VigilReportAction, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_int (out, "event_id", a->event_id);
      vigil_json_member_string (out, "timestamp", a->timestamp);
      vigil_json_member_string (out, "actor", a->actor);
      vigil_json_member_int (out, target_key, a->target_id);
      vigil_json_member_string (out, "model_name", a->model_name);
      vigil_json_member_string (out, what_key, a->what);
      vigil_json_member_string (out, note_key, a->note);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* The report's period, models and executive summary */
static void
write_summary_json (VigilReport *self,
                    GString     *out)
{
  vigil_json_member_string (out, "title", _("AI Model Audit Report"));
  vigil_json_member_string (out, "organisation", self->organisation);
  vigil_json_member_string (out, "period_start", self->from);
  vigil_json_member_string (out, "period_end", self->to);
  vigil_json_member_int (out, "period_days", self->period.n_days);
  vigil_json_member_string (out, "generated_at", self->generated_at);
  vigil_json_member_string (out, "generated_by", self->generated_by);
  vigil_json_member_string (out, "prepared_by", self->generated_by);
  vigil_json_member_bool (out, "period_incomplete", self->incomplete);
  vigil_json_member_string (out, "database", self->database_path);
  vigil_json_member_string (out, "purpose", vigil_purpose_to_string (self->purpose));
  vigil_json_key (out, "models");
  g_string_append_c (out, '[');
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, self->models[i]);
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "executive_summary");
  g_string_append_c (out, '{');
  vigil_json_member_int (out, "total_decisions", self->total);
  /* An incomplete period is compared with nothing. */
  if (self->incomplete)
    {
      vigil_json_key (out, "previous_period_decisions");
      g_string_append (out, "null");
    }
  else
    vigil_json_member_int (out, "previous_period_decisions", self->previous_total);
  vigil_json_member_string (out, "previous_period_start",
                            self->incomplete ? NULL : self->previous_from);
  vigil_json_member_int (out, "models_active", self->active_models);
  vigil_json_member_int (out, "total_alerts", self->alerts->len);
  vigil_json_member_int (out, "high_severity_alerts",
                         self->alerts_by_severity[VIGIL_SEVERITY_HIGH]);
  vigil_json_member_int (out, "medium_severity_alerts",
                         self->alerts_by_severity[VIGIL_SEVERITY_MEDIUM]);
  vigil_json_member_int (out, "low_severity_alerts", self->alerts_by_severity[VIGIL_SEVERITY_LOW]);
  vigil_json_member_int (out, "unacknowledged_alerts", self->unacknowledged);
  vigil_json_member_double (out, "median_hours_to_acknowledge", self->median_hours_to_ack);
  vigil_json_member_double (out, "max_hours_to_acknowledge", self->max_hours_to_ack);
  vigil_json_member_int (out, "decisions_pending_review", self->pending_reviews);
  vigil_json_member_int (out, "decisions_reviewed", self->reviewed);
  vigil_json_member_int (out, "decisions_approved", self->approved);
  vigil_json_member_int (out, "decisions_escalated", self->escalated);
  vigil_json_member_int (out, "decisions_overridden", self->overridden);
  vigil_json_member_int (out, "decisions_flagged", self->flagged);
  vigil_json_member_int (out, "flagged_pending_review", self->flagged_pending);
  vigil_json_member_int (out, "days_checked", self->days_checked);
  vigil_json_member_int (out, "acknowledgements_in_period", self->acknowledgements->len);
  vigil_json_member_int (out, "outcomes_recorded", self->outcomes);
  g_string_append_c (out, '}');
}

/* Each model's summary and the period's alerts */
static void
write_models_alerts_json (VigilReport *self,
                          GString     *out)
{
  vigil_json_key (out, "model_summaries");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      VigilSummary *s = m->dashboard->summary;

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      vigil_json_member_int (out, "decision_count", s->total_decisions);
      vigil_json_member_int (out, "previous_period_decisions", m->previous_total);
      vigil_json_key (out, "decision_distribution");
      g_string_append_c (out, '{');
      for (guint p = 0; p < m->dashboard->n_predictions; p++)
        vigil_json_member_int (out, m->dashboard->predictions[p], m->prediction_totals[p]);
      g_string_append_c (out, '}');
      vigil_json_member_double (out, "avg_confidence", s->mean_confidence);
      vigil_json_member_int (out, "alerts_count", m->alerts);
      vigil_json_member_int (out, "anomaly_flags_count", s->flagged);
      vigil_json_member_int (out, "pending_review", s->pending_reviews);
      vigil_json_member_int (out, "reviewed", s->reviewed);
      vigil_json_member_int (out, "approved", m->approved);
      vigil_json_member_int (out, "escalated", m->escalated);
      vigil_json_member_int (out, "overridden", m->overridden);
      vigil_json_member_int (out, "flagged_pending_review", m->flagged_pending);
      vigil_json_member_int (out, "days_checked", m->days_checked);
      vigil_json_member_int (out, "reviews_in_period", m->reviews);
      vigil_json_member_int (out, "outcomes_in_period", m->outcomes);
      vigil_json_member_int (out, "model_days_due", m->days_due);
      vigil_json_member_int (out, "model_days_monitored", m->days_monitored);
      vigil_json_member_string (out, "monitoring", vigil_report_verdict_to_string (m->monitoring));
      vigil_json_member_string (out, "first_decision", m->first_decision);
      vigil_json_member_string (out, "last_decision", m->last_decision);
      vigil_json_member_bool (out, "stopped_logging", m->stopped);
      vigil_json_member_string (out, "owner", m->owner);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "alerts");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->alerts->len; i++)
    {
      VigilReportAlert *a = &g_array_index (self->alerts, VigilReportAlert, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_int (out, "id", a->id);
      vigil_json_member_string (out, "timestamp", a->timestamp);
      vigil_json_member_string (out, "alert_type", a->alert_type);
      vigil_json_member_string (out, "model_name", a->model_name);
      vigil_json_member_string (out, "severity", vigil_severity_to_string (a->severity));
      vigil_json_member_string (out, "description", a->description);
      vigil_json_member_string (out, "subject", a->subject);
      vigil_json_member_string (out, "window_start", a->window_start);
      vigil_json_member_string (out, "window_end", a->window_end);
      vigil_json_member_string (out, "raised_at", a->raised_at);
      vigil_json_member_double (out, "observed", a->observed);
      vigil_json_member_double (out, "baseline", a->baseline);
      vigil_json_member_double (out, "threshold", a->threshold);
      vigil_json_member_double (out, "p_value", a->p_value);
      if (a->n_recent >= 0)
        vigil_json_member_int (out, "n_recent", a->n_recent);
      if (a->n_baseline >= 0)
        vigil_json_member_int (out, "n_baseline", a->n_baseline);
      vigil_json_member_bool (out, "acknowledged", a->acknowledged);
      vigil_json_member_string (out, "acknowledged_by", a->acknowledged_by);
      vigil_json_member_string (out, "acknowledged_at", a->acknowledged_at);
      vigil_json_member_string (out, "ack_note", a->ack_note);
      vigil_json_member_double (out, "hours_to_acknowledge", a->hours_to_ack);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* The policy in force, its changes, coverage and method */
static void
write_policy_json (VigilReport *self,
                   GString     *out)
{
  vigil_json_key (out, "policy");
  g_string_append_c (out, '{');
  vigil_json_member_double (out, "window_days", self->window_days);
  vigil_json_member_double (out, "baseline_days", self->baseline_days);
  vigil_json_key (out, "checks_enabled");
  g_string_append_c (out, '[');
  for (guint i = 0; self->checks_enabled[i] != NULL; i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, self->checks_enabled[i]);
    }
  g_string_append_c (out, ']');
  vigil_json_member_string (out, "in_force_since", self->policy_since);
  vigil_json_member_string (out, "set_by", self->policy_set_by);
  vigil_json_member_string (out, "text", self->policy_text);
  vigil_json_key (out, "changes");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->policy_changes->len; i++)
    {
      VigilReportPolicyChange *c = &g_array_index (self->policy_changes,
                                                   VigilReportPolicyChange, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "timestamp", c->timestamp);
      vigil_json_member_string (out, "actor", c->actor);
      vigil_json_member_string (out, "sha256", c->sha256);
      vigil_json_member_string (out, "changes", c->changes);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  g_string_append_c (out, '}');

  json_actions (out, "overrides_and_escalations", self->interventions, "decision_id", "status",
                "notes");
  json_actions (out, "acknowledgements", self->acknowledgements, "alert_id", "alert_type",
                "note");

  vigil_json_key (out, "logging_completeness");
  g_string_append_c (out, '{');
  vigil_json_member_int (out, "decisions", self->total);
  vigil_json_member_int (out, "with_inputs", self->with_inputs);
  vigil_json_member_int (out, "with_confidence", self->with_confidence);
  vigil_json_member_int (out, "with_explanation", self->with_explanation);
  vigil_json_member_double (out, "bar", VIGIL_REPORT_COMPLETENESS_BAR);
  g_string_append_c (out, '}');

  vigil_json_key (out, "model_inventory");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->versions->len; i++)
    {
      VigilReportVersion *v = &g_array_index (self->versions, VigilReportVersion, i);
      VigilReportModel *m = NULL;

      for (guint k = 0; k < self->model_sections->len && m == NULL; k++)
        if (strcmp (((VigilReportModel *) g_ptr_array_index (self->model_sections, k))->name,
                    v->model_name) == 0)
          m = g_ptr_array_index (self->model_sections, k);
      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", v->model_name);
      vigil_json_member_string (out, "model_version", v->model_version);
      vigil_json_member_string (out, "first_decision", v->first);
      vigil_json_member_string (out, "last_decision", v->last);
      vigil_json_member_int (out, "decisions", v->decisions);
      vigil_json_member_int (out, "with_inputs", v->with_inputs);
      vigil_json_member_int (out, "with_confidence", v->with_confidence);
      vigil_json_member_int (out, "with_explanation", v->with_explanation);
      vigil_json_member_string (out, "owner", m ? m->owner : NULL);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "check_coverage");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->coverage->len; i++)
    {
      VigilReportCoverageDay *c = &g_array_index (self->coverage, VigilReportCoverageDay, i);
      VigilReportModel *m = g_ptr_array_index (self->model_sections, c->model);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      vigil_json_member_string (out, "day", c->day);
      vigil_json_member_int (out, "alerted", c->checks[VIGIL_COVERAGE_ALERTED]);
      vigil_json_member_int (out, "clear", c->checks[VIGIL_COVERAGE_CLEAR]);
      vigil_json_member_int (out, "insufficient_data", c->checks[VIGIL_COVERAGE_INSUFFICIENT]);
      vigil_json_member_int (out, "not_run", c->checks[VIGIL_COVERAGE_NOT_RUN]);
      vigil_json_member_bool (out, "due", c->due);
      vigil_json_member_bool (out, "monitored", c->monitored);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "method");
  g_string_append_c (out, '[');
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    {
      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "check", vigil_check_to_string ((VigilCheck) c));
      vigil_json_member_string (out, "definition", vigil_report_check_definition ((VigilCheck) c));
      vigil_json_member_string (out, "test", vigil_report_check_test ((VigilCheck) c));
      vigil_json_key (out, "in_force");
      g_string_append_c (out, '[');
      for (guint i = 0; self->models[i] != NULL; i++)
        {
          const VigilModelPolicy *mp = vigil_policy_for_model (self->policy, self->models[i]);
          g_autofree char *thresholds = vigil_report_check_thresholds (mp, (VigilCheck) c);

          vigil_json_item (out);
          g_string_append_c (out, '{');
          vigil_json_member_string (out, "model_name", self->models[i]);
          vigil_json_member_bool (out, "enabled", mp->checks[c].enabled);
          vigil_json_member_double (out, "threshold", mp->checks[c].threshold);
          vigil_json_member_string (out, "severity",
                                    vigil_severity_to_string (mp->checks[c].severity));
          vigil_json_member_double (out, "window_days", mp->window_days);
          vigil_json_member_double (out, "baseline_days", mp->baseline_days);
          vigil_json_member_int (out, "min_samples", mp->min_samples);
          vigil_json_member_string (out, "thresholds", thresholds);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* What the verification of the ledger found, and how it is computed */
static void
write_ledger_json (VigilReport *self,
                   GString     *out)
{
  VigilLedgerReport *ledger = self->ledger;

  vigil_json_key (out, "ledger");
  g_string_append_c (out, '{');
  vigil_json_member_bool (out, "intact", vigil_ledger_report_is_intact (ledger));
  vigil_json_member_int (out, "records", vigil_ledger_report_get_records (ledger));
  /* When broken, the head of the chains as found: recorded, proving nothing */
  vigil_json_member_string (out, "head", vigil_ledger_report_get_head (ledger));
  vigil_json_member_string (out, "verified_at", self->verified_at);
  vigil_json_member_bool (out, "full", vigil_ledger_report_is_full (ledger));
  vigil_json_member_int (out, "rehashed", vigil_ledger_report_get_rehashed (ledger));
  vigil_json_member_bool (out, "schema_checked", vigil_ledger_report_get_schema_checked (ledger));
  vigil_json_member_bool (out, "caches_checked", vigil_ledger_report_get_caches_checked (ledger));
  vigil_json_member_int (out, "cache_differences",
                         vigil_ledger_report_get_n_cache_differences (ledger));
  vigil_json_key (out, "cache_differences_named");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_named_cache_differences (ledger); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_write_string (out, vigil_ledger_report_get_cache_difference (ledger, i));
    }
  g_string_append_c (out, ']');
  vigil_json_key (out, "schema_problems");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (ledger); i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, vigil_ledger_report_get_schema_problem (ledger, i));
    }
  g_string_append_c (out, ']');
  vigil_json_member_int (out, "earlier_report_heads_checked",
                         vigil_ledger_report_get_n_sealed_heads (ledger));
  vigil_json_member_int (out, "checkpoint_heads_checked",
                         vigil_ledger_report_get_n_checkpoints (ledger));
  vigil_json_member_string (out, "expected_head", vigil_ledger_report_get_expected_head (ledger));
  vigil_json_member_int (out, "legacy_records", vigil_ledger_report_get_legacy_records (ledger));
  vigil_json_key (out, "witness");
  if (vigil_ledger_report_get_witness_path (ledger) == NULL)
    g_string_append (out, "null");
  else
    {
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "file", vigil_ledger_report_get_witness_path (ledger));
      vigil_json_member_int (out, "heads_checked",
                             vigil_ledger_report_get_n_witness_heads (ledger));
      vigil_json_member_int (out, "heads_signed",
                             vigil_ledger_report_get_n_witness_signed (ledger));
      vigil_json_member_bool (out, "head_witnessed",
                              vigil_ledger_report_get_witness_lines (ledger) != NULL);
      vigil_json_member_string (out, "lines", vigil_ledger_report_get_witness_lines (ledger));
      g_string_append_c (out, '}');
    }
  {
    g_autofree char *statement = vigil_report_dup_ledger_statement (self);
    vigil_json_member_string (out, "statement", statement);
  }
  vigil_json_member_string (out, "broken_table", vigil_ledger_report_get_broken_table (ledger));
  if (vigil_ledger_report_get_broken_id (ledger) != 0)
    vigil_json_member_int (out, "broken_id", vigil_ledger_report_get_broken_id (ledger));
  vigil_json_member_string (out, "reason", vigil_ledger_report_get_reason (ledger));
  g_string_append_c (out, '}');

  vigil_json_key (out, "ledger_method");
  g_string_append_c (out, '{');
  vigil_json_member_string (out, "recipe", vigil_ledger_get_recipe ());
  vigil_json_member_string (out, "script", vigil_ledger_get_script ());
  g_string_append_c (out, '}');
}

/* The regulatory statements and who is to sign */
static void
write_sign_off_json (VigilReport *self,
                     GString     *out)
{
  vigil_json_key (out, "regulatory_compliance");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->statements->len; i++)
    {
      const VigilReportStatement *st = &g_array_index (self->statements,
                                                       VigilReportStatement, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "title", st->title);
      vigil_json_member_bool (out, "holds", st->holds);
      vigil_json_member_string (out, "verdict", vigil_report_verdict_to_string (st->verdict));
      vigil_json_member_string (out, "text", st->text);
      vigil_json_member_string (out, "provisions", st->provisions);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  /* Nobody has signed a report that is just written: it names who is to sign. */
  vigil_json_key (out, "sign_off");
  g_string_append_c (out, '{');
  vigil_json_member_string (out, "prepared_by", self->generated_by);
  vigil_json_key (out, "signatories");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->signatories->len; i++)
    {
      const VigilReportSigner *signer = &g_array_index (self->signatories, VigilReportSigner, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "role", signer->role);
      vigil_json_member_string (out, "name", signer->name);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  g_string_append_c (out, '}');
}

char *
vigil_report_to_json (VigilReport *self)
{
  GString *out;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), NULL);

  out = g_string_new ("{");
  write_summary_json (self, out);
  write_models_alerts_json (self, out);
  write_policy_json (self, out);
  write_ledger_json (self, out);
  write_sign_off_json (self, out);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

gboolean
vigil_report_write_json (VigilReport  *self,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *json = vigil_report_to_json (self);
  g_autoptr(VigilOutputFile) output = vigil_output_file_open (path, NULL, NULL, 0644, error);

  return output != NULL &&
         g_output_stream_write_all (vigil_output_file_get_stream (output), json, strlen (json),
                                    NULL, NULL, error) &&
         vigil_output_file_commit (output, error);
}
