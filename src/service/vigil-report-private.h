/* vigil-report-private.h: what the report's model holds, for its pages and its recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-dashboard.h"
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
  double         hours_to_ack;    /* NAN when not acknowledged */
} VigilReportAlert;

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
} VigilReportModel;

typedef struct
{
  char      *name;
  char      *date;
} VigilReportSigner;

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
  char               *policy_text;
  double              window_days;
  double              baseline_days;
  char              **checks_enabled;        /* names of the checks on by default */

  VigilLedgerReport  *ledger;
  char                verified_at[VIGIL_TIMESTAMP_LEN];

  GArray             *statements;            /* VigilReportStatement, strings owned below */
  GPtrArray          *statement_strings;

  VigilReportSigner   signers[VIGIL_SIGNER_N_ROLES];

  /* Pages laid out per paper, NULL until asked; under lock. */
  GMutex              lock;
  gpointer            layouts[VIGIL_PAPER_LETTER + 1];
};

void     vigil_report_alert_clear   (VigilReportAlert *alert);
void     vigil_report_model_free    (VigilReportModel *model);
void     vigil_report_layouts_clear (VigilReport      *self);
char    *vigil_report_format_hours  (double            hours);

G_END_DECLS
