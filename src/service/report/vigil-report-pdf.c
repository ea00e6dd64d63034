/* vigil-report-pdf.c: the report's pages, laid out with Pango, drawn with cairo for the
 * preview and the PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "vigil-alert-filter.h"
#include "vigil-chart.h"
#include "vigil-check-result.h"
#include "vigil-ledger.h"
#include "vigil-output.h"
#include "vigil-report-private.h"

#define MARGIN_X      54.0
#define MARGIN_TOP    54.0
#define MARGIN_BOTTOM 70.0   /* the footer lies in it */
#define BODY_SIZE     9.5
#define SMALL_SIZE    7.5
#define CELL_PAD      3.0
#define CHART_HEIGHT  192.0  /* a chart of the model pages, under its title */
#define CHART_TITLE   16.0
#define CHART_GAP     14.0
#define CHARTS_PER_ITEM 4    /* two rows of two: a block that is not split across pages */
#define SIGN_HEIGHT   64.0
#define MAX_CELLS     8

typedef enum
{
  ITEM_TITLE,     /* the whole first page */
  ITEM_HEADING,
  ITEM_SUBHEADING,
  ITEM_TEXT,
  ITEM_MONO,
  ITEM_ROW,       /* a table row; a header row repeats at the top of each page of its table */
  ITEM_CHARTS,
  ITEM_SIGN,
  ITEM_BREAK,
  ITEM_SPACE,
} ItemKind;

typedef struct
{
  ItemKind          kind;
  char             *markup;
  guint             n_cells;
  char             *cells[MAX_CELLS];   /* markup */
  const double     *widths;             /* fractions of the text width */
  gboolean          header;             /* a header row */
  gboolean          shaded;
  int               header_item;        /* the header of this row's table, -1 */
  VigilReportModel *model;
  guint             first_chart;        /* charts: the kinds first_chart.. + n_charts */
  guint             n_charts;
  double            space;
  gboolean          soft;               /* a break: only when what follows it up to the
                                         * next break does not fit under what came before */
  double            height;             /* measured */
} Item;

typedef struct
{
  guint  item;
  double y;
} Placed;

typedef struct
{
  VigilPaper  paper;
  double      width;
  double      height;
  GArray     *items;   /* Item */
  GPtrArray  *pages;   /* GArray of Placed */
} Layout;

static void
item_clear (Item *item)
{
  g_free (item->markup);
  for (guint i = 0; i < item->n_cells; i++)
    g_free (item->cells[i]);
}

static void
layout_free (Layout *layout)
{
  g_array_unref (layout->items);
  g_ptr_array_unref (layout->pages);
  g_free (layout);
}

/* Text ------------------------------------------------------------------------------------- */

static void
setup_context (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the preview on screen breaks lines where the PDF does. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 72.0);
  cairo_font_options_destroy (options);
}

/* Ledger heads (64 hex characters, with their @D.A.E) and command-line options are copied and
 * searched for: a line never breaks inside one. A head moves to a line of its own, and only
 * where even that is too narrow breaks before its "@"; it is set in a monospace type small
 * enough for its 64 characters to fit the narrowest cell that holds one. */
static gboolean
keep_token (const GMatchInfo *match,
            GString          *out,
            gpointer          data)
{
  double size = *(const double *) data;
  g_autofree char *token = g_match_info_fetch (match, 0);
  const char *at = strchr (token, '@');

  if (token[0] == '-')
    {
      g_string_append_printf (out, "<span allow_breaks=\"false\">%s</span>", token);
      return FALSE;
    }
  g_string_append_printf (out, "<span font_family=\"monospace\" size=\"%.1fpt\">"
                               "<span allow_breaks=\"false\">%.*s</span>",
                          size, at ? (int) (at - token) : (int) strlen (token), token);
  if (at != NULL)
    g_string_append_printf (out, "<span allow_breaks=\"false\">%s</span>", at);
  g_string_append (out, "</span>");
  return FALSE;
}

