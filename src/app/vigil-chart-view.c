/* vigil-chart-view.c: a widget that draws one of the dashboard's charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-chart-view.h"
#include "vigil-chart-worker.h"

/* The painters stay readable down to this width; the dashboard is usable at 360 px. */
#define MIN_WIDTH   260
#define MIN_HEIGHT  200
#define NAT_WIDTH   560
#define NAT_HEIGHT  280

struct _VigilChartView
{
  GtkWidget        parent_instance;

  VigilChartKind   kind;
  VigilDashboard  *dashboard;

  /* What the chart shows and is painted from: the generation counts the changes of data,
   * kind and style, so that a painting says which of them it shows. */
  guint            generation;
  VigilChartStyle *style;

  /* The last painting, shown until the next one comes, stretched to the size of the
   * moment if that changed: a frame never shows the chart blank while it is painted. */
  GdkTexture      *texture;
  guint            texture_generation;
  int              texture_width;
  int              texture_height;
  int              texture_scale;

  /* The painting asked of the charts' worker and not come back yet, NULL when none is:
   * cancelled when another one supersedes it. */
  GCancellable    *pending;
  guint            pending_generation;
  int              pending_width;
  int              pending_height;
  int              pending_scale;

  /* The keyboard's place: the parts one can point at, laid out for a size, and the one
   * chosen (an index into them, -1 when none is). */
  GArray          *targets;
  int              targets_width;
  int              targets_height;
  int              cursor;
};

G_DEFINE_FINAL_TYPE (VigilChartView, vigil_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DASHBOARD,
  N_PROPS
};

