/* vigil-chart-style.c: colours, font and scale shared by the chart painters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-style"

#include "config.h"

#include <stdlib.h>

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

/* For the predictions without a colour of their own: Paul Tol's "muted" scheme, also told
 * apart by colour-blind readers, less the colours close to the ones above; the indigo and
 * the wine lightened on a dark background. */
#define TOL_INDIGO         0x332288
#define TOL_INDIGO_ON_DARK 0x8877DD
#define TOL_TEAL           0x44AA99
#define TOL_OLIVE          0x999933
#define TOL_WINE           0x882255
#define TOL_WINE_ON_DARK   0xC0577F
#define TOL_ROSE           0xCC6677

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

  /* Seven colours for seven predictions, so that SELL beside DECLINE, or BUY beside
   * APPROVE, on the dashboard of all models are told apart, and each keeps its colour when
   * the dashboard shows one model. */
  self->positive = rgb (OI_GREEN);
  self->negative = rgb (OI_VERMILION);
  self->neutral = rgb (OI_SKY_BLUE);
  self->approve = rgb (blue);
  self->decline = rgb (OI_PURPLE);
  self->review = rgb (OI_ORANGE);
  self->refer = rgb (OI_YELLOW);
  self->other[0] = rgb (dark ? TOL_INDIGO_ON_DARK : TOL_INDIGO);
  self->other[1] = rgb (TOL_TEAL);
  self->other[2] = rgb (TOL_OLIVE);
  self->other[3] = rgb (dark ? TOL_WINE_ON_DARK : TOL_WINE);
  self->other[4] = rgb (TOL_ROSE);
  self->other[5] = dark ? rgb (0x9A9996) : rgb (0x5E5C64);

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

/* The palette of predictions: the named colours, then the others. */
#define N_NAMED 7
#define N_PALETTE (N_NAMED + VIGIL_CHART_N_OTHER_COLORS)

static const VigilChartColor *
palette_color (const VigilChartStyle *self,
               guint                  slot)
{
  const VigilChartColor *named[N_NAMED] = {
    &self->positive, &self->negative, &self->neutral, &self->approve,
    &self->decline, &self->review, &self->refer,
  };

  return slot < N_NAMED ? named[slot] : &self->other[(slot - N_NAMED) % VIGIL_CHART_N_OTHER_COLORS];
}

/* The slot of @prediction's own colour: a named one, or an other chosen by a hash of the
 * value (FNV-1a of its upper case, the same in every process and on every machine). */
static guint
preferred_slot (const char *prediction,
                gboolean   *out_named)
{
  static const struct
  {
    const char *value;
    guint       slot;
  } names[] = {
    { "BUY", 0 }, { "SELL", 1 }, { "HOLD", 2 },
    { "APPROVE", 3 }, { "APPROVED", 3 }, { "ACCEPT", 3 },
    { "DECLINE", 4 }, { "DECLINED", 4 }, { "REJECT", 4 },
    { "REVIEW", 5 }, { "REFER", 6 },
  };
  guint32 hash = 2166136261u;

  *out_named = FALSE;
  if (prediction == NULL)
    return N_NAMED;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (prediction, names[i].value) == 0)
      {
        *out_named = TRUE;
        return names[i].slot;
      }
  for (const char *p = prediction; *p != '\0'; p++)
    hash = (hash ^ (guchar) g_ascii_toupper (*p)) * 16777619u;
  return N_NAMED + hash % VIGIL_CHART_N_OTHER_COLORS;
}

/**
 * vigil_chart_style_prediction_color:
 * @prediction: (nullable): a prediction, "BUY"
 *
 * Returns: the prediction's own colour, the same in every chart, view and report: BUY,
 *   SELL, HOLD, APPROVE, DECLINE, REVIEW and REFER have one each (APPROVED and ACCEPT share
 *   APPROVE's, DECLINED and REJECT DECLINE's), any other value one of the others chosen by
 *   a hash of it. vigil_chart_style_prediction_colors() gives another to a prediction whose
 *   colour is taken by one drawn with it.
 */
VigilChartColor
vigil_chart_style_prediction_color (const VigilChartStyle *self,
                                    const char            *prediction)
{
  gboolean named;

  g_return_val_if_fail (self != NULL, (VigilChartColor) { 0 });

  return *palette_color (self, preferred_slot (prediction, &named));
}

typedef struct
{
  guint       index;
  guint       slot;     /* its own colour */
  gboolean    named;
  const char *value;
} Pick;

/* Named values first, as they are least likely to move, then by value: the order does not
 * depend on the order the chart draws them in, which changes with their frequency. */
static int
pick_compare (gconstpointer a,
              gconstpointer b)
{
  const Pick *pa = a, *pb = b;

  if (pa->named != pb->named)
    return pa->named ? -1 : 1;
  return g_strcmp0 (pa->value, pb->value);
}

/**
 * vigil_chart_style_prediction_colors:
 * @predictions: (array length=n_predictions): the predictions drawn together, in any order
 * @out_colors: (out caller-allocates) (array length=n_predictions): their colours
 *
 * Gives each prediction its own colour (vigil_chart_style_prediction_color()), unless a
 * prediction drawn with it has it already (two values hashed to the same colour, or
 * APPROVE beside APPROVED): then the later one, in the order of names, takes the next free
 * colour, so that no two of a chart look alike while the palette lasts.
 */
void
vigil_chart_style_prediction_colors (const VigilChartStyle *self,
                                     const char * const    *predictions,
                                     guint                  n_predictions,
                                     VigilChartColor       *out_colors)
{
  g_autofree Pick *picks = NULL;
  gboolean used[N_PALETTE] = { FALSE };

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_predictions == 0 || (predictions != NULL && out_colors != NULL));

  picks = g_new0 (Pick, MAX (n_predictions, 1));
  for (guint i = 0; i < n_predictions; i++)
    {
      picks[i].index = i;
      picks[i].value = predictions[i];
      picks[i].slot = preferred_slot (predictions[i], &picks[i].named);
    }
  qsort (picks, n_predictions, sizeof *picks, pick_compare);

  for (guint i = 0; i < n_predictions; i++)
    {
      guint slot = picks[i].slot;

      /* Taken: the first free of the others from the hashed one on, then of the named ones
       * no prediction here has; when all are taken, its own again. */
      if (used[slot])
        {
          guint base = slot >= N_NAMED ? slot - N_NAMED : 0;

          for (guint k = 0; k < N_PALETTE; k++)
            {
              guint candidate = k < VIGIL_CHART_N_OTHER_COLORS
                                  ? N_NAMED + (base + k) % VIGIL_CHART_N_OTHER_COLORS
                                  : k - VIGIL_CHART_N_OTHER_COLORS;

              if (!used[candidate])
                {
                  slot = candidate;
                  break;
                }
            }
        }
      used[slot] = TRUE;
      out_colors[picks[i].index] = *palette_color (self, slot);
    }
}
