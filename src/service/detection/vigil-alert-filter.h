/* vigil-alert-filter.h: which alerts the alerts view lists, and how it words their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-alert.h"

G_BEGIN_DECLS

/**
 * VigilAlertFilter:
 * @has_severity: whether only alerts of @severity pass
 * @severity: the severity that passes when @has_severity is set
 * @model_name: (nullable): the model whose alerts pass; %NULL for every model
 * @unacknowledged_only: whether acknowledged alerts are hidden
 * @search_terms: (nullable): folded words, each of which must appear in the alert's
 *   description, type or model; set with vigil_alert_filter_set_search()
 *
 * A plain struct: initialize with vigil_alert_filter_init(), free its contents with
 * vigil_alert_filter_clear().
 */
typedef struct
{
  gboolean       has_severity;
  VigilSeverity  severity;
  char          *model_name;
  gboolean       unacknowledged_only;
  char         **search_terms;
} VigilAlertFilter;

void      vigil_alert_filter_init       (VigilAlertFilter       *filter);
void      vigil_alert_filter_clear      (VigilAlertFilter       *filter);
void      vigil_alert_filter_set_model  (VigilAlertFilter       *filter,
                                         const char             *model_name);
void      vigil_alert_filter_set_search (VigilAlertFilter       *filter,
                                         const char             *text);
gboolean  vigil_alert_filter_matches    (const VigilAlertFilter *filter,
                                         VigilAlert             *alert);

char     *vigil_alert_type_to_label     (const char             *alert_type);
char     *vigil_format_alert_time       (const char             *timestamp);
char     *vigil_format_alert_window     (const char             *window_start,
                                         const char             *window_end);
char     *vigil_format_evidence_value   (double                  value);

/* Which of an alert's values is formatted */
typedef enum
{
  VIGIL_EVIDENCE_OBSERVED,
  VIGIL_EVIDENCE_BASELINE,
  VIGIL_EVIDENCE_THRESHOLD,
} VigilEvidencePart;

char     *vigil_format_alert_evidence   (const char             *alert_type,
                                         VigilEvidencePart       part,
                                         double                  value);
char     *vigil_format_p_value          (double                  p_value);

G_END_DECLS