static char *
keep_tokens_whole (const char *markup,
                   double      size)
{
  static GRegex *tokens;
  double token_size = MIN (size, SMALL_SIZE);

  if (g_once_init_enter (&tokens))
    g_once_init_leave (&tokens,
                       g_regex_new ("(?<![0-9a-f])[0-9a-f]{64}(@[0-9]+\\.[0-9]+\\.[0-9]+)?"
                                    "|(?<![\\w-])--[a-z]+(-[a-z]+)+",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace_eval (tokens, markup, -1, 0, 0, keep_token, &token_size, NULL);
}

static PangoLayout *
text_layout (PangoContext *context,
             const char   *markup,
             double        size,
             gboolean      mono,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (mono ? "Monospace" : "Sans");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  {
    g_autofree char *kept = keep_tokens_whole (markup, size);

    pango_layout_set_markup (layout, kept, -1);
  }
  {
    /* A hash broken across lines must not gain hyphens: it is copied and searched for. */
    PangoAttrList *attrs = pango_layout_get_attributes (layout);
    PangoAttrList *list = attrs ? pango_attr_list_copy (attrs) : pango_attr_list_new ();

    pango_attr_list_insert_before (list, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (layout, list);
    pango_attr_list_unref (list);
  }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
item_size (const Item *item)
{
  switch (item->kind)
    {
    case ITEM_HEADING:
      return 16.0;
    case ITEM_SUBHEADING:
      return 11.5;
    case ITEM_MONO:
      return SMALL_SIZE;
    case ITEM_ROW:
      return item->n_cells > 3 ? SMALL_SIZE : BODY_SIZE;
    case ITEM_TITLE:
    case ITEM_TEXT:
    case ITEM_CHARTS:
    case ITEM_SIGN:
    case ITEM_BREAK:
    case ITEM_SPACE:
    default:
      return BODY_SIZE;
    }
}

static double
cell_width (const Item *item,
            guint       i,
            double      text_width)
{
  return item->widths[i] * text_width;
}

static double
measure (PangoContext *context,
         const Item   *item,
         double        text_width)
{
  switch (item->kind)
    {
    case ITEM_HEADING:
    case ITEM_SUBHEADING:
      {
        g_autoptr(PangoLayout) l = text_layout (context, item->markup, item_size (item), FALSE,
                                                text_width);

        return layout_height (l) + (item->kind == ITEM_HEADING ? 14.0 : 8.0);
      }
    case ITEM_TEXT:
    case ITEM_MONO:
      {
        g_autoptr(PangoLayout) l = text_layout (context, item->markup, item_size (item),
                                                item->kind == ITEM_MONO, text_width);

        return layout_height (l) + 6.0;
      }
    case ITEM_ROW:
      {
        double h = 0;

        for (guint i = 0; i < item->n_cells; i++)
          {
            g_autoptr(PangoLayout) l = text_layout (context, item->cells[i], item_size (item),
                                                    FALSE,
                                                    cell_width (item, i, text_width) - 2 * CELL_PAD);

            h = MAX (h, layout_height (l));
          }
        return h + 2 * CELL_PAD;
      }
    case ITEM_CHARTS:
      {
        guint rows = (item->n_charts + 1) / 2;

        return rows * (CHART_TITLE + CHART_HEIGHT) + (rows > 0 ? rows - 1 : 0) * CHART_GAP;
      }
    case ITEM_SIGN:
      return SIGN_HEIGHT;
    case ITEM_SPACE:
      return item->space;
    case ITEM_TITLE:
    case ITEM_BREAK:
    default:
      return 0;
    }
}

/* Content ---------------------------------------------------------------------------------- */

static Item *
add_item (GArray   *items,
          ItemKind  kind)
{
  Item item = { 0 };

  item.kind = kind;
  item.header_item = -1;
  g_array_append_val (items, item);
  return &g_array_index (items, Item, items->len - 1);
}

static void
add_text (GArray     *items,
          ItemKind    kind,
          const char *markup)
{
  add_item (items, kind)->markup = g_strdup (markup);
}

static void
add_text_printf (GArray     *items,
                 ItemKind    kind,
                 const char *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
add_text_printf (GArray     *items,
                 ItemKind    kind,
                 const char *format,
                 ...)
{
  va_list args;
  Item *item = add_item (items, kind);

  va_start (args, format);
  item->markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
}

/* A row of cells, each given as plain text (escaped here) unless it starts with "\x01",
 * which marks markup. */
static Item *
add_row (GArray       *items,
         const double *widths,
         int           header_item,
         gboolean      header,
         guint         n_cells,
         ...)
{
  Item *item = add_item (items, ITEM_ROW);
  va_list args;

  item->widths = widths;
  item->header = header;
  item->header_item = header_item;
  item->n_cells = MIN (n_cells, MAX_CELLS);
  va_start (args, n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      const char *text = va_arg (args, const char *);

      if (i >= MAX_CELLS)
        continue;
      if (text == NULL)
        text = "—";
      if (text[0] == '\x01')
        item->cells[i] = g_strdup (text + 1);
      else if (header)
        item->cells[i] = g_markup_printf_escaped ("<b>%s</b>", text);
      else
        item->cells[i] = g_markup_escape_text (text, -1);
    }
  va_end (args);
  return item;
}

static const double kv_widths[] = { 0.36, 0.64 };

static void
add_kv (GArray     *items,
        const char *key,
        const char *value)
{
  g_autofree char *k = g_markup_printf_escaped ("\x01<b>%s</b>", key);

  add_row (items, kv_widths, -1, FALSE, 2, k, value);
}

static char *
format_change (gint64 now,
               gint64 before)
{
  if (before == 0)
    return g_strdup (now == 0 ? "—" : _("new"));
  return g_strdup_printf ("%+.1f%%", 100.0 * ((double) now - (double) before) / (double) before);
}

static char *
format_confidence (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

static const char *
describe_subject (const char  *subject,
                  char       **owned)
{
  g_autofree char *segment_by = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *rest = NULL;

  if (vigil_subject_split_segment (subject, &segment_by, &segment, &rest))
    {
      g_autofree char *inner_owned = NULL;

      if (rest == NULL)
        return *owned = g_strdup_printf (_("All of %s “%s”"), segment_by, segment);
      return *owned = g_strdup_printf (_("%s, in %s “%s”"),
                                       describe_subject (rest, &inner_owned), segment_by,
                                       segment);
    }
  if (subject == NULL)
    return _("not recorded");
  if (strcmp (subject, "empty_inputs") == 0)
    return _("Decisions without input features");
  if (strcmp (subject, "missing_confidence") == 0)
    return _("Decisions without a confidence");
  if (strcmp (subject, "missing_explanation") == 0)
    return _("Decisions without an explanation");
  if (g_str_has_prefix (subject, "missing:"))
    return *owned = g_strdup_printf (_("Input “%s” missing"), subject + strlen ("missing:"));
  if (g_str_has_prefix (subject, "out_of_range:"))
    return *owned = g_strdup_printf (_("Input “%s” outside the baseline’s range"),
                                     subject + strlen ("out_of_range:"));
  return subject;
}

static char *
format_evidence (const VigilReportAlert *a)
{
  GString *out = g_string_new (NULL);
  g_autofree char *owned = NULL;

  if (a->subject)
    g_string_append_printf (out, _("Subject: %s. "), describe_subject (a->subject, &owned));
  /* Each value as what the check measures, as the app's alert detail shows it */
  if (!isnan (a->observed))
    {
      g_autofree char *v = vigil_format_alert_evidence (a->alert_type, VIGIL_EVIDENCE_OBSERVED,
                                                        a->observed);

      g_string_append_printf (out, _("Observed %s"), v);
    }
  if (!isnan (a->baseline))
    {
      g_autofree char *v = vigil_format_alert_evidence (a->alert_type, VIGIL_EVIDENCE_BASELINE,
                                                        a->baseline);

      g_string_append_printf (out, _(", baseline %s"), v);
    }
  if (!isnan (a->threshold))
    {
      g_autofree char *v = vigil_format_alert_evidence (a->alert_type,
                                                        VIGIL_EVIDENCE_THRESHOLD, a->threshold);

      g_string_append_printf (out, _(", threshold %s"), v);
    }
  if (!isnan (a->p_value))
    g_string_append_printf (out, ", p = %.3g", a->p_value);
  if (a->n_recent >= 0)
    g_string_append_printf (out, "; n = %" G_GINT64_FORMAT, a->n_recent);
  if (a->n_baseline >= 0)
    g_string_append_printf (out, " / %" G_GINT64_FORMAT, a->n_baseline);
  if (a->window_start && a->window_end)
    g_string_append_printf (out, _("; window %.16s to %.16s"), a->window_start, a->window_end);
  return g_string_free (out, FALSE);
}

static const double model_widths[] = { 0.22, 0.11, 0.12, 0.09, 0.13, 0.08, 0.10, 0.15 };
static const double alert_widths[] = { 0.12, 0.15, 0.15, 0.09, 0.31, 0.18 };
static const double statement_widths[] = { 0.25, 0.11, 0.64 };

static const double action_widths[] = { 0.15, 0.09, 0.18, 0.14, 0.12, 0.32 };
static const double inventory_widths[] = { 0.20, 0.12, 0.15, 0.15, 0.10, 0.09, 0.09, 0.10 };
static const double coverage_widths[] = { 0.28, 0.16, 0.12, 0.12, 0.16, 0.16 };
static const double policy_widths[] = { 0.22, 0.22, 0.56 };
static const double change_widths[] = { 0.18, 0.18, 0.64 };

static char *
format_when (const char *timestamp)
{
  char when[17];

  g_strlcpy (when, timestamp ? timestamp : "", sizeof when);
  if (strlen (when) > 10)
    when[10] = ' ';
  return g_strdup (when);
}

static void
add_statements (VigilReport *self,
                GArray      *items)
{
  int header = (int) items->len;

  add_row (items, statement_widths, -1, TRUE, 3, _("Requirement and provisions"), _("Status"),
           _("Statement"));
  for (guint i = 0; i < self->statements->len; i++)
    {
      const VigilReportStatement *st = &g_array_index (self->statements,
                                                       VigilReportStatement, i);
      const char *label = vigil_report_verdict_get_label (st->verdict);
      g_autofree char *title = g_markup_printf_escaped ("\x01<b>%s</b>\n<span size='smaller'>%s</span>",
                                                        st->title, st->provisions);
      g_autofree char *status = NULL;

      if (st->verdict == VIGIL_REPORT_VERDICT_MET)
        status = g_markup_printf_escaped ("\x01<b>%s</b>", label);
      else if (st->verdict == VIGIL_REPORT_VERDICT_NO_DATA)
        status = g_markup_printf_escaped ("\x01<span foreground='#8a5a00'><b>%s</b></span>",
                                          label);
      else
        status = g_markup_printf_escaped ("\x01<span foreground='#b00000'><b>%s</b></span>",
                                          label);
      add_row (items, statement_widths, header, FALSE, 3, title, status, st->text)
        ->shaded = i % 2 == 1;
    }
  add_text_printf (items, ITEM_TEXT,
                   _("NO DATA means the log holds nothing to judge the requirement by in this "
                     "period; it is not a pass. Logging completeness is met when at least "
                     "%.0f%% of the decisions carry each of their inputs, a confidence and an "
                     "explanation."), 100 * VIGIL_REPORT_COMPLETENESS_BAR);
}

static void
add_actions_table (GArray     *items,
                   GArray     *actions,
                   const char *target_title,
                   const char *what_title,
                   const char *note_title)
{
  int header = (int) items->len;

  add_row (items, action_widths, -1, TRUE, 6, _("When (UTC)"), target_title, _("Model"),
           _("By"), what_title, note_title);
  for (guint i = 0; i < actions->len; i++)
    {
      VigilReportAction *a = &g_array_index (actions, VigilReportAction, i);
      g_autofree char *when = format_when (a->timestamp);
      g_autofree char *target = g_strdup_printf ("%" G_GINT64_FORMAT, a->target_id);

      add_row (items, action_widths, header, FALSE, 6, when, target,
               a->model_name ? a->model_name : _("all models"), a->actor, a->what,
               a->note ? a->note : "—")->shaded = i % 2 == 1;
    }
}

static void
add_interventions_section (VigilReport *self,
                           GArray      *items)
{
  guint n = self->interventions->len;

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Overrides and escalations"));
  if (n == 0)
    {
      add_text (items, ITEM_TEXT,
                _("No decision was overridden or escalated by a reviewer in this period."));
      return;
    }
  add_text_printf (items, ITEM_TEXT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u review made in the period overrode or escalated a "
                                "decision, whatever the decision’s date:",
                                "%u reviews made in the period overrode or escalated a "
                                "decision, whatever the decision’s date:", n), n);
  add_actions_table (items, self->interventions, _("Decision"), _("Review"), _("Notes"));
}

static void
add_acknowledgements_section (VigilReport *self,
                              GArray      *items)
{
  guint n = self->acknowledgements->len;

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Acknowledgements"));
  if (n == 0)
    {
      add_text (items, ITEM_TEXT, _("No alert was acknowledged in this period."));
      return;
    }
  add_text_printf (items, ITEM_TEXT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u acknowledgement was made in the period, of an alert of any "
                                "date:",
                                "%u acknowledgements were made in the period, of alerts of any "
                                "date:", n), n);
  add_actions_table (items, self->acknowledgements, _("Alert"), _("Check"), _("Note"));
}

static void
add_inventory_section (VigilReport *self,
                       GArray      *items)
{
  int header;

  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Model inventory"));
  if (self->versions->len == 0)
    {
      add_text (items, ITEM_TEXT, _("No model logged decisions in this period."));
    }
  else
    {
      add_text (items, ITEM_TEXT,
                _("Every model and version that logged decisions in the period, with the share "
                  "of its decisions that carry their inputs, a confidence and an explanation."));
      header = (int) items->len;
      add_row (items, inventory_widths, -1, TRUE, 8, _("Model and owner"), _("Version"),
               _("First (UTC)"), _("Last (UTC)"), _("Decisions"), _("Inputs"),
               _("Confidence"), _("Explanation"));
      for (guint i = 0; i < self->versions->len; i++)
        {
          VigilReportVersion *v = &g_array_index (self->versions, VigilReportVersion, i);
          const char *owner = NULL;
          g_autofree char *name = NULL;
          g_autofree char *first = format_when (v->first);
          g_autofree char *last = format_when (v->last);
          g_autofree char *n = vigil_summary_text_format_count (v->decisions);
          g_autofree char *in = vigil_report_format_share (v->with_inputs, v->decisions);
          g_autofree char *co = vigil_report_format_share (v->with_confidence, v->decisions);
          g_autofree char *ex = vigil_report_format_share (v->with_explanation, v->decisions);

          for (guint k = 0; k < self->model_sections->len; k++)
            {
              VigilReportModel *m = g_ptr_array_index (self->model_sections, k);

              if (strcmp (m->name, v->model_name) == 0)
                owner = m->owner;
            }
          name = g_strdup_printf ("%s\n%s", v->model_name,
                                  owner ? owner : _("owner not recorded"));
          add_row (items, inventory_widths, header, FALSE, 8, name, v->model_version, first,
                   last, n, in, co, ex)->shaded = i % 2 == 1;
        }
    }
  {
    g_autofree char *total = vigil_summary_text_format_count (self->total);
    g_autofree char *in = vigil_report_format_share (self->with_inputs, self->total);
    g_autofree char *co = vigil_report_format_share (self->with_confidence, self->total);
    g_autofree char *ex = vigil_report_format_share (self->with_explanation, self->total);

    add_item (items, ITEM_SPACE)->space = 6;
    add_text_printf (items, ITEM_TEXT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Logging completeness over the %s decision: inputs %s, "
                                  "confidence %s, explanation %s; the bar is %.0f%% for each.",
                                  "Logging completeness over the %s decisions: inputs %s, "
                                  "confidence %s, explanation %s; the bar is %.0f%% for each.",
                                  self->total),
                     total, in, co, ex, 100 * VIGIL_REPORT_COMPLETENESS_BAR);
  }
}

static void
add_coverage_section (VigilReport *self,
                      GArray      *items)
{
  int header;

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Check coverage"));
  add_text (items, ITEM_TEXT,
            _("For each model and day: how many of the checks its policy enabled alerted, were "
              "clear, lacked data or did not run. A day is monitored when at least one check "
              "alerted or was clear; a day on which every check lacked data is not."));
  header = (int) items->len;
  add_row (items, coverage_widths, -1, TRUE, 6, _("Model and day"), _("Alerted"), _("Clear"),
           _("Insufficient data"), _("Not run"), _("Monitored"));
  for (guint i = 0; i < self->coverage->len; i++)
    {
      VigilReportCoverageDay *c = &g_array_index (self->coverage, VigilReportCoverageDay, i);
      VigilReportModel *m = g_ptr_array_index (self->model_sections, c->model);
      g_autofree char *what = g_strdup_printf ("%s, %s", m->name, c->day);
      g_autofree char *alerted = g_strdup_printf ("%u", c->checks[VIGIL_COVERAGE_ALERTED]);
      g_autofree char *clear = g_strdup_printf ("%u", c->checks[VIGIL_COVERAGE_CLEAR]);
      g_autofree char *insufficient = g_strdup_printf ("%u", c->checks[VIGIL_COVERAGE_INSUFFICIENT]);
      g_autofree char *not_run = g_strdup_printf ("%u", c->checks[VIGIL_COVERAGE_NOT_RUN]);
      /* TRANSLATORS: "no" in the Monitored column: the model-day was not monitored */
      const char *no = _("no");
      g_autofree char *not_monitored =
        g_markup_printf_escaped ("\x01<span foreground='#b00000'><b>%s</b></span>", no);
      const char *monitored = c->monitored ? _("yes") : !c->due ? _("not due") : not_monitored;

      add_row (items, coverage_widths, header, FALSE, 6, what, alerted, clear, insufficient,
               not_run, monitored)->shaded = i % 2 == 1;
    }
  add_text (items, ITEM_TEXT,
            _("“Not due”: the day is not over, or the model had not logged its first decision "
              "by its end."));
}

static void
add_policy_section (VigilReport *self,
                    GArray      *items)
{
  int header;

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Detection policy in force"));
  if (self->policy_since)
    add_text_printf (items, ITEM_TEXT,
                     _("The policy in force at the start of the period was set on %.19s UTC by "
                       "%s, as the ledger’s events record it."),
                     self->policy_since, self->policy_set_by ? self->policy_set_by : "?");
  else
    add_text (items, ITEM_TEXT,
              _("No policy change was recorded before the period: the default policy was in "
                "force at its start."));
  header = (int) items->len;
  add_row (items, policy_widths, -1, TRUE, 3, _("Model"), _("Windows"), _("Checks enabled"));
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      const VigilModelPolicy *mp = vigil_policy_for_model (self->policy, self->models[i]);
      g_auto(GStrv) enabled = vigil_report_dup_checks_enabled (self->policy, self->models[i]);
      g_autofree char *names = enabled[0] ? g_strjoinv (", ", enabled)
                                          : g_strdup (_("none: every check is switched off"));
      g_autofree char *windows = g_strdup_printf (_("%.4g d against %.4g d; at least %"
                                                    PRId64 " decisions"),
                                                  mp->window_days, mp->baseline_days,
                                                  mp->min_samples);

      if (mp->segment_by != NULL)
        {
          g_autofree char *whole = g_steal_pointer (&windows);

          windows = g_strdup_printf (_("%s; and per %s, segments of at least %" PRId64
                                       " decisions"), whole, mp->segment_by,
                                     vigil_model_policy_get_min_segment_size (mp));
        }

      add_row (items, policy_widths, header, FALSE, 3, self->models[i], windows, names)
        ->shaded = i % 2 == 1;
    }

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Policy change log"));
  if (self->policy_changes->len == 0)
    {
      add_text (items, ITEM_TEXT, _("The policy did not change in this period."));
      return;
    }
  header = (int) items->len;
  add_row (items, change_widths, -1, TRUE, 3, _("When (UTC)"), _("By"), _("What changed"));
  for (guint i = 0; i < self->policy_changes->len; i++)
    {
      VigilReportPolicyChange *c = &g_array_index (self->policy_changes,
                                                   VigilReportPolicyChange, i);
      g_autofree char *when = format_when (c->timestamp);

      add_row (items, change_widths, header, FALSE, 3, when, c->actor, c->changes)
        ->shaded = i % 2 == 1;
    }
}

static void
add_method_section (VigilReport *self,
                    GArray      *items)
{
  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Method appendix: the checks"));
  add_text (items, ITEM_TEXT,
            _("Each check compares a recent window with the baseline before it: recent = "
              "[as of − window, as of), baseline = [as of − window − baseline, as of − window). "
              "A check with fewer decisions than the policy’s minimum in either window reports "
              "insufficient data instead of alerting. Thresholds as in force at the start of "
              "the period."));
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    {
      g_autoptr(GString) in_force = g_string_new (NULL);

      for (guint i = 0; self->models[i] != NULL; i++)
        {
          const VigilModelPolicy *mp = vigil_policy_for_model (self->policy, self->models[i]);
          g_autofree char *thresholds = vigil_report_check_thresholds (mp, (VigilCheck) c);

          if (in_force->len > 0)
            g_string_append_c (in_force, '\n');
          if (mp->checks[c].enabled)
            g_string_append_printf (in_force, "%s: %s", self->models[i], thresholds);
          else
            g_string_append_printf (in_force, _("%s: switched off"), self->models[i]);
        }
      add_text_printf (items, ITEM_SUBHEADING, "%s", vigil_check_get_label ((VigilCheck) c));
      add_kv (items, _("Definition"), vigil_report_check_definition ((VigilCheck) c));
      add_kv (items, _("Test"), vigil_report_check_test ((VigilCheck) c));
      add_kv (items, _("In force"), in_force->len > 0 ? in_force->str : "—");
    }
}

/* The roles that get blank blocks when the report names no signatory. */
static const char * const default_roles[] = {
  N_("Risk Officer"), N_("Compliance Officer"), N_("Chief Risk Officer"),
};

static void
add_sign_off (VigilReport *self,
              GArray      *items,
              const char  *period)
{
  /* The sign-off follows the policy on its page when it fits there whole */
  add_item (items, ITEM_BREAK)->soft = TRUE;
  add_text (items, ITEM_HEADING, _("Sign-off"));
  add_text_printf (items, ITEM_TEXT, _("<b>Prepared by:</b> %s, on %.19s UTC."),
                   self->generated_by, self->generated_at);
  add_text_printf (items, ITEM_TEXT,
                   _("By signing, each signatory confirms having reviewed this report on the "
                     "AI models of %s for %s, sealed by the ledger head printed at the foot of "
                     "every page. Nobody has signed it until it bears a handwritten or "
                     "qualified electronic signature and date below."),
                   self->organisation, period);
  add_item (items, ITEM_SPACE)->space = 18;
  if (self->signatories->len == 0)
    for (guint r = 0; r < G_N_ELEMENTS (default_roles); r++)
      add_item (items, ITEM_SIGN)->markup = g_markup_escape_text (_(default_roles[r]), -1);
  for (guint i = 0; i < self->signatories->len; i++)
    {
      const VigilReportSigner *signer = &g_array_index (self->signatories, VigilReportSigner, i);
      Item *item = add_item (items, ITEM_SIGN);

      item->markup = g_markup_escape_text (signer->role, -1);
      if (signer->name != NULL)
        {
          item->n_cells = 1;
          item->cells[0] = g_markup_escape_text (signer->name, -1);
        }
    }
}

/* The executive summary: the period's figures a reader wants first. */
static void
add_summary_section (VigilReport *self,
                     GArray      *items)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *previous = vigil_summary_text_format_count (self->previous_total);
  g_autofree char *change = format_change (self->total, self->previous_total);
  char last_day[VIGIL_DAY_LEN];
  g_autofree char *active = g_strdup_printf ("%u", self->active_models);
  g_autofree char *alerts = g_strdup_printf (_("%u (high %u, medium %u, low %u)"),
                                             self->alerts->len,
                                             self->alerts_by_severity[VIGIL_SEVERITY_HIGH],
                                             self->alerts_by_severity[VIGIL_SEVERITY_MEDIUM],
                                             self->alerts_by_severity[VIGIL_SEVERITY_LOW]);
  g_autofree char *unack = g_strdup_printf ("%u", self->unacknowledged);
  g_autofree char *median = vigil_report_format_hours (self->median_hours_to_ack);
  g_autofree char *maximum = vigil_report_format_hours (self->max_hours_to_ack);
  g_autofree char *ack = isnan (self->median_hours_to_ack)
                           ? g_strdup (_("no alert of the period was acknowledged"))
                           : g_strdup_printf (_("median %s, longest %s"), median, maximum);
  g_autofree char *pending = vigil_summary_text_format_count (self->pending_reviews);
  g_autofree char *reviewed = vigil_summary_text_format_count (self->reviewed);
  g_autofree char *approved = vigil_summary_text_format_count (self->approved);
  g_autofree char *escalated = vigil_summary_text_format_count (self->escalated);
  g_autofree char *overridden = vigil_summary_text_format_count (self->overridden);
  g_autofree char *reviews = g_strdup_printf (_("%s (approved %s, escalated %s, overridden %s)"),
                                              reviewed, approved, escalated, overridden);
  g_autofree char *flagged = vigil_summary_text_format_count (self->flagged);
  g_autofree char *volume = self->incomplete
    ? g_strdup_printf (_("%s (the period is not over: no comparison with the previous one)"),
                       total)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (previous %u day: %s, %s)",
                                    "%s (previous %u days: %s, %s)", self->period.n_days),
                       total, self->period.n_days, previous, change);
  g_autofree char *ledger = vigil_ledger_report_is_intact (self->ledger)
                              ? g_strdup (_("Intact (verified in full)"))
                              : vigil_report_dup_ledger_statement (self);

  vigil_period_get_last_day (&self->period, last_day);
  add_text (items, ITEM_HEADING, _("Executive summary"));
  if (self->total == 0)
    add_text_printf (items, ITEM_TEXT,
                     _("<b>No decisions were logged in this period</b> (%s to %s) by the models "
                       "this report covers. The sections below say what that means for "
                       "monitoring and the ledger."),
                     self->period.first_day, last_day);

  add_kv (items, _("Total AI decisions"), volume);
  add_kv (items, _("Active models"), active);
  add_kv (items, _("Alerts"), alerts);
  add_kv (items, _("Unacknowledged alerts"), unack);
  add_kv (items, _("Time to acknowledge"), ack);
  add_kv (items, _("Decisions pending review"), pending);
  add_kv (items, _("Reviews made in the period"), reviews);
  add_kv (items, _("Decisions flagged"), flagged);
  add_kv (items, _("Ledger"), ledger);
}

