/* vigil-dashboard.h: what the dashboard and the report pages draw, aggregated in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-period.h"
#include "vigil-policy.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DASHBOARD (vigil_dashboard_get_type ())

#define VIGIL_DASHBOARD_CONFIDENCE_BINS 20
#define VIGIL_DASHBOARD_TOP_ENTITIES     5

/* The outcomes recorded for one day's decisions, as vigil_outcome_judge() judges them:
 * accuracy is right / judged, coverage with_outcome / the day's decisions. */
typedef struct
{
  gint64 with_outcome;          /* decisions of the day whose outcome has arrived */
  gint64 judged;                /* of which the outcome says right or wrong */
  gint64 right;
} VigilDashboardOutcomes;

/* One UTC day of the period. */
typedef struct
{
  char                  *day;                 /* "YYYY-MM-DD" */
  gint64                 total;               /* decisions that day */
  gint64                *counts;              /* n_predictions counts, in the order of
                                               * predictions */
  gboolean               distribution_alert;  /* a distribution_shift alert's window covers
                                               * this day */
  VigilDashboardOutcomes outcomes;            /* of the day's decisions, all models' under
                                               * all models */
} VigilDashboardDay;

/* One model's share of the daily distribution, for the dashboard of all models: the chart
 * draws one small panel per model. */
typedef struct
{
  char     *model_name;
  gint64    total;              /* its decisions in the period */
  gint64   *day_totals;         /* n_days */
  gint64   *counts;             /* n_days x n_predictions, in the order of predictions */
  gboolean *alert_days;         /* n_days: a distribution_shift alert of this model (or of
                                 * no model) covers the day */
  VigilDashboardOutcomes *outcomes; /* n_days: of the model's decisions of each day */
} VigilDashboardModel;

/* One of the busiest entities (tickers) of the concentration chart's window. */
typedef struct
{
  char    *entity;
  gint64   count;
  double   share;               /* count / entity_total, 0..1 */
} VigilDashboardEntity;

/* One alert of the period (its window overlaps the period), for the timeline. */
typedef struct
{
  gint64         id;
  char          *timestamp;     /* DESIGN's timestamp format: the end of the window */
  char          *window_start;  /* the window the alert describes: the day of the alert */
  char          *window_end;
  char          *raised_at;     /* when it was raised, NULL when unknown */
  char          *alert_type;
  char          *model_name;
  char          *description;
  VigilSeverity  severity;
  gboolean       acknowledged;
} VigilDashboardAlert;

/**
 * VigilDashboard:
 *
 * Everything the dashboard charts and the summary cards show for a model (or all
 * models) and a period of whole UTC days [from, to). Immutable once loaded, reference
 * counted, safe to hand from a worker thread to the main thread.
 */
typedef struct
{
  /*< private >*/
  gatomicrefcount        ref_count;

  /*< public >*/
  char                  *model_name;      /* NULL for all models */
  char                  *from;            /* "YYYY-MM-DDT00:00:00.000000", inclusive */
  char                  *to;              /* exclusive */

  VigilSummary          *summary;         /* the cards: the prototype's numbers */

  /* Daily distribution: one entry per day of the period, days without decisions included. */
  char                 **predictions;     /* NULL-terminated, most frequent first */
  guint                  n_predictions;
  VigilDashboardDay     *days;
  guint                  n_days;

  /* The same per model, by name, for all models only (model_name NULL): the models with
   * decisions in the period; n_models is 0 for one model. */
  VigilDashboardModel   *models;
  guint                  n_models;

  /* Confidence: the recent window (the period's last window_days) against the
   * baseline_days before it; bin i holds confidences in [i/20, (i+1)/20), the last bin 1.0.
   * When the period's last day has no decision with a confidence, the recent window ends on
   * the last day of the period that has one (recent_moved), never on an empty day. */
  char                  *recent_from;
  char                  *recent_to;       /* exclusive; the baseline ends at recent_from */
  char                  *baseline_from;
  VigilPeriod            recent_days;     /* the same windows as days, for their labels */
  VigilPeriod            baseline_days;
  gboolean               recent_moved;
  gint64                 recent_bins[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  gint64                 baseline_bins[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  gint64                 recent_total;    /* decisions with a confidence in the window */
  gint64                 baseline_total;

  /* Concentration, as the check sees it: per model and window of window_days whole days
   * (one window ending on each day of the period), the window in which one entity's share
   * of the model's decisions was highest, and the shares of that window. Windows with fewer
   * decisions than the policy's minimum are left out, as the check leaves them out, unless
   * no window has enough (peak_below_minimum). has_entities is FALSE when no decision of
   * the period names an entity (credit models): the chart then says so instead of drawing. */
  gboolean               has_entities;
  gint64                 entity_total;    /* the model's decisions in the peak window */
  double                 concentration_threshold; /* 0.30 unless the policy says otherwise */
  VigilDashboardEntity  *entities;        /* at most VIGIL_DASHBOARD_TOP_ENTITIES, largest first */
  guint                  n_entities;
  char                  *peak_model;      /* the peak window's model */
  VigilPeriod            peak_days;       /* the peak window's days */
  gboolean               peak_below_minimum;
  guint                  windows_over;    /* windows whose largest share is above the threshold */

  /* Alert timeline: every alert whose window overlaps the period, by the end of its window. */
  VigilDashboardAlert   *alerts;
  guint                  n_alerts;
} VigilDashboard;

GType           vigil_dashboard_get_type (void) G_GNUC_CONST;
VigilDashboard *vigil_dashboard_new      (const char     *model_name,
                                          const char     *from,
                                          const char     *to);
VigilDashboard *vigil_dashboard_ref      (VigilDashboard *self);
void            vigil_dashboard_unref    (VigilDashboard *self);

/* Loads the dashboard of @model_name (NULL: all models) for the @n_days UTC days from
 * @first_day ("YYYY-MM-DD"). Runs SQL over daily roll-ups and indexes; call it in a worker
 * thread. */
VigilDashboard *vigil_dashboard_load     (VigilStore     *store,
                                          const char     *model_name,
                                          const char     *first_day,
                                          guint           n_days,
                                          guint           window_days,
                                          guint           baseline_days,
                                          double          concentration_threshold,
                                          GCancellable   *cancellable,
                                          GError        **error);

VigilDashboard *vigil_dashboard_load_for_policy (VigilStore         *store,
                                                 const char         *model_name,
                                                 const VigilPeriod  *period,
                                                 VigilPolicy        *policy,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDashboard, vigil_dashboard_unref)

G_END_DECLS
