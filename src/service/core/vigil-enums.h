/* vigil-enums.h: enumerations of the service layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_PURPOSE_PRODUCTION,
  VIGIL_PURPOSE_TRAINING,
} VigilPurpose;

typedef enum
{
  VIGIL_REVIEW_PENDING,
  VIGIL_REVIEW_APPROVED,
  VIGIL_REVIEW_ESCALATED,
  VIGIL_REVIEW_OVERRIDDEN,
} VigilReviewStatus;

typedef enum
{
  VIGIL_SEVERITY_LOW,
  VIGIL_SEVERITY_MEDIUM,
  VIGIL_SEVERITY_HIGH,
} VigilSeverity;

typedef enum
{
  VIGIL_EXPORT_JSONL,
  VIGIL_EXPORT_CSV,
} VigilExportFormat;

typedef enum /*< flags >*/
{
  VIGIL_EXPORT_FLAGS_NONE = 0,
  VIGIL_EXPORT_RAW_CSV    = 1 << 0,   /* CSV cells as stored, formulas and all */
} VigilExportFlags;

/* The built-in charts, indices into the table of vigil-chart-kind.c; charts registered at
 * run time follow them. */
typedef enum
{
  VIGIL_CHART_KIND_DISTRIBUTION,
  VIGIL_CHART_KIND_CONFIDENCE,
  VIGIL_CHART_KIND_CONCENTRATION,
  VIGIL_CHART_KIND_TIMELINE,
  VIGIL_CHART_KIND_PERFORMANCE,
} VigilChartKind;

/* The parts of a VigilDashboard a chart draws (VigilChartDescriptor.needs), so that a view
 * can tell which charts a partial dashboard can feed. */
typedef enum
{
  VIGIL_CHART_NEEDS_DAYS       = 1 << 0,  /* predictions and days */
  VIGIL_CHART_NEEDS_CONFIDENCE = 1 << 1,  /* recent and baseline bins and windows */
  VIGIL_CHART_NEEDS_ENTITIES   = 1 << 2,  /* the concentration's peak window */
  VIGIL_CHART_NEEDS_ALERTS     = 1 << 3,  /* the alerts of the period */
  VIGIL_CHART_NEEDS_PERIOD     = 1 << 4,  /* from and to */
  VIGIL_CHART_NEEDS_OUTCOMES   = 1 << 5,  /* the outcomes of each day's decisions */
} VigilChartNeeds;

const char *vigil_purpose_to_string        (VigilPurpose       purpose);
gboolean    vigil_purpose_from_string      (const char        *str,
                                            VigilPurpose      *out);
const char *vigil_review_status_to_string  (VigilReviewStatus  status);
gboolean    vigil_review_status_from_string (const char       *str,
                                             VigilReviewStatus *out);
const char *vigil_severity_to_string       (VigilSeverity      severity);
gboolean    vigil_severity_from_string     (const char        *str,
                                            VigilSeverity     *out);

G_END_DECLS