/* The table of the models, one row each. */
static void
add_models_table (VigilReport *self,
                  GArray      *items)
{
  int header;

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("Models"));
  header = (int) items->len;
  add_row (items, model_widths, -1, TRUE, 8, _("Model"), _("Decisions"), _("Previous period"),
           _("Change"), _("Avg confidence"), _("Alerts"), _("Flagged"), _("Overridden"));
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      VigilSummary *s = m->dashboard->summary;
      g_autofree char *n = vigil_summary_text_format_count (s->total_decisions);
      g_autofree char *p = self->incomplete ? g_strdup ("—")
                           : vigil_summary_text_format_count (m->previous_total);
      g_autofree char *c = self->incomplete ? g_strdup ("—")
                           : format_change (s->total_decisions, m->previous_total);
      g_autofree char *conf = format_confidence (s->mean_confidence);
      g_autofree char *al = g_strdup_printf ("%u", m->alerts);
      g_autofree char *fl = vigil_summary_text_format_count (s->flagged);
      g_autofree char *ov = vigil_summary_text_format_count (m->overridden);

      add_row (items, model_widths, header, FALSE, 8, m->name, n, p, c, conf, al, fl, ov)
        ->shaded = i % 2 == 1;
    }
}

/* A model's page: its figures and its charts; none for a model without decisions. */
static void
add_model_page (VigilReport      *self,
                GArray           *items,
                VigilReportModel *m)
{
  VigilSummary *s = m->dashboard->summary;
  g_autofree char *n = vigil_summary_text_format_count (s->total_decisions);
  g_autofree char *p = vigil_summary_text_format_count (m->previous_total);
  g_autofree char *c = format_change (s->total_decisions, m->previous_total);
  g_autofree char *volume = self->incomplete
    ? g_strdup_printf (_("%s (the period is not over: no comparison)"), n)
    : g_strdup_printf (_("%s (previous period %s, %s)"), n, p, c);
  g_autofree char *conf = format_confidence (s->mean_confidence);
  g_autofree char *al = g_strdup_printf ("%u", m->alerts);
  g_autofree char *fl = vigil_summary_text_format_count (s->flagged);
  g_autofree char *pend = vigil_summary_text_format_count (s->pending_reviews);
  g_autofree char *ap = vigil_summary_text_format_count (m->approved);
  g_autofree char *es = vigil_summary_text_format_count (m->escalated);
  g_autofree char *ov = vigil_summary_text_format_count (m->overridden);
  g_autofree char *rev = g_strdup_printf (_("approved %s, escalated %s, overridden %s"),
                                          ap, es, ov);
  g_autofree char *checked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u day",
                                                           "%u of %u days",
                                                           self->period.n_days),
                                              m->days_checked, self->period.n_days);
  g_autofree char *monitoring = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%s: %u of %u complete day "
                                                              "with a check that had enough "
                                                              "data",
                                                              "%s: %u of %u complete days "
                                                              "with a check that had enough "
                                                              "data", m->days_due),
                                                 vigil_report_verdict_get_label (m->monitoring),
                                                 m->days_monitored, m->days_due);
  g_autofree char *last = m->stopped
    ? g_strdup_printf (_("%.10s: it stopped logging"), m->last_decision)
    : g_strdup_printf ("%.19s", m->last_decision ? m->last_decision : "—");
  g_autoptr(GString) dist = NULL;

  if (s->total_decisions == 0)
    return;
  dist = g_string_new (NULL);
  for (guint k = 0; k < m->dashboard->n_predictions; k++)
    g_string_append_printf (dist, "%s%s %.1f%%", k > 0 ? ", " : "",
                            m->dashboard->predictions[k],
                            100.0 * m->prediction_totals[k] / s->total_decisions);

  add_item (items, ITEM_BREAK);
  add_text_printf (items, ITEM_HEADING, _("Model: %s"), m->name);
  add_kv (items, _("Decisions"), volume);
  add_kv (items, _("Decision distribution"), dist->str);
  add_kv (items, _("Average confidence"), conf);
  add_kv (items, _("Alerts"), al);
  add_kv (items, _("Flagged decisions"), fl);
  add_kv (items, _("Pending review"), pend);
  add_kv (items, _("Reviews made in the period"), rev);
  add_kv (items, _("Days the checks ran"), checked);
  add_kv (items, _("Monitoring"), monitoring);
  add_kv (items, _("Last decision"), last);
  add_kv (items, _("Owner"), m->owner ? m->owner : _("not recorded"));
  add_item (items, ITEM_SPACE)->space = 10;
  for (guint k = 0; k < vigil_chart_kind_get_n (); k += CHARTS_PER_ITEM)
    {
      Item *charts = add_item (items, ITEM_CHARTS);

      charts->model = m;
      charts->first_chart = k;
      charts->n_charts = MIN (CHARTS_PER_ITEM, vigil_chart_kind_get_n () - k);
    }
}

