/* vigil-chart-style.h: colours, font and scale shared by the chart painters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

/* Colours for predictions without a colour of their own, chosen by a hash of the value. */
#define VIGIL_CHART_N_OTHER_COLORS 6

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} VigilChartColor;

/**
 * VigilChartStyle:
 *
 * Everything a painter needs to know about how to draw, so that the same painters draw the
 * dashboard in light or dark style and the pages of the PDF report. The colours come from
 * the Okabe-Ito palette (and Paul Tol's muted one for the less common predictions), which
 * colour-blind readers can tell apart; severity is also told by marker shape (circle,
 * diamond, triangle). Lengths are in user units (pixels at 96 dpi, points in a PDF) and
 * multiplied by @scale.
 */
typedef struct
{
  gboolean              dark;
  double                scale;        /* text and line scale, 1.0 at 96 dpi */
  PangoFontDescription *font;         /* the family and base size of every text */

  VigilChartColor       foreground;   /* axes, labels, outlines of alert days */
  VigilChartColor       background;
  VigilChartColor       grid;
  VigilChartColor       muted;        /* axis titles, notes */

  /* Each prediction has one colour in every chart, view and report: */
  VigilChartColor       positive;     /* BUY */
  VigilChartColor       negative;     /* SELL */
  VigilChartColor       neutral;      /* HOLD */
  VigilChartColor       approve;      /* APPROVE, APPROVED, ACCEPT */
  VigilChartColor       decline;      /* DECLINE, DECLINED, REJECT */
  VigilChartColor       review;       /* REVIEW */
  VigilChartColor       refer;        /* REFER */
  VigilChartColor       other[VIGIL_CHART_N_OTHER_COLORS]; /* the others, by a hash */

  VigilChartColor       severity[VIGIL_SEVERITY_HIGH + 1]; /* LOW, MEDIUM, HIGH */

  VigilChartColor       recent;       /* confidence: the recent window's bars */
  VigilChartColor       baseline;     /* confidence: the baseline's step line */
  VigilChartColor       bar;          /* concentration: an entity under the threshold */
  VigilChartColor       emphasis;     /* concentration: an entity over the threshold */
} VigilChartStyle;

VigilChartStyle *vigil_chart_style_new               (gboolean               dark,
                                                      double                 scale);
VigilChartStyle *vigil_chart_style_copy              (const VigilChartStyle *self);
void             vigil_chart_style_free              (VigilChartStyle       *self);
void             vigil_chart_style_set_font          (VigilChartStyle       *self,
                                                      const PangoFontDescription *font);
VigilChartColor  vigil_chart_style_prediction_color  (const VigilChartStyle *self,
                                                      const char            *prediction);
void             vigil_chart_style_prediction_colors (const VigilChartStyle *self,
                                                      const char * const    *predictions,
                                                      guint                  n_predictions,
                                                      VigilChartColor       *out_colors);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilChartStyle, vigil_chart_style_free)

G_END_DECLS
