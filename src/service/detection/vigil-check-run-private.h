/* vigil-check-run-private.h: what a built-in check reads of a run
 *
 * The detector counts each window once (vigil-detector.c); the checks (vigil-check-*.c) read
 * those counts here, and add their results through vigil_check_run_add_result().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-check-run.h"
#include "vigil-input-profile.h"
#include "vigil-policy.h"
#include "vigil-sql.h"
#include "vigil-store.h"
#include "vigil-timestamp.h"

G_BEGIN_DECLS

/* How many decisions had one prediction or one entity */
typedef struct
{
  char   *key;
  gint64  count;
} VigilTally;

/* A window's counts, from one pass over the covering index */
typedef struct
{
  gint64      n;
  GHashTable *predictions;  /* of VigilTally, by prediction */
  GHashTable *tickers;      /* of VigilTally, by entity */
  gint64      n_with_ticker;
  gint64      n_confidence;
  double      sum_confidence;
  double      sumsq_confidence;
} VigilCheckWindow;

struct _VigilCheckRun
{
  VigilStore             *store;
  const char             *model;
  const VigilModelPolicy *policy;
  const char             *segment_by;     /* a segment's field (vigil_segment_field()), or NULL */
  const char             *segment;        /* its value */
  char                   *title;          /* how a message names the model, and its segment */
  double                  segment_alpha;  /* a segment's share of the false-alarm rate; 0: none */
  char                    as_of[VIGIL_TIMESTAMP_LEN];
  gint64                  as_of_usec;
  char                    window_start[VIGIL_TIMESTAMP_LEN];
  char                    baseline_start[VIGIL_TIMESTAMP_LEN];
  double                  baseline_exposure_days;
  VigilCheckWindow        recent;
  VigilCheckWindow        baseline;       /* without flagged decisions */
  gint64                  baseline_all;   /* every decision, flagged or not: for volume */
  GPtrArray              *results;
  VigilInputProfile      *inputs[2];      /* the baseline's and the recent window's, once read */
};

void      vigil_check_window_init      (VigilCheckWindow       *w);
void      vigil_check_window_clear     (VigilCheckWindow       *w);
gboolean  vigil_check_window_count     (VigilCheckWindow       *w,
                                        VigilStore             *store,
                                        const char             *model,
                                        const char             *segment_by,
                                        const char             *segment,
                                        const char             *from,
                                        const char             *to,
                                        gint64                 *all,
                                        GCancellable           *cancellable,
                                        GError                **error);
gint64    vigil_tally_get              (GHashTable             *table,
                                        const char             *key);
double    vigil_check_window_mean      (const VigilCheckWindow *w);
double    vigil_check_window_variance  (const VigilCheckWindow *w);
gboolean  vigil_check_run_has_enough   (VigilCheckRun          *run,
                                        gint64                  n_recent,
                                        gint64                  n_baseline);
char     *vigil_check_format_percent   (double                  share);
void      vigil_check_run_shift        (const char             *timestamp,
                                        guint                   days,
                                        char                    out[VIGIL_TIMESTAMP_LEN]);
int       vigil_check_compare_keys     (gconstpointer           a,
                                        gconstpointer           b);
VigilInputProfile *vigil_check_run_get_inputs (VigilCheckRun  *run,
                                               gboolean        recent,
                                               GCancellable   *cancellable,
                                               GError        **error);
void      vigil_check_run_clear_inputs (VigilCheckRun          *run);
char     *vigil_check_run_segment_sql  (VigilCheckRun          *run,
                                        const char             *sql,
                                        int                     param);
void      vigil_check_run_bind_segment (VigilCheckRun          *run,
                                        VigilSqlStmt           *stmt,
                                        int                     param);

G_END_DECLS
