/* vigil-report-private.h: what the report's model holds, for its pages and its recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-dashboard.h"
#include "vigil-performance.h"
#include "vigil-policy.h"
#include "vigil-report.h"
#include "vigil-summary-text.h"

G_BEGIN_DECLS

/* One alert of the period, with its evidence and its acknowledgement. */
typedef struct
{
  gint64         id;
  char          *timestamp;
  char          *alert_type;
  char          *model_name;      /* NULL: not tied to a model */
  VigilSeverity  severity;
  char          *description;
  char          *subject;
  char          *window_start;
  char          *window_end;
  double         observed;        /* NAN when not recorded */
  double         baseline;
  double         threshold;
  double         p_value;
  gint64         n_recent;        /* -1 when not recorded */
  gint64         n_baseline;
  gboolean       acknowledged;
  char          *acknowledged_by;
  char          *acknowledged_at;
  char          *ack_note;
  char          *raised_at;       /* NULL when unknown */
  double         hours_to_ack;    /* NAN when not acknowledged */
} VigilReportAlert;

/* Check coverage of one model on one day of the period. */
typedef enum
{
  VIGIL_COVERAGE_ALERTED,
  VIGIL_COVERAGE_CLEAR,
  VIGIL_COVERAGE_INSUFFICIENT,
  VIGIL_COVERAGE_NOT_RUN,
  VIGIL_COVERAGE_NOT_APPLICABLE,  /* the check ran but does not apply to the model */
  VIGIL_COVERAGE_N
} VigilCoverage;

/* One model of the report. */
typedef struct
{
  char           *name;
  VigilDashboard *dashboard;      /* the period, the same data the app's dashboard draws */
  gint64         *prediction_totals; /* per dashboard->predictions */
  gint64          previous_total; /* decisions in the period before, as long */
  gint64          approved;
  gint64          escalated;
  gint64          overridden;
  gint64          flagged_pending; /* flagged decisions still pending review */
  guint           alerts;
  guint           days_checked;   /* days of the period the checks ran on for this model */
  gboolean        any_check_enabled;
  /* Reviews and outcomes made in the period (by when they were made, from the events) */
  gint64          reviews;
  gint64          outcomes;
  /* Monitoring: the complete days of the period from the model's first decision on, and
   * those on which a check ran with enough data (alerted or clear) */
  guint           days_due;
  guint           days_monitored;
  char           *first_decision; /* ever, NULL when none */
  char           *last_decision;  /* the last before the period's end, NULL when none */
  gboolean        stopped;        /* logged before, nothing on the last day nor since */
  VigilReportVerdict monitoring;
  char           *owner;          /* meta "owner:MODEL", NULL when not recorded */
  /* Outcomes analysis: the figures of the period's decisions and of the previous period's,
   * on the outcomes recorded by the time of the report */
  VigilPerformance *performance;
  VigilPerformance *previous_performance;
  /* Per check, the days of the period by the check's best result (VigilCoverage), counting
   * "not run" only on days its policy enabled it */
  guint          (*check_days)[VIGIL_COVERAGE_N];
} VigilReportModel;

typedef struct
{
  char      *role;
  char      *name;                /* NULL: written by hand */
} VigilReportSigner;

/* A person's action of the period, from its events row: a review or an acknowledgement. */
typedef struct
{
  gint64     event_id;
  char      *timestamp;
  char      *actor;
  gint64     target_id;           /* the decision or the alert */
  char      *model_name;          /* NULL when not known */
  char      *what;                /* a review's status, an alert's check */
  char      *note;
} VigilReportAction;

/* A change of the detection policy, from its events row. */
typedef struct
{
  char      *timestamp;
  char      *actor;
  char      *changes;             /* what changed, one line each */
  char      *sha256;
  VigilPolicy *policy;            /* the policy it put in force */
} VigilReportPolicyChange;

/* A model and version seen in the period, with the completeness of its records. */
typedef struct
{
  char      *model_name;
  char      *model_version;
  char      *first;
  char      *last;
  gint64     decisions;
  gint64     with_inputs;
  gint64     with_confidence;
  gint64     with_explanation;
} VigilReportVersion;

typedef struct
{
  char       day[VIGIL_DAY_LEN];
  guint      model;               /* index in model_sections */
  guint      checks[VIGIL_COVERAGE_N];  /* checks enabled that day, by their outcome */
  gboolean   due;                 /* the day is over and the model had logged by then */
  gboolean   monitored;           /* a check alerted or was clear */
} VigilReportCoverageDay;

/* The share of decisions that must carry each of inputs, confidence and explanation for
 * logging to be complete. */
#define VIGIL_REPORT_COMPLETENESS_BAR 0.99

struct _VigilReport
{
  GObject             parent_instance;

  VigilPeriod         period;
  char                from[VIGIL_TIMESTAMP_LEN];
  char                to[VIGIL_TIMESTAMP_LEN];
  char                previous_from[VIGIL_TIMESTAMP_LEN];
  char              **models;           /* the selection; all models when none was asked */
  gboolean            all_models;
  char               *organisation;
  char                generated_at[VIGIL_TIMESTAMP_LEN];
  char               *generated_by;
  char               *database_path;
  VigilPurpose        purpose;