enum {
  DAY_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void request_paint (VigilChartView *self);

/* The data, the kind or the style changed: a new painting is asked for at once when the
 * chart is on screen (else at its next snapshot), and the old one shown until it comes. */
static void
invalidate (VigilChartView *self)
{
  self->generation++;
  g_clear_pointer (&self->style, vigil_chart_style_free);
  g_clear_pointer (&self->targets, g_array_unref);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    request_paint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (VigilChartView *self)
{
  g_autofree char *description = vigil_chart_describe (self->kind, self->dashboard);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, vigil_chart_kind_title (self->kind),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The style of the moment: dark or light as libadwaita says, text scaled as the desktop's. */
static const VigilChartStyle *
get_style (VigilChartView *self)
{
  if (self->style == NULL)
    {
      GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
      gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      int dpi = 0;
      g_autofree char *font_name = NULL;
      double scale;

      g_object_get (settings, "gtk-xft-dpi", &dpi, "gtk-font-name", &font_name, NULL);
      scale = dpi > 0 ? dpi / (96.0 * 1024.0) : 1.0;
      self->style = vigil_chart_style_new (dark, scale);
      /* On screen the chart lies on its card; the PDF pages keep the opaque background. */
      self->style->background.alpha = 0;
      if (font_name != NULL)
        {
          PangoFontDescription *font = pango_font_description_from_string (font_name);

          /* The family of the desktop, the size of the charts. */
          pango_font_description_unset_fields (font, PANGO_FONT_MASK_SIZE);
          vigil_chart_style_set_font (self->style, font);
          pango_font_description_free (font);
        }
    }
  return self->style;
}

static void
style_changed_cb (VigilChartView *self)
{
  invalidate (self);
}

/* The painting has the pixels of the old scale: one of the new scale is asked for. */
static void
scale_factor_changed_cb (VigilChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The parts of the chart at its present size (see vigil_chart_targets()). */
static GArray *
get_targets (VigilChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->targets == NULL || self->targets_width != width || self->targets_height != height)
    {
      g_clear_pointer (&self->targets, g_array_unref);
      self->targets = vigil_chart_targets (self->kind, self->dashboard, get_style (self),
                                           width, height);
      self->targets_width = width;
      self->targets_height = height;
    }
  if (self->cursor >= (int) self->targets->len)
    self->cursor = (int) self->targets->len - 1;
  return self->targets;
}

static const VigilChartRect *
get_cursor_rect (VigilChartView *self)
{
  GArray *targets = get_targets (self);

  if (self->cursor < 0)
    return NULL;
  return &g_array_index (targets, VigilChartRect, self->cursor);
}

/* Around the part the keyboard chose, while the keyboard is in use. */
static void
append_focus_ring (VigilChartView *self,
                   GtkSnapshot    *snapshot)
{
  const VigilChartRect *r;
  GdkRGBA color = { 0.21, 0.52, 0.89, 1.0 };
  GskRoundedRect ring;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4];

  if (self->cursor < 0 || !gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    return;
  r = get_cursor_rect (self);
  if (r == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  "accent_color", &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    colors[i] = color;
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (r->x - 1, r->y - 1,
                                                               r->w + 2, r->h + 2), 4);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

/* What a painting for the chart as it is now would be: its generation, size and scale. */
typedef struct
{
  GWeakRef      view;
  GCancellable *cancellable;
  guint         generation;
  int           width;
  int           height;
  int           scale;
} Painting;

static void
painting_free (gpointer data)
{
  Painting *painting = data;

  g_weak_ref_clear (&painting->view);
  g_object_unref (painting->cancellable);
  g_free (painting);
}

/* cairo's ARGB32 is premultiplied 32-bit native-endian, which is what GDK_MEMORY_DEFAULT
 * stands for on either endianness: the texture wraps the image's pixels without a copy. */
static GdkTexture *
texture_new_for_image (cairo_surface_t *image)
{
  g_autoptr(GBytes) bytes = NULL;
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (image),
                                      (gsize) height * stride,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (image));
  return gdk_memory_texture_new (cairo_image_surface_get_width (image), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

/* In the main thread, when the worker painted (or skipped) a painting of this chart. */
static void
painted_cb (cairo_surface_t *image,
            gpointer         data)
{
  Painting *painting = data;
  g_autoptr(VigilChartView) self = g_weak_ref_get (&painting->view);

  /* The chart went away while it was painted. */
  if (self == NULL)
    return;
  if (self->pending == painting->cancellable)
    g_clear_object (&self->pending);
  if (image == NULL)
    return;

  /* A painting of other data or style than the chart's is dropped: a newer one is on its
   * way. One of the same data at another size is still better than the older one
   * stretched, and keeps a chart being resized up to date; the first one is better than
   * nothing. */
  if (self->texture != NULL && painting->generation != self->generation)
    return;

  g_clear_object (&self->texture);
  self->texture = texture_new_for_image (image);
  self->texture_generation = painting->generation;
  self->texture_width = painting->width;
  self->texture_height = painting->height;
  self->texture_scale = painting->scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Asks the charts' worker for a painting of the chart as it is now, unless the one shown or
 * the one asked for already is that; supersedes one asked for before. */
static void
request_paint (VigilChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  Painting *painting;

  if (width <= 0 || height <= 0)
    return;
  if (self->pending != NULL && self->pending_generation == self->generation &&
      self->pending_width == width && self->pending_height == height &&
      self->pending_scale == scale)
    return;
  if (self->pending != NULL)
    {
      g_cancellable_cancel (self->pending);
      g_clear_object (&self->pending);
    }
  if (vigil_chart_view_get_painted (self))
    return;

  self->pending = g_cancellable_new ();
  self->pending_generation = self->generation;
  self->pending_width = width;
  self->pending_height = height;
  self->pending_scale = scale;

  painting = g_new0 (Painting, 1);
  g_weak_ref_init (&painting->view, self);
  painting->cancellable = g_object_ref (self->pending);
  painting->generation = self->generation;
  painting->width = width;
  painting->height = height;
  painting->scale = scale;
  vigil_chart_worker_paint (self->kind, self->dashboard, get_style (self), width, height, scale,
                            self->pending, painted_cb, painting, painting_free);
}

/* Only composites: the painting itself happens in the charts' worker thread. */
static void
vigil_chart_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  VigilChartView *self = VIGIL_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  request_paint (self);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_focus_ring (self, snapshot);
}

static void
vigil_chart_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NAT_HEIGHT;
    }
}

static gboolean
vigil_chart_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_tooltip,
                                GtkTooltip *tooltip)
{
  VigilChartView *self = VIGIL_CHART_VIEW (widget);
  g_auto(VigilChartHit) hit = { 0 };

  if (keyboard_tooltip)
    {
      const VigilChartRect *r = get_cursor_rect (self);

      if (r == NULL || !vigil_chart_view_hit (self, r->x + r->w / 2, r->y + r->h / 2, &hit))
        return FALSE;
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { r->x, r->y, r->w, r->h });
    }
  else if (!vigil_chart_view_hit (self, x, y, &hit))
    return FALSE;
  gtk_tooltip_set_text (tooltip, hit.text);
  return TRUE;
}

/* Says what the keyboard chose, to the tooltip and to a screen reader. */
static void
cursor_changed (VigilChartView *self)
{
  const VigilChartRect *r = get_cursor_rect (self);
  g_auto(VigilChartHit) hit = { 0 };

  if (r != NULL && vigil_chart_view_hit (self, r->x + r->w / 2, r->y + r->h / 2, &hit))
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hit.text,
                                    -1);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VigilChartView        *self)
{
  int n = (int) get_targets (self)->len;
  int cursor = self->cursor;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || n == 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      cursor = cursor < 0 ? n - 1 : MAX (cursor - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      cursor = cursor < 0 ? 0 : MIN (cursor + 1, n - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      cursor = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      cursor = n - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      {
        const VigilChartRect *r = get_cursor_rect (self);

        return r != NULL && vigil_chart_view_activate_at (self, r->x + r->w / 2, r->y + r->h / 2);
      }
    default:
      return FALSE;
    }

  self->cursor = cursor;
  cursor_changed (self);
  return TRUE;
}

/* Leaving, the chart is described as a whole again. */
static void
focus_leave_cb (VigilChartView *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   VigilChartView  *self)
{
  if (vigil_chart_view_activate_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
vigil_chart_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vigil_chart_view_parent_class)->root (widget);
  g_signal_connect_object (gtk_widget_get_settings (widget), "notify::gtk-xft-dpi",
                           G_CALLBACK (style_changed_cb), widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (widget), "notify::gtk-font-name",
                           G_CALLBACK (style_changed_cb), widget, G_CONNECT_SWAPPED);
  invalidate (VIGIL_CHART_VIEW (widget));
}

static void
vigil_chart_view_unroot (GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_settings (widget), style_changed_cb, widget);
  GTK_WIDGET_CLASS (vigil_chart_view_parent_class)->unroot (widget);
}