/* Every alert of the period, with its evidence and acknowledgement. */
static void
add_alerts_section (VigilReport *self,
                    GArray      *items)
{
  int header;

  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Alerts"));
  if (self->alerts->len == 0)
    add_text (items, ITEM_TEXT, _("No alert was raised in this period."));
  else
    {
      add_text_printf (items, ITEM_TEXT,
                       _("Every alert whose window falls in the period, by its window, with the "
                         "evidence of the check that raised it, when it was raised, and who "
                         "acknowledged it when."));
      header = (int) items->len;
      add_row (items, alert_widths, -1, TRUE, 6, _("Window (UTC)"), _("Model"), _("Check"),
               _("Severity"), _("Description and evidence"), _("Acknowledged"));
      for (guint i = 0; i < self->alerts->len; i++)
        {
          VigilReportAlert *a = &g_array_index (self->alerts, VigilReportAlert, i);
          g_autofree char *evidence = format_evidence (a);
          g_autofree char *raised = a->raised_at ? format_when (a->raised_at) : g_strdup (_("unknown"));
          /* TRANSLATORS: when the check raised the alert, "YYYY-MM-DD HH:MM" */
          g_autofree char *raised_text = g_strdup_printf (_("Raised %s UTC."), raised);
          g_autofree char *desc = g_markup_printf_escaped ("\x01%s<span size='smaller'>\n%s %s</span>",
                                                           a->description, evidence,
                                                           raised_text);
          g_autofree char *hours = vigil_report_format_hours (a->hours_to_ack);
          g_autofree char *ack = NULL;
          g_autofree char *when = vigil_format_alert_window (a->window_start, a->window_end);

          if (!a->acknowledged)
            ack = g_strdup (_("Not acknowledged"));
          else if (a->ack_note != NULL && a->ack_note[0] != '\0')
            /* Translators: who acknowledged an alert, when, how long after it was raised, and
             * the note they gave */
            ack = g_strdup_printf (_("%s, %.16s (after %s): “%s”"),
                                   a->acknowledged_by ? a->acknowledged_by : "?",
                                   a->acknowledged_at ? a->acknowledged_at : "?", hours,
                                   a->ack_note);
          else
            ack = g_strdup_printf (_("%s, %.16s (after %s)"),
                                   a->acknowledged_by ? a->acknowledged_by : "?",
                                   a->acknowledged_at ? a->acknowledged_at : "?", hours);

          add_row (items, alert_widths, header, FALSE, 6, when,
                   a->model_name ? a->model_name : _("all models"),
                   vigil_check_type_to_label (a->alert_type),
                   vigil_severity_to_string (a->severity), desc, ack)->shaded = i % 2 == 1;
        }
    }
}

