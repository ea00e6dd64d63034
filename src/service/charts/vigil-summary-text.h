/* vigil-summary-text.h: the words and numbers of the dashboard's summary cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-summary.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SUMMARY_CARD_DECISIONS,
  VIGIL_SUMMARY_CARD_PER_DAY,
  VIGIL_SUMMARY_CARD_PENDING_REVIEWS,
  VIGIL_SUMMARY_CARD_FLAGGED,
  VIGIL_SUMMARY_CARD_ALERTS,
  VIGIL_SUMMARY_CARD_HIGH_ALERTS,
  VIGIL_SUMMARY_N_CARDS
} VigilSummaryCard;

char *vigil_summary_text_format_count (gint64              count);
char *vigil_summary_text_value        (const VigilSummary *summary,
                                       VigilSummaryCard    card);
char *vigil_summary_text_caption      (const VigilSummary *summary,
                                       VigilSummaryCard    card);
char *vigil_summary_text_detail       (const VigilSummary *summary,
                                       VigilSummaryCard    card);

G_END_DECLS