static void
vigil_chart_view_dispose (GObject *object)
{
  VigilChartView *self = VIGIL_CHART_VIEW (object);

  /* A painting in flight finds the chart gone (see painted_cb()); one not begun is not. */
  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->dashboard, vigil_dashboard_unref);
  g_clear_pointer (&self->style, vigil_chart_style_free);
  g_clear_pointer (&self->targets, g_array_unref);

  G_OBJECT_CLASS (vigil_chart_view_parent_class)->dispose (object);
}

static void
vigil_chart_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilChartView *self = VIGIL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_DASHBOARD:
      g_value_set_boxed (value, self->dashboard);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_chart_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilChartView *self = VIGIL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      vigil_chart_view_set_kind (self, (VigilChartKind) g_value_get_uint (value));
      break;
    case PROP_DASHBOARD:
      vigil_chart_view_set_dashboard (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_chart_view_class_init (VigilChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_chart_view_dispose;
  object_class->get_property = vigil_chart_view_get_property;
  object_class->set_property = vigil_chart_view_set_property;

  widget_class->snapshot = vigil_chart_view_snapshot;
  widget_class->measure = vigil_chart_view_measure;
  widget_class->query_tooltip = vigil_chart_view_query_tooltip;
  widget_class->root = vigil_chart_view_root;
  widget_class->unroot = vigil_chart_view_unroot;

  /* A #VigilChartKind: a built-in chart or one registered after them (vigil-chart-kind.h),
   * hence a number rather than the enum. */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL,
                       0, G_MAXUINT, VIGIL_CHART_KIND_DISTRIBUTION,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_DASHBOARD] =
    g_param_spec_boxed ("dashboard", NULL, NULL,
                        VIGIL_TYPE_DASHBOARD,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilChartView::day-activated:
   * @day: the day clicked, "YYYY-MM-DD"; the first day of a bar that aggregates several
   * @model: (nullable): the model of the panel clicked when the chart draws one per model,
   *   else %NULL
   *
   * A day of the chart was clicked, to show its decisions or alerts.
   */
  signals[DAY_ACTIVATED] =
    g_signal_new ("day-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "vigil-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_chart_view_init (VigilChartView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key, *focus;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  self->cursor = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), vigil_chart_kind_get (self->kind)->targets != NULL);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  update_accessible (self);
}

GtkWidget *
vigil_chart_view_new (VigilChartKind kind)
{
  return g_object_new (VIGIL_TYPE_CHART_VIEW, "kind", kind, NULL);
}

VigilChartKind
vigil_chart_view_get_kind (VigilChartView *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), VIGIL_CHART_KIND_DISTRIBUTION);

  return self->kind;
}

