/* vigil-report-preview.c: one page of an audit report, drawn to fit the width it is given
 *
 * The page is drawn by vigil_report_render_page(), the code that writes the PDF, scaled to
 * the widget's width; the widget asks for the height that keeps the paper's proportions.
 * It reads no database, so it draws on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-report-preview.h"

/* The narrowest page worth showing, in pixels */
#define MIN_WIDTH 200

struct _VigilReportPreview
{
  GtkWidget    parent_instance;

  VigilReport *report;
  VigilPaper   paper;
  guint        page;
  guint        n_pages;
};

G_DEFINE_FINAL_TYPE (VigilReportPreview, vigil_report_preview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PAGE,
  PROP_N_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
vigil_report_preview_new (void)
{
  return g_object_new (VIGIL_TYPE_REPORT_PREVIEW, NULL);
}

static void
update_description (VigilReportPreview *self)
{
  g_autofree char *text = NULL;

  if (self->report == NULL || self->n_pages == 0)
    text = g_strdup (_("No report"));
  else
    /* Translators: the page preview's accessible description, "Page 2 of 9" */
    text = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/**
 * vigil_report_preview_set_report:
 * @report: (nullable): a built report
 *
 * Shows the first page of @report on @paper.
 */
void
vigil_report_preview_set_report (VigilReportPreview *self,
                                 VigilReport        *report,
                                 VigilPaper          paper)
{
  g_return_if_fail (VIGIL_IS_REPORT_PREVIEW (self));
  g_return_if_fail (report == NULL || VIGIL_IS_REPORT (report));

  g_set_object (&self->report, report);
  self->paper = paper;
  self->page = 0;
  vigil_report_preview_relayout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

VigilReport *
vigil_report_preview_get_report (VigilReportPreview *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_PREVIEW (self), NULL);

  return self->report;
}

void
vigil_report_preview_relayout (VigilReportPreview *self)
{
  g_return_if_fail (VIGIL_IS_REPORT_PREVIEW (self));

  self->n_pages = self->report != NULL ? vigil_report_get_n_pages (self->report, self->paper) : 0;
  if (self->page >= self->n_pages)
    {
      self->page = self->n_pages > 0 ? self->n_pages - 1 : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
vigil_report_preview_get_n_pages (VigilReportPreview *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_PREVIEW (self), 0);

  return self->n_pages;
}

guint
vigil_report_preview_get_page (VigilReportPreview *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_PREVIEW (self), 0);

  return self->page;
}

void
vigil_report_preview_set_page (VigilReportPreview *self,
                               guint               page)
{
  g_return_if_fail (VIGIL_IS_REPORT_PREVIEW (self));

  if (self->n_pages == 0)
    return;
  page = MIN (page, self->n_pages - 1);
  if (page == self->page)
    return;

  self->page = page;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static GtkSizeRequestMode
vigil_report_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
vigil_report_preview_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  VigilReportPreview *self = VIGIL_REPORT_PREVIEW (widget);
  double width_pt, height_pt;

  vigil_paper_get_size (self->paper, &width_pt, &height_pt);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = (int) width_pt;
    }
  else
    {
      int width = for_size > 0 ? for_size : (int) width_pt;

      *minimum = *natural = (int) (width * height_pt / width_pt + 0.5);
    }
}

static void
vigil_report_preview_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  VigilReportPreview *self = VIGIL_REPORT_PREVIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double width_pt, height_pt, scale, x, y;
  cairo_t *cr;

  if (self->report == NULL || self->n_pages == 0 || width <= 0 || height <= 0)
    return;

  vigil_paper_get_size (self->paper, &width_pt, &height_pt);
  scale = MIN (width / width_pt, height / height_pt);
  x = (width - width_pt * scale) / 2;
  y = (height - height_pt * scale) / 2;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  /* Paper is white in the dark style too */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width_pt, height_pt);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, 0, width_pt, height_pt);
  cairo_clip (cr);
  vigil_report_render_page (self->report, cr, self->page, self->paper);
  cairo_destroy (cr);
}

static void
vigil_report_preview_dispose (GObject *object)
{
  VigilReportPreview *self = VIGIL_REPORT_PREVIEW (object);

  g_clear_object (&self->report);

  G_OBJECT_CLASS (vigil_report_preview_parent_class)->dispose (object);
}

static void
vigil_report_preview_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VigilReportPreview *self = VIGIL_REPORT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;

    case PROP_N_PAGES:
      g_value_set_uint (value, self->n_pages);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_report_preview_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VigilReportPreview *self = VIGIL_REPORT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      vigil_report_preview_set_page (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_report_preview_class_init (VigilReportPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_report_preview_dispose;
  object_class->get_property = vigil_report_preview_get_property;
  object_class->set_property = vigil_report_preview_set_property;

  widget_class->get_request_mode = vigil_report_preview_get_request_mode;
  widget_class->measure = vigil_report_preview_measure;
  widget_class->snapshot = vigil_report_preview_snapshot;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-report-preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_report_preview_init (VigilReportPreview *self)
{
  self->paper = VIGIL_PAPER_A4;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Page preview"), -1);
  update_description (self);
}