/* Outcomes analysis ------------------------------------------------------------------------ */

static const double outcome_widths[] = { 0.28, 0.27, 0.27, 0.18 };
static const double outcome_alone_widths[] = { 0.28, 0.72 };
static const double finding_widths[] = { 0.16, 0.13, 0.29, 0.08, 0.16, 0.18 };

/* "12.3% (45 of 366)", or @none when @whole is 0 */
static char *
format_rate (gint64      part,
             gint64      whole,
             const char *none)
{
  g_autofree char *p = vigil_summary_text_format_count (part);
  g_autofree char *w = vigil_summary_text_format_count (whole);

  if (whole <= 0)
    return g_strdup (none);
  /* TRANSLATORS: a share, then its counts: "12.3% (45 of 366)" */
  return g_strdup_printf (_("%.1f%% (%s of %s)"), 100.0 * (double) part / (double) whole, p, w);
}

/* The change of a share in percentage points; "—" unless both are known */
static char *
format_points (double now,
               double before)
{
  if (isnan (now) || isnan (before))
    return g_strdup ("—");
  /* TRANSLATORS: a change of a share, in percentage points */
  return g_strdup_printf (_("%+.1f pp"), 100.0 * (now - before));
}

static char *
format_lag (const VigilPerformance *figures)
{
  double lag = vigil_performance_mean_lag (figures);

  if (isnan (lag))
    return g_strdup (_("no outcome yet"));
  return g_strdup_printf (_("%.1f days"), lag);
}

/* "85.0% (85 right of 100 judged)", or why it cannot be told */
static char *
format_accuracy (const VigilPerformance *figures)
{
  g_autofree char *right = vigil_summary_text_format_count (figures->right);
  g_autofree char *judged = vigil_summary_text_format_count (figures->judged);

  if (figures->decisions == 0)
    return g_strdup (_("cannot tell: no decision"));
  if (figures->with_outcome == 0)
    return g_strdup (_("cannot tell: no outcome yet"));
  if (figures->judged == 0)
    return g_strdup (_("cannot tell: no outcome says right or wrong"));
  return g_strdup_printf (_("%.1f%% (%s right of %s judged)"),
                          100.0 * vigil_performance_accuracy (figures), right, judged);
}

static char *
format_default_rate (const VigilPerformance *figures)
{
  g_autofree char *bad = vigil_summary_text_format_count (figures->approved_bad);
  g_autofree char *judged = vigil_summary_text_format_count (figures->approved_judged);

  if (figures->approved_judged == 0)
    return g_strdup (_("cannot tell: no approved decision has an outcome that tells"));
  return g_strdup_printf (_("%.1f%% (%s defaulted of %s approved with an outcome)"),
                          100.0 * vigil_performance_default_rate (figures), bad, judged);
}

/* What a check's days and alerts of the period say, in a sentence that follows the check's
 * name */
static char *
describe_check_days (VigilReportModel *m,
                     VigilCheck        check,
                     guint             alerts,
                     guint             acknowledged)
{
  const guint *days = m->check_days[check];
  guint checked = days[VIGIL_COVERAGE_ALERTED] + days[VIGIL_COVERAGE_CLEAR];
  g_autofree char *ran = NULL;

  if (checked == 0 && days[VIGIL_COVERAGE_NOT_APPLICABLE] > 0)
    return g_strdup (_("not applicable to this model on any day of the period."));
  if (checked == 0 && days[VIGIL_COVERAGE_INSUFFICIENT] > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "not checked: it lacked data on the %u day it ran, so "
                                         "the absence of an alert says nothing.",
                                         "not checked: it lacked data on the %u days it ran, "
                                         "so the absence of an alert says nothing.",
                                         days[VIGIL_COVERAGE_INSUFFICIENT]),
                            days[VIGIL_COVERAGE_INSUFFICIENT]);
  /* A day counts as not run only when the policy in force at its end enabled the check */
  if (checked == 0 && days[VIGIL_COVERAGE_NOT_RUN] == 0)
    return g_strdup (_("not checked: the policy in force at the end of each day of the period "
                       "switched it off."));
  if (checked == 0)
    return g_strdup (_("not checked: it did not run in the period, so the absence of an alert "
                       "says nothing."));
  ran = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "it ran with enough data on %u day",
                                      "it ran with enough data on %u days", checked),
                         checked);
  if (alerts == 0)
    /* TRANSLATORS: "it ran with enough data on N days" follows */
    return g_strdup_printf (_("no alert; %s."), ran);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert (%u acknowledged); %s.",
                                       "%u alerts (%u acknowledged); %s.", alerts),
                          alerts, acknowledged, ran);
}

/* A row of a model's outcome figures: with the previous period's and the change, unless
 * the period is not over */
static void
add_outcome_row (GArray     *items,
                 int         header,
                 gboolean    shaded,
                 const char *figure,
                 const char *now,
                 const char *before,
                 const char *change)
{
  Item *row = before != NULL
    ? add_row (items, outcome_widths, header, FALSE, 4, figure, now, before, change)
    : add_row (items, outcome_alone_widths, header, FALSE, 2, figure, now);

  row->shaded = shaded;
}

/* Each model's accuracy, judged by the outcomes, against the previous period. */
static void
add_outcomes_section (VigilReport *self,
                      GArray      *items)
{
  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Outcomes analysis"));
  add_text (items, ITEM_TEXT,
            _("SR 11-7 outcomes analysis; EU AI Act Art. 72 post-market monitoring; PRA "
              "SS1/23. For each model: how its decisions of the period turned out, judged by "
              "the outcomes recorded by the time of this report. Outcomes arrive late: a "
              "decision without one is not judged, and a later report of the same period may "
              "judge more of them. Accuracy is the share of the judged decisions that were "
              "right; an outcome that does not say right or wrong (a declined loan’s) judges "
              "nothing."));
  if (self->incomplete)
    add_text (items, ITEM_TEXT,
              _("The period is not over: its figures cover only the days so far, and are "
                "compared with nothing."));
  else
    add_text_printf (items, ITEM_TEXT,
                     _("Each figure is compared with the previous period of the same length, "
                       "from %.10s."), self->previous_from);

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      const VigilPerformance *now = m->performance;
      const VigilPerformance *before = m->previous_performance;
      g_autoptr(GArray) drops = NULL;
      guint alerts, acknowledged;
      int header;

      if (now == NULL)
        continue;
      add_item (items, ITEM_SPACE)->space = 10;
      add_text_printf (items, ITEM_SUBHEADING, _("Model: %s"), m->name);
      if (now->decisions == 0)
        add_text (items, ITEM_TEXT,
                  _("<b>No decision in the period:</b> there is nothing to judge."));
      else if (now->with_outcome == 0)
        add_text (items, ITEM_TEXT,
                  _("<b>No outcome has arrived</b> for the decisions of the period: whether "
                    "they were right cannot be told."));
      else if (now->judged == 0)
        add_text (items, ITEM_TEXT,
                  _("<b>No outcome that arrived says</b> whether the decisions of the period "
                    "were right: their accuracy cannot be told."));

      header = (int) items->len;
      if (before != NULL)
        add_row (items, outcome_widths, -1, TRUE, 4, _("Figure"), _("This period"),
                 _("Previous period"), _("Change"));
      else
        add_row (items, outcome_alone_widths, -1, TRUE, 2, _("Figure"), _("This period"));
      {
        g_autofree char *n = vigil_summary_text_format_count (now->decisions);
        g_autofree char *p = before ? vigil_summary_text_format_count (before->decisions) : NULL;
        g_autofree char *c = before ? format_change (now->decisions, before->decisions) : NULL;

        add_outcome_row (items, header, FALSE, _("Decisions"), n, p, c);
      }
      {
        g_autofree char *n = format_rate (now->with_outcome, now->decisions, "—");
        g_autofree char *p = before ? format_rate (before->with_outcome, before->decisions, "—")
                                    : NULL;
        g_autofree char *c = before ? format_points (vigil_performance_coverage (now),
                                                     vigil_performance_coverage (before))
                                    : NULL;

        add_outcome_row (items, header, TRUE, _("With an outcome"), n, p, c);
      }
      {
        g_autofree char *n = format_lag (now);
        g_autofree char *p = before ? format_lag (before) : NULL;
        double a = vigil_performance_mean_lag (now);
        double b = before ? vigil_performance_mean_lag (before) : NAN;
        g_autofree char *c = isnan (a) || isnan (b) ? g_strdup ("—")
                             : g_strdup_printf (_("%+.1f days"), a - b);

        add_outcome_row (items, header, FALSE, _("Mean lag to the outcome"), n, p, c);
      }
      {
        g_autofree char *n = format_accuracy (now);
        g_autofree char *p = before ? format_accuracy (before) : NULL;
        g_autofree char *c = before ? format_points (vigil_performance_accuracy (now),
                                                     vigil_performance_accuracy (before))
                                    : NULL;

        add_outcome_row (items, header, TRUE, _("Accuracy of the judged"), n, p, c);
      }
      if (vigil_performance_is_credit (now) || (before && vigil_performance_is_credit (before)))
        {
          g_autofree char *an = format_rate (now->approved, now->decisions, "—");
          g_autofree char *ap = before ? format_rate (before->approved, before->decisions, "—")
                                       : NULL;
          g_autofree char *ac = before ? format_points (vigil_performance_approval_rate (now),
                                                        vigil_performance_approval_rate (before))
                                       : NULL;
          g_autofree char *dn = format_default_rate (now);
          g_autofree char *dp = before ? format_default_rate (before) : NULL;
          g_autofree char *dc = before ? format_points (vigil_performance_default_rate (now),
                                                        vigil_performance_default_rate (before))
                                       : NULL;

          add_outcome_row (items, header, FALSE, _("Approval rate"), an, ap, ac);
          add_outcome_row (items, header, TRUE, _("Default rate of the approved"), dn, dp, dc);
        }

      drops = vigil_report_dup_findings (self, m->name, VIGIL_CHECK_PERFORMANCE_DROP, &alerts,
                                         &acknowledged);
      {
        g_autofree char *checked = describe_check_days (m, VIGIL_CHECK_PERFORMANCE_DROP,
                                                        alerts, acknowledged);

        add_item (items, ITEM_SPACE)->space = 4;
        /* TRANSLATORS: a check's name, then what it found in the period */
        add_text_printf (items, ITEM_TEXT, _("%s: %s"),
                         vigil_check_get_label (VIGIL_CHECK_PERFORMANCE_DROP), checked);
      }
    }
}