void
vigil_chart_view_set_kind (VigilChartView *self,
                           VigilChartKind  kind)
{
  g_return_if_fail (VIGIL_IS_CHART_VIEW (self));
  g_return_if_fail (vigil_chart_kind_get (kind) != NULL);

  if (self->kind == kind)
    return;
  self->kind = kind;
  self->cursor = -1;
  /* Only a chart that lists its parts has anything for the keyboard to do. */
  gtk_widget_set_focusable (GTK_WIDGET (self), vigil_chart_kind_get (kind)->targets != NULL);
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/**
 * vigil_chart_view_get_dashboard:
 *
 * Returns: (transfer none) (nullable): what the chart draws
 */
VigilDashboard *
vigil_chart_view_get_dashboard (VigilChartView *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), NULL);

  return self->dashboard;
}

/**
 * vigil_chart_view_set_dashboard:
 * @dashboard: (nullable): the data to draw; the chart keeps a reference
 */
void
vigil_chart_view_set_dashboard (VigilChartView *self,
                                VigilDashboard *dashboard)
{
  g_return_if_fail (VIGIL_IS_CHART_VIEW (self));

  if (self->dashboard == dashboard)
    return;
  g_clear_pointer (&self->dashboard, vigil_dashboard_unref);
  if (dashboard != NULL)
    self->dashboard = vigil_dashboard_ref (dashboard);
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DASHBOARD]);
}

/**
 * vigil_chart_view_hit:
 * @x: in the widget's coordinates
 * @y: in the widget's coordinates
 * @hit: (out caller-allocates): what is there; clear it with vigil_chart_hit_clear()
 *
 * Returns: whether a bar, bin, entity or alert lies under (@x, @y)
 */
gboolean
vigil_chart_view_hit (VigilChartView *self,
                      double          x,
                      double          y,
                      VigilChartHit  *hit)
{
  int width, height;

  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      memset (hit, 0, sizeof *hit);
      hit->item = -1;
      return FALSE;
    }
  return vigil_chart_hit (self->kind, self->dashboard, get_style (self), width, height, x, y, hit);
}

/**
 * vigil_chart_view_activate_at:
 * @x: in the widget's coordinates
 * @y: in the widget's coordinates
 *
 * What a click at (@x, @y) does: emits #VigilChartView::day-activated when a day lies there,
 * with the model of its panel when the chart draws one per model.
 *
 * Returns: whether it did
 */
gboolean
vigil_chart_view_activate_at (VigilChartView *self,
                              double          x,
                              double          y)
{
  g_auto(VigilChartHit) hit = { 0 };

  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), FALSE);

  if (!vigil_chart_view_hit (self, x, y, &hit) || hit.day[0] == '\0')
    return FALSE;
  g_signal_emit (self, signals[DAY_ACTIVATED], 0, hit.day, hit.model);
  return TRUE;
}

/**
 * vigil_chart_view_get_painted:
 *
 * Painting happens in a worker thread: after a change of data, kind, style or size the
 * chart shows its previous painting until the new one comes.
 *
 * Returns: whether the painting shown is of the chart's present data, kind, style, size
 *   and scale (%TRUE too when the chart has no size, and so nothing to show)
 */
gboolean
vigil_chart_view_get_painted (VigilChartView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width, height;

  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), FALSE);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return TRUE;
  return self->texture != NULL && self->texture_generation == self->generation &&
         self->texture_width == width && self->texture_height == height &&
         self->texture_scale == gtk_widget_get_scale_factor (widget);
}

/**
 * vigil_chart_view_get_texture:
 *
 * Returns: (transfer none) (nullable): the painting shown, of the chart's size times its scale
 *   factor in pixels when vigil_chart_view_get_painted() says so; %NULL before the first
 */
GdkTexture *
vigil_chart_view_get_texture (VigilChartView *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_VIEW (self), NULL);

  return self->texture;
}
