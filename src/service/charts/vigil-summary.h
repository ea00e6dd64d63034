/* vigil-summary.h: the summary numbers of a model and period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_SUMMARY (vigil_summary_get_type ())

/* The numbers a risk officer reads first: those of the prototype's dashboard. */
typedef struct
{
  char   *model_name;        /* NULL for all models */
  char   *from;              /* the period, [from, to) */
  char   *to;
  double  days;              /* length of the period in days */
  gint64  total_decisions;
  double  decisions_per_day;
  gint64  pending_reviews;
  gint64  reviewed;
  gint64  flagged;
  gint64  alerts;
  gint64  high_alerts;
  gint64  unacknowledged_alerts;
  double  mean_confidence;   /* NAN when no decision has one */
} VigilSummary;

GType         vigil_summary_get_type (void) G_GNUC_CONST;
VigilSummary *vigil_summary_copy     (const VigilSummary *self);
void          vigil_summary_free     (VigilSummary       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSummary, vigil_summary_free)

G_END_DECLS