/* Each model's data quality and categorical drift findings, by subject. */
static void
add_data_quality_section (VigilReport *self,
                          GArray      *items)
{
  static const VigilCheck checks[] = { VIGIL_CHECK_DATA_QUALITY, VIGIL_CHECK_CATEGORICAL_DRIFT };
  int header;
  guint row = 0;

  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Data quality"));
  add_text (items, ITEM_TEXT,
            _("EU AI Act Art. 12 and 72; SR 11-7 ongoing monitoring; PRA SS1/23. For each "
              "model, the alerts of the period of the data quality check (decisions logged "
              "without their inputs, confidence or explanation, without an input every "
              "baseline decision had, or with a numeric input outside the baseline’s range) "
              "and of the categorical drift check (a change in the mix of a text input), by "
              "finding, with how many were acknowledged. A check that never ran with enough "
              "data in the period is “not checked”: the absence of its alerts says nothing."));
  header = (int) items->len;
  add_row (items, finding_widths, -1, TRUE, 6, _("Model"), _("Check"), _("Finding"),
           _("Alerts"), _("Acknowledged"), _("Windows (UTC)"));
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      for (guint k = 0; k < G_N_ELEMENTS (checks); k++)
        {
          g_autoptr(GArray) findings = NULL;
          guint alerts, acknowledged;

          findings = vigil_report_dup_findings (self, m->name, checks[k], &alerts,
                                                &acknowledged);
          if (findings->len == 0)
            {
              g_autofree char *what = describe_check_days (m, checks[k], 0, 0);

              add_row (items, finding_widths, header, FALSE, 6, m->name,
                       vigil_check_get_label (checks[k]), what, "0", "—", "—")
                ->shaded = row++ % 2 == 1;
              continue;
            }
          for (guint f = 0; f < findings->len; f++)
            {
              VigilReportFinding *finding = &g_array_index (findings, VigilReportFinding, f);
              g_autofree char *owned = NULL;
              const char *subject = describe_subject (finding->subject, &owned);
              g_autofree char *n = g_strdup_printf ("%u", finding->alerts);
              /* TRANSLATORS: alerts acknowledged, of the alerts of a finding */
              g_autofree char *ack = g_strdup_printf (_("%u of %u"), finding->acknowledged,
                                                      finding->alerts);
              g_autofree char *when = vigil_format_alert_window (finding->first_window,
                                                                 finding->last_window);

              add_row (items, finding_widths, header, FALSE, 6, m->name,
                       vigil_check_get_label (checks[k]), subject, n, ack, when)
                ->shaded = row++ % 2 == 1;
            }
        }
    }
}

/* The ledger's verification, and the head this report seals. */
static void
add_ledger_subsection (VigilReport *self,
                       GArray      *items)
{
  gboolean intact = vigil_ledger_report_is_intact (self->ledger);
  g_autofree char *records = vigil_summary_text_format_count (vigil_ledger_report_get_records (self->ledger));
  g_autofree char *head = g_markup_printf_escaped ("<b>%s</b>",
                                                   vigil_ledger_report_get_head (self->ledger));
  g_autofree char *how = vigil_report_dup_ledger_statement (self);

  add_item (items, ITEM_SPACE)->space = 12;
  add_text (items, ITEM_SUBHEADING, _("The ledger"));
  add_kv (items, _("Result of verify"),
          intact ? _("Intact: every link of every chain, the immutability triggers and the "
                     "heads sealed by earlier reports")
                 : _("NOT intact"));
  if (!intact)
    {
      gint64 id = vigil_ledger_report_get_broken_id (self->ledger);
      g_autofree char *where = id != 0
        ? g_strdup_printf (_("table %s, row %" PRId64 ": %s"),
                           vigil_ledger_report_get_broken_table (self->ledger), id,
                           vigil_ledger_report_get_reason (self->ledger))
        : g_strdup_printf (_("%s: %s"), vigil_ledger_report_get_broken_table (self->ledger),
                           vigil_ledger_report_get_reason (self->ledger));

      add_kv (items, _("Where it breaks"), where);
    }
  add_kv (items, intact ? _("Records") : _("Records as found"), records);
  add_kv (items, _("Verified at"), self->verified_at);
  add_kv (items, _("What was checked"), how);
  add_kv (items, intact ? _("Head sealed by this report")
                        : _("Head as found (broken: it proves nothing)"), "");
  add_text (items, ITEM_MONO, head);
  if (intact)
    add_text (items, ITEM_TEXT,
              _("Anyone can check later that none of the records this report covers was "
                "changed: <tt>vigilctl verify --expect-head HEAD</tt> with the head above, "
                "or without Vigil, with the script of the Ledger method at the end of this "
                "report."));
}

/* The regulatory statements, and the ledger's verification. */
static void
add_compliance_section (VigilReport *self,
                        GArray      *items)
{
  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Regulatory compliance"));
  add_text (items, ITEM_TEXT,
            _("Each statement is computed from the audit log for this period; where what is "
              "required does not hold, the statement says so."));
  add_statements (self, items);

  add_ledger_subsection (self, items);
}

/* What an auditor needs to check the head without Vigil. */
static void
add_ledger_method_section (VigilReport *self,
                           GArray      *items)
{
  add_item (items, ITEM_BREAK);
  add_text (items, ITEM_HEADING, _("Ledger method"));
  add_text (items, ITEM_TEXT,
            _("How the ledger’s hashes and its head are computed (README.md, “The ledger”, "
              "gives the same recipe):"));
  {
    g_auto(GStrv) paragraphs = g_strsplit (vigil_ledger_get_recipe (), "\n", -1);

    for (guint i = 0; paragraphs[i] != NULL; i++)
      if (*paragraphs[i] != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (paragraphs[i], -1);

          add_text (items, ITEM_TEXT, escaped);
        }
  }
  add_item (items, ITEM_SPACE)->space = 8;
  add_text (items, ITEM_SUBHEADING, _("Recomputing the head"));
  add_text (items, ITEM_TEXT,
            _("Export the ledger with <tt>vigilctl export --ledger --format csv -o ledger.csv</tt>"
              " and run this script (Python 3, standard library only) with the head above: "
              "<tt>python3 head.py ledger.csv HEAD</tt>. It recomputes every chain up to the "
              "head’s ids and prints the head it finds, and whether it matches."));
  {
    g_autofree char *escaped = g_markup_escape_text (vigil_ledger_get_script (), -1);

    add_text (items, ITEM_MONO, escaped);
  }
}

static GArray *
build_items (VigilReport *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autofree char *period = vigil_period_describe (&self->period);

  g_array_set_clear_func (items, (GDestroyNotify) item_clear);

  add_item (items, ITEM_TITLE);
  add_item (items, ITEM_BREAK);

  add_summary_section (self, items);
  add_models_table (self, items);
  for (guint i = 0; i < self->model_sections->len; i++)
    add_model_page (self, items, g_ptr_array_index (self->model_sections, i));
  add_alerts_section (self, items);
  add_outcomes_section (self, items);
  add_data_quality_section (self, items);
  add_interventions_section (self, items);
  add_acknowledgements_section (self, items);
  add_compliance_section (self, items);
  add_inventory_section (self, items);
  add_coverage_section (self, items);
  add_policy_section (self, items);
  add_sign_off (self, items, period);

  /* The appendices: how each check and the ledger work */
  add_method_section (self, items);
  add_ledger_method_section (self, items);
  return items;
}

/* Pagination ------------------------------------------------------------------------------- */

static gboolean
is_heading (const Item *item)
{
  return item->kind == ITEM_HEADING || item->kind == ITEM_SUBHEADING;
}

/* The height of the items after the break at @i, up to the next break. */
static double
section_height (GArray *items,
                guint   i)
{
  double height = 0;

  for (guint j = i + 1; j < items->len; j++)
    {
      const Item *next = &g_array_index (items, Item, j);

      if (next->kind == ITEM_BREAK)
        break;
      height += next->height;
    }
  return height;
}

/* The height a heading at @i needs on its page: itself, the headings and space under it,
 * and the first item of its content (a table's header row with its first row), as long as
 * that fits on an empty page of height @page_h. */
