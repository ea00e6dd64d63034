/* vigil-chart-style.c: colours, font and scale shared by the chart painters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-style"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-chart-style.h"

/* Okabe-Ito, "Color Universal Design" (2002). */
#define OI_ORANGE    0xE69F00
#define OI_SKY_BLUE  0x56B4E9
#define OI_GREEN     0x009E73
#define OI_YELLOW    0xF0E442
#define OI_BLUE      0x0072B2
#define OI_VERMILION 0xD55E00
#define OI_PURPLE    0xCC79A7

/* The blue is too dark on a dark background; this lighter one keeps its hue. */
#define OI_BLUE_ON_DARK 0x3A9BDC

static VigilChartColor
rgb (guint32 hex)
{
  return (VigilChartColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
}

/**
 * vigil_chart_style_new:
 * @dark: whether to draw light on dark
 * @scale: text and line scale, 1.0 at 96 dpi; the text-scaling factor of the desktop
 *
 * Returns: (transfer full): the style, with the font "Sans 9"
 */
VigilChartStyle *
vigil_chart_style_new (gboolean dark,
                       double   scale)
{
  VigilChartStyle *self = g_new0 (VigilChartStyle, 1);
  guint32 blue = dark ? OI_BLUE_ON_DARK : OI_BLUE;

  self->dark = dark;
  self->scale = scale > 0.25 && scale < 8.0 ? scale : 1.0;
  self->font = pango_font_description_from_string ("Sans 9");

  if (dark)
    {
      self->foreground = rgb (0xEEEEEC);
      self->background = rgb (0x242424);
      self->grid = rgb (0x3D3D3D);
      self->muted = rgb (0xB0B0AE);
    }
  else
    {
      self->foreground = rgb (0x1E1E1E);
      self->background = rgb (0xFFFFFF);
      self->grid = rgb (0xE0E0E0);
      self->muted = rgb (0x5E5C64);
    }

  self->positive = rgb (OI_GREEN);
  self->negative = rgb (OI_VERMILION);
  self->neutral = rgb (OI_SKY_BLUE);
  /* Purple first: SELL beside DECLINE on the dashboard of all models must not look like
   * HOLD's sky blue */
  self->other[0] = rgb (OI_PURPLE);
  self->other[1] = rgb (OI_ORANGE);
  self->other[2] = rgb (blue);
  self->other[3] = rgb (OI_YELLOW);
  self->other[4] = dark ? rgb (0x9A9996) : rgb (0x5E5C64);

  self->severity[VIGIL_SEVERITY_LOW] = rgb (OI_SKY_BLUE);
  self->severity[VIGIL_SEVERITY_MEDIUM] = rgb (OI_ORANGE);
  self->severity[VIGIL_SEVERITY_HIGH] = rgb (OI_VERMILION);

  self->recent = rgb (blue);
  self->baseline = rgb (OI_ORANGE);
  self->bar = rgb (blue);
  self->emphasis = rgb (OI_VERMILION);

  return self;
}

VigilChartStyle *
vigil_chart_style_copy (const VigilChartStyle *self)
{
  VigilChartStyle *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->font = pango_font_description_copy (self->font);
  return copy;
}

void
vigil_chart_style_free (VigilChartStyle *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self);
}

/**
 * vigil_chart_style_set_font:
 * @font: the font to take the family (and, if set, the size) from
 *
 * Lets the charts use the desktop's font. Sizes beyond 6 to 24 points are clamped, as
 * scaling is the job of #VigilChartStyle.scale.
 */
void
vigil_chart_style_set_font (VigilChartStyle            *self,
                            const PangoFontDescription *font)
{
  int size;

  g_return_if_fail (self != NULL);
  g_return_if_fail (font != NULL);

  size = pango_font_description_get_size (self->font);
  if (pango_font_description_get_family (font) != NULL)
    pango_font_description_set_family (self->font, pango_font_description_get_family (font));
  if (pango_font_description_get_size (font) > 0 && !pango_font_description_get_size_is_absolute (font))
    size = CLAMP (pango_font_description_get_size (font), 6 * PANGO_SCALE, 24 * PANGO_SCALE);
  pango_font_description_set_size (self->font, size);
}

static int
named_color (const char *prediction)
{
  static const char * const positive[] = { "BUY", "APPROVE", "APPROVED", "ACCEPT", NULL };
  static const char * const negative[] = { "SELL", "DECLINE", "DECLINED", "REJECT", NULL };
  static const char * const neutral[] = { "HOLD", "REVIEW", "REFER", NULL };

  if (prediction == NULL)
    return -1;
  for (guint i = 0; positive[i] != NULL; i++)
    if (g_ascii_strcasecmp (prediction, positive[i]) == 0)
      return 0;
  for (guint i = 0; negative[i] != NULL; i++)
    if (g_ascii_strcasecmp (prediction, negative[i]) == 0)
      return 1;
  for (guint i = 0; neutral[i] != NULL; i++)
    if (g_ascii_strcasecmp (prediction, neutral[i]) == 0)
      return 2;
  return -1;
}

/**
 * vigil_chart_style_prediction_colors:
 * @predictions: (array length=n_predictions): the predictions, in the order they are drawn
 * @out_colors: (out caller-allocates) (array length=n_predictions): their colours
 *
 * Gives BUY and APPROVE the positive colour, SELL and DECLINE the negative one, HOLD the
 * neutral one, and the others the remaining palette in turn; the same prediction gets the
 * same colour in every chart of a dashboard. When two predictions of the same kind are drawn
 * together (SELL and DECLINE, on the dashboard of all models), the second takes a colour of
 * its own, so that no two bars of a chart look alike.
 */
void
vigil_chart_style_prediction_colors (const VigilChartStyle *self,
                                     const char * const    *predictions,
                                     guint                  n_predictions,
                                     VigilChartColor       *out_colors)
{
  guint next_other = 0;
  gboolean taken[3] = { FALSE, FALSE, FALSE };

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_predictions == 0 || (predictions != NULL && out_colors != NULL));

  for (guint i = 0; i < n_predictions; i++)
    {
      int named = named_color (predictions[i]);

      if (named >= 0 && named < 3 && taken[named])
        named = -1;
      else if (named >= 0 && named < 3)
        taken[named] = TRUE;

      switch (named)
        {
        case 0:
          out_colors[i] = self->positive;
          break;
        case 1:
          out_colors[i] = self->negative;
          break;
        case 2:
          out_colors[i] = self->neutral;
          break;
        default:
          out_colors[i] = self->other[next_other % VIGIL_CHART_N_OTHER_COLORS];
          next_other++;
          break;
        }
    }
}