  /* Executive summary */
  gint64              total;
  gint64              previous_total;
  guint               active_models;
  gint64              pending_reviews;
  gint64              reviewed;
  gint64              approved;
  gint64              escalated;
  gint64              overridden;
  gint64              flagged;
  gint64              flagged_pending;
  guint               alerts_by_severity[VIGIL_SEVERITY_HIGH + 1];
  guint               unacknowledged;
  double              median_hours_to_ack;   /* NAN when none was acknowledged */
  double              max_hours_to_ack;

  GPtrArray          *model_sections;        /* VigilReportModel */
  GArray             *alerts;                /* VigilReportAlert */

  /* Monitoring and retention */
  guint               days_checked;          /* days on which checks ran for every active model */
  char               *oldest_record;         /* NULL when the log is empty */
  char               *policy_text;           /* the policy in force at the period's start */
  double              window_days;
  double              baseline_days;
  char              **checks_enabled;        /* checks that policy enables for some model */
  gboolean            incomplete;            /* the period ends after generated_at */
  guint               complete_days;         /* days of the period that are over */

  /* The policy in force at the start (and at the end) of the period, and its changes */
  VigilPolicy        *policy;
  VigilPolicy        *policy_end;
  char               *policy_since;          /* when it was set, NULL: the defaults */
  char               *policy_set_by;
  GArray             *policy_changes;        /* VigilReportPolicyChange, in the period */

  /* Human actions made in the period */
  GArray             *interventions;         /* VigilReportAction: overrides, escalations */
  GArray             *acknowledgements;      /* VigilReportAction */
  gint64              outcomes;              /* outcomes recorded in the period */

  /* Inventory, completeness, coverage */
  GArray             *versions;              /* VigilReportVersion */
  gint64              with_inputs;
  gint64              with_confidence;
  gint64              with_explanation;
  GArray             *coverage;              /* VigilReportCoverageDay, by model then day */

  VigilLedgerReport  *ledger;
  char                verified_at[VIGIL_TIMESTAMP_LEN];

  GArray             *statements;            /* VigilReportStatement, strings owned below */
  GPtrArray          *statement_strings;

  GArray             *signatories;           /* VigilReportSigner */

  /* Pages laid out per paper by vigil-report-pdf.c, NULL until asked, freed with the
   * layout_free it sets; under lock. The report drops them when what they show changes,
   * without knowing what they are, so that it does not depend on the PDF code. */
  GMutex              lock;
  gpointer            layouts[VIGIL_PAPER_LETTER + 1];
  GDestroyNotify      layout_free;
};

void     vigil_report_alert_clear   (VigilReportAlert *alert);
void     vigil_report_model_free    (VigilReportModel *model);
void     vigil_report_layouts_clear (VigilReport      *self);
char    *vigil_report_format_hours  (double            hours);
gboolean vigil_report_day_add       (const char       *day,
                                     int               n_days,
                                     char              out[VIGIL_DAY_LEN]);
char    *vigil_report_format_share  (gint64            part,
                                     gint64            whole);

/* vigil-report-statements.c */
void     vigil_report_compute_statements (VigilReport *self);

/* vigil-report-sections.c: what the report reads besides the dashboards and alerts */
void     vigil_report_sections_init (VigilReport      *self);
void     vigil_report_sections_clear (VigilReport     *self);
gboolean vigil_report_load_policies (VigilReport      *self,
                                     VigilStore       *store,
                                     GError          **error);
gboolean vigil_report_load_actions  (VigilReport      *self,
                                     VigilStore       *store,
                                     GError          **error);
gboolean vigil_report_load_inventory (VigilReport     *self,
                                      VigilStore      *store,
                                      GError         **error);
gboolean vigil_report_load_coverage (VigilReport      *self,
                                     VigilStore       *store,
                                     GError          **error);
gboolean vigil_report_load_outcomes (VigilReport      *self,
                                     VigilStore       *store,
                                     GError          **error);

/* The alerts of one check and subject for one model, in the period */
typedef struct
{
  const char *subject;            /* owned by the report's alerts; NULL: none recorded */
  guint       alerts;
  guint       acknowledged;
  const char *first_window;       /* the earliest window's start */
  const char *last_window;        /* the latest window's end */
} VigilReportFinding;

/* The findings of @check for @model among the period's alerts, by subject (an array of
 * VigilReportFinding, sorted by subject); the totals in @out_alerts and @out_acknowledged. */
GArray  *vigil_report_dup_findings  (VigilReport      *self,
                                     const char       *model,
                                     VigilCheck        check,
                                     guint            *out_alerts,
                                     guint            *out_acknowledged);
/* The checks @policy enables for @model, as check names, NULL-terminated. */
GStrv    vigil_report_dup_checks_enabled (VigilPolicy *policy,
                                          const char  *model);
/* A check's definition and test, as the method appendix prints them (translated). */
const char *vigil_report_check_definition (VigilCheck check);
const char *vigil_report_check_test       (VigilCheck check);
/* The thresholds of @check in @mp, in words. */
char    *vigil_report_check_thresholds (const VigilModelPolicy *mp,
                                        VigilCheck              check);

G_END_DECLS