static double
keep_with_heading (GArray *items,
                   guint   i,
                   double  page_h)
{
  double keep = g_array_index (items, Item, i).height;

  for (guint j = i + 1; j < items->len; j++)
    {
      const Item *next = &g_array_index (items, Item, j);

      if (next->kind == ITEM_BREAK || keep + next->height > page_h)
        break;
      keep += next->height;
      if (is_heading (next) || next->kind == ITEM_SPACE || (next->kind == ITEM_ROW && next->header))
        continue;
      break;
    }
  return keep;
}

static Layout *
layout_new (VigilReport *self,
            VigilPaper   paper)
{
  Layout *layout = g_new0 (Layout, 1);
  PangoFontMap *map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (map);
  double text_width, bottom, y;
  GArray *page = NULL;

  setup_context (context);
  layout->paper = paper;
  vigil_paper_get_size (paper, &layout->width, &layout->height);
  layout->items = build_items (self);
  layout->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  text_width = layout->width - 2 * MARGIN_X;
  bottom = layout->height - MARGIN_BOTTOM;
  y = MARGIN_TOP;

  for (guint i = 0; i < layout->items->len; i++)
    {
      Item *item = &g_array_index (layout->items, Item, i);

      item->height = measure (context, item, text_width);
    }

  for (guint i = 0; i < layout->items->len; i++)
    {
      Item *item = &g_array_index (layout->items, Item, i);
      Placed placed = { i, 0 };
      double keep = item->height;

      if (item->kind == ITEM_BREAK)
        {
          if (!item->soft || page == NULL || y + section_height (layout->items, i) > bottom)
            page = NULL;
          continue;
        }
      /* A heading goes to the next page with its first lines, never alone at a page's foot;
       * a section that fits follows the one before on its page. */
      if (is_heading (item))
        keep = keep_with_heading (layout->items, i, bottom - MARGIN_TOP);
      if (page != NULL && y + keep > bottom)
        page = NULL;
      if (page == NULL)
        {
          page = g_array_new (FALSE, FALSE, sizeof (Placed));
          g_ptr_array_add (layout->pages, page);
          y = MARGIN_TOP;
          if (item->kind == ITEM_SPACE)
            continue;
          if (item->kind == ITEM_ROW && !item->header && item->header_item >= 0)
            {
              Item *header = &g_array_index (layout->items, Item, item->header_item);
              Placed repeat = { (guint) item->header_item, y };

              g_array_append_val (page, repeat);
              y += header->height;
            }
        }
      placed.y = y;
      g_array_append_val (page, placed);
      y += item->height;
    }
  g_object_unref (context);
  g_object_unref (map);
  return layout;
}

static Layout *
get_layout (VigilReport *self,
            VigilPaper   paper)
{
  Layout *layout;

  if (paper > VIGIL_PAPER_LETTER)
    paper = VIGIL_PAPER_A4;
  g_mutex_lock (&self->lock);
  if (self->layouts[paper] == NULL)
    {
      self->layouts[paper] = layout_new (self, paper);
      self->layout_free = (GDestroyNotify) layout_free;
    }
  layout = self->layouts[paper];
  g_mutex_unlock (&self->lock);
  return layout;
}

guint
vigil_report_get_n_pages (VigilReport *self,
                          VigilPaper   paper)
{
  g_return_val_if_fail (VIGIL_IS_REPORT (self), 0);
  return get_layout (self, paper)->pages->len;
}

/* Drawing ---------------------------------------------------------------------------------- */

static void
draw_text (cairo_t      *cr,
           PangoContext *context,
           const char   *markup,
           double        size,
           gboolean      mono,
           double        x,
           double        y,
           double        width)
{
  g_autoptr(PangoLayout) l = text_layout (context, markup, size, mono, width);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, l);
}

static void
draw_title_page (VigilReport  *self,
                 cairo_t      *cr,
                 PangoContext *context,
                 Layout       *layout)
{
  double w = layout->width - 2 * MARGIN_X;
  double y = layout->height * 0.22;
  g_autofree char *org = g_markup_printf_escaped ("<b>%s</b>", self->organisation);
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", _("AI Model Audit Report"));
  g_autofree char *period = vigil_period_describe (&self->period);
  g_autofree char *models = g_strjoinv (", ", self->models);
  char last_day[VIGIL_DAY_LEN];
  g_autofree char *details = NULL;

  vigil_period_get_last_day (&self->period, last_day);
  details = g_markup_printf_escaped (_("<b>Period:</b> %s (%s to %s, UTC)\n"
                                       "<b>Models:</b> %s\n"
                                       "<b>Generated at:</b> %.19s UTC\n"
                                       "<b>Prepared by:</b> %s\n"
                                       "<b>Database:</b> %s"),
                                     period, self->period.first_day, last_day,
                                     self->all_models && self->models[0] == NULL
                                       ? _("none has logged decisions") : models,
                                     self->generated_at, self->generated_by,
                                     self->database_path ? self->database_path : "—");

  /* A broken ledger is what this page says first, in its largest type. */
  if (!vigil_ledger_report_is_intact (self->ledger))
    {
      gint64 id = vigil_ledger_report_get_broken_id (self->ledger);
      g_autofree char *banner = g_markup_printf_escaped ("<b>%s</b>", _("Ledger NOT intact"));
      g_autofree char *where = id != 0
        ? g_markup_printf_escaped (_("<b>Table %s, row %" PRId64 ":</b> %s"),
                                   vigil_ledger_report_get_broken_table (self->ledger), id,
                                   vigil_ledger_report_get_reason (self->ledger))
        : g_markup_printf_escaped (_("<b>%s:</b> %s"),
                                   vigil_ledger_report_get_broken_table (self->ledger),
                                   vigil_ledger_report_get_reason (self->ledger));
      g_autoptr(PangoLayout) b = text_layout (context, banner, 32, FALSE, w);
      g_autoptr(PangoLayout) l = text_layout (context, where, 13, FALSE, w);
      double top = MARGIN_TOP;

      cairo_set_source_rgb (cr, 0.69, 0.0, 0.0);
      cairo_move_to (cr, MARGIN_X, top);
      pango_cairo_show_layout (cr, b);
      top += layout_height (b) + 6;
      cairo_move_to (cr, MARGIN_X, top);
      pango_cairo_show_layout (cr, l);
      top += layout_height (l) + 48;
      y = MAX (y, top);
    }

  cairo_set_source_rgb (cr, 0.12, 0.25, 0.45);
  cairo_rectangle (cr, MARGIN_X, y - 24, w, 4);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, context, org, 26, FALSE, MARGIN_X, y, w);
  y += 44;
  draw_text (cr, context, title, 20, FALSE, MARGIN_X, y, w);
  y += 48;
  {
    g_autoptr(PangoLayout) l = text_layout (context, details, 11, FALSE, w);

    pango_layout_set_spacing (l, 4 * PANGO_SCALE);
    cairo_move_to (cr, MARGIN_X, y);
    pango_cairo_show_layout (cr, l);
    y += layout_height (l) + 28;
  }
  if (self->purpose == VIGIL_PURPOSE_TRAINING)
    {
      cairo_set_source_rgb (cr, 0.6, 0.3, 0.0);
      draw_text (cr, context,
                 _("<b>Training database:</b> the decisions in this report are simulated."),
                 11, FALSE, MARGIN_X, y, w);
      y += 28;
    }
  if (self->incomplete)
    {
      g_autofree char *text = g_markup_printf_escaped (_("<b>Incomplete period:</b> it ends on "
                                                         "%s, after this report was generated "
                                                         "(%.19s UTC). Its last day is not "
                                                         "over, so the report makes no "
                                                         "comparison with the previous period."),
                                                       last_day, self->generated_at);
      g_autoptr(PangoLayout) l = text_layout (context, text, 11, FALSE, w);

      cairo_set_source_rgb (cr, 0.6, 0.3, 0.0);
      cairo_move_to (cr, MARGIN_X, y);
      pango_cairo_show_layout (cr, l);
      y += layout_height (l) + 16;
    }
  {
    gboolean intact = vigil_ledger_report_is_intact (self->ledger);
    g_autofree char *records = vigil_summary_text_format_count (vigil_ledger_report_get_records (self->ledger));
    g_autofree char *checked = vigil_report_dup_ledger_statement (self);
    g_autofree char *text = intact
      ? g_markup_printf_escaped (_("<b>Ledger verified intact</b> in full at %.19s UTC: %s "
                                   "records.\n%s\nHead sealed by this report:\n<tt>%s</tt>"),
                                 self->verified_at, records, checked,
                                 vigil_ledger_report_get_head (self->ledger))
      : g_markup_printf_escaped (_("<b>The ledger is NOT intact</b>: the records cannot be "
                                   "shown to be unchanged.\n%s\nHead as found (broken: it "
                                   "proves nothing):\n<tt>%s</tt>"),
                                 checked, vigil_ledger_report_get_head (self->ledger));
    g_autoptr(PangoLayout) l = text_layout (context, text, 9, FALSE, w - 24);
    double h = layout_height (l) + 20;

    if (intact)
      cairo_set_source_rgb (cr, 0.92, 0.95, 0.92);
    else
      cairo_set_source_rgb (cr, 0.99, 0.88, 0.88);
    cairo_rectangle (cr, MARGIN_X, y, w, h);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    cairo_move_to (cr, MARGIN_X + 12, y + 10);
    pango_cairo_show_layout (cr, l);
  }
}

static void
draw_row (cairo_t      *cr,
          PangoContext *context,
          const Item   *item,
          double        y,
          double        text_width)
{
  double x = MARGIN_X;

  if (item->header)
    {
      cairo_set_source_rgb (cr, 0.86, 0.89, 0.94);
      cairo_rectangle (cr, MARGIN_X, y, text_width, item->height);
      cairo_fill (cr);
    }
  else if (item->shaded)
    {
      cairo_set_source_rgb (cr, 0.96, 0.96, 0.97);
      cairo_rectangle (cr, MARGIN_X, y, text_width, item->height);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint i = 0; i < item->n_cells; i++)
    {
      double cw = cell_width (item, i, text_width);

      draw_text (cr, context, item->cells[i], item_size (item), FALSE, x + CELL_PAD,
                 y + CELL_PAD, cw - 2 * CELL_PAD);
      x += cw;
    }
  cairo_set_source_rgb (cr, 0.8, 0.8, 0.82);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, MARGIN_X, y + item->height);
  cairo_line_to (cr, MARGIN_X + text_width, y + item->height);
  cairo_stroke (cr);
}

static void
draw_charts (cairo_t          *cr,
             PangoContext     *context,
             const Item       *item,
             double            y,
             double            text_width)
{
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 0.75);
  const double gap = CHART_GAP, title_h = CHART_TITLE, ch = CHART_HEIGHT;
  double cw = (text_width - gap) / 2;

  for (guint k = 0; k < item->n_charts; k++)
    {
      VigilChartKind kind = (VigilChartKind) (item->first_chart + k);
      double x = MARGIN_X + (k % 2) * (cw + gap);
      double cy = y + (k / 2) * (ch + title_h + gap);
      g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", vigil_chart_kind_title (kind));

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text (cr, context, title, 8.5, FALSE, x, cy, cw);
      cairo_save (cr);
      cairo_translate (cr, x, cy + title_h);
      cairo_rectangle (cr, 0, 0, cw, ch);
      cairo_clip (cr);
      vigil_chart_paint (kind, cr, item->model->dashboard, style, cw, ch);
      cairo_restore (cr);
      cairo_set_source_rgb (cr, 0.8, 0.8, 0.82);
      cairo_set_line_width (cr, 0.5);
      cairo_rectangle (cr, x, cy + title_h, cw, ch);
      cairo_stroke (cr);
    }
}

/* A signatory's block: the role and the name as given, then a signature line and a date line
 * left blank for the person to fill in by hand. */
static void
draw_sign (VigilReport  *self,
           cairo_t      *cr,
           PangoContext *context,
           const Item   *item,
           double        y,
           double        text_width)
{
  g_autofree char *role = g_strdup_printf ("<b>%s</b>", item->markup);
  double sign_x = MARGIN_X + text_width * 0.38, date_x = MARGIN_X + text_width * 0.76;
  double line_y = y + 30;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, context, role, BODY_SIZE, FALSE, MARGIN_X, line_y - 24, text_width * 0.36);
  if (item->n_cells > 0)
    draw_text (cr, context, item->cells[0], BODY_SIZE, FALSE, MARGIN_X, line_y - 10,
               text_width * 0.36);
  else
    {
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, MARGIN_X, line_y);
      cairo_line_to (cr, sign_x - 12, line_y);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, sign_x, line_y);
  cairo_line_to (cr, date_x - 12, line_y);
  cairo_move_to (cr, date_x, line_y);
  cairo_line_to (cr, MARGIN_X + text_width, line_y);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  draw_text (cr, context, item->n_cells > 0 ? _("Role and name") : _("Role; name to be written"),
             SMALL_SIZE, FALSE, MARGIN_X, line_y + 5, sign_x - MARGIN_X - 12);
  draw_text (cr, context, _("Signature"), SMALL_SIZE, FALSE, sign_x, line_y + 3,
             date_x - sign_x);
  draw_text (cr, context, _("Date"), SMALL_SIZE, FALSE, date_x, line_y + 3,
             MARGIN_X + text_width - date_x);
}

static void
draw_footer (VigilReport  *self,
             cairo_t      *cr,
             PangoContext *context,
             Layout       *layout,
             guint         page)
{
  double w = layout->width - 2 * MARGIN_X;
  double y = layout->height - MARGIN_BOTTOM + 22;
  g_autofree char *head = vigil_ledger_report_is_intact (self->ledger)
    ? g_markup_printf_escaped (_("Ledger head sealed by this report: <tt>%s</tt>"),
                               vigil_ledger_report_get_head (self->ledger))
    : g_markup_printf_escaped (_("<b>Ledger NOT intact</b>; head as found (broken): <tt>%s</tt>"),
                               vigil_ledger_report_get_head (self->ledger));
  g_autofree char *period = vigil_period_describe (&self->period);
  g_autofree char *left = g_markup_printf_escaped ("%s · %s · %s", self->organisation,
                                                   _("AI Model Audit Report"), period);
  g_autofree char *right = g_strdup_printf (_("Page %u of %u"), page + 1, layout->pages->len);
  g_autoptr(PangoLayout) r = text_layout (context, right, SMALL_SIZE, FALSE, -1);
  int rw, rh;

  cairo_set_source_rgb (cr, 0.7, 0.7, 0.72);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_X, y - 6);
  cairo_line_to (cr, MARGIN_X + w, y - 6);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, context, head, 6.5, FALSE, MARGIN_X, y, w);
  pango_layout_get_pixel_size (r, &rw, &rh);
  draw_text (cr, context, left, SMALL_SIZE, FALSE, MARGIN_X, y + 14, w - rw - 12);
  cairo_move_to (cr, MARGIN_X + w - rw, y + 14);
  pango_cairo_show_layout (cr, r);
}

void
vigil_report_render_page (VigilReport *self,
                          cairo_t     *cr,
                          guint        page,
                          VigilPaper   paper)
{
  Layout *layout;
  GArray *placed;
  PangoContext *context;
  double text_width;

  g_return_if_fail (VIGIL_IS_REPORT (self));
  layout = get_layout (self, paper);
  g_return_if_fail (page < layout->pages->len);
  placed = g_ptr_array_index (layout->pages, page);
  text_width = layout->width - 2 * MARGIN_X;

  cairo_save (cr);
  context = pango_cairo_create_context (cr);
  setup_context (context);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_fill (cr);

  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      const Item *item = &g_array_index (layout->items, Item, p->item);

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      switch (item->kind)
        {
        case ITEM_TITLE:
          draw_title_page (self, cr, context, layout);
          break;
        case ITEM_HEADING:
          cairo_set_source_rgb (cr, 0.12, 0.25, 0.45);
          draw_text (cr, context, item->markup, item_size (item), FALSE, MARGIN_X, p->y,
                     text_width);
          break;
        case ITEM_SUBHEADING:
          draw_text (cr, context, item->markup, item_size (item), FALSE, MARGIN_X, p->y + 4,
                     text_width);
          break;
        case ITEM_TEXT:
        case ITEM_MONO:
          draw_text (cr, context, item->markup, item_size (item), item->kind == ITEM_MONO,
                     MARGIN_X, p->y, text_width);
          break;
        case ITEM_ROW:
          draw_row (cr, context, item, p->y, text_width);
          break;
        case ITEM_CHARTS:
          draw_charts (cr, context, item, p->y, text_width);
          break;
        case ITEM_SIGN:
          draw_sign (self, cr, context, item, p->y, text_width);
          break;
        case ITEM_BREAK:
        case ITEM_SPACE:
        default:
          break;
        }
    }
  draw_footer (self, cr, context, layout, page);
  g_object_unref (context);
  cairo_restore (cr);
}

/* PDF -------------------------------------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GChecksum     *checksum;
  GCancellable  *cancellable;
  GError        *error;
} PdfSink;

static cairo_status_t
pdf_write (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable,
                                  &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  g_checksum_update (sink->checksum, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
vigil_report_write_pdf (VigilReport         *self,
                        const char          *path,
                        VigilPaper           paper,
                        char               **out_sha256,
                        GCancellable        *cancellable,
                        VigilReportProgress  progress,
                        gpointer             progress_data,
                        GError             **error)
{
  g_autoptr(VigilOutputFile) output = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  PdfSink sink = { NULL, NULL, NULL, NULL };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *title = NULL;
  double w, h;
  guint n_pages;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (paper > VIGIL_PAPER_LETTER)
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("Unknown paper size"));
      return FALSE;
    }

  if (progress)
    progress (0.0, _("Laying out the pages"), progress_data);
  n_pages = vigil_report_get_n_pages (self, paper);

  /* Written beside @path and renamed into place: a failure leaves what was there. */
  output = vigil_output_file_open (path, NULL, NULL, 0644, error);
  if (output == NULL)
    return FALSE;
  sink.stream = vigil_output_file_get_stream (output);
  sink.checksum = checksum;
  sink.cancellable = cancellable;

  vigil_paper_get_size (paper, &w, &h);
  surface = cairo_pdf_surface_create_for_stream (pdf_write, &sink, w, h);
  title = g_strdup_printf ("%s — %s", self->organisation, _("AI Model Audit Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, self->generated_by);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT,
                                  vigil_ledger_report_get_head (self->ledger));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigil " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (guint page = 0; page < n_pages; page++)
    {
      if (g_cancellable_is_cancelled (cancellable) || sink.error != NULL)
        break;
      vigil_report_render_page (self, cr, page, paper);
      cairo_show_page (cr);
      if (progress)
        progress ((double) (page + 1) / n_pages, _("Writing the pages"), progress_data);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &sink.error);
  if (sink.error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error (&sink.error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_FAILED,
                 _("Could not write the PDF: %s"), cairo_status_to_string (status));
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (!vigil_output_file_commit (output, error))
    return FALSE;
  if (out_sha256)
    *out_sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}
