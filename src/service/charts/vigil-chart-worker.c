/* vigil-chart-worker.c: the charts painted into images by one thread of their own
 *
 * Painted in the widget's snapshot, a chart's cairo drawing was recorded and then replayed
 * by the renderer inside the frame, on the main thread, for every chart the frame drew. The
 * chart widgets hand their painting here instead and only composite the image when it comes
 * back. (Measured with bench-frames: 1 to 2 ms a chart, up to 14 ms while the glyph caches
 * are cold.)
 *
 * One thread, started by the first request and kept for the life of the process, paints the
 * requests of every chart in the order they came: a second thread would only compete with
 * the main thread for the same two cores, and one thread keeps one font map and its glyph
 * caches warm. Each request carries what it paints, safe to read from another thread: a
 * reference to the dashboard (immutable once loaded) and a copy of the style. A request
 * cancelled while it waits (its chart changed again, or went away) is not painted at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-worker"

#include "config.h"

#include <math.h>

#include "vigil-chart.h"
#include "vigil-chart-worker.h"
#include "vigil-main-context.h"

typedef struct
{
  VigilChartKind        kind;
  VigilDashboard       *data;
  VigilChartStyle      *style;
  int                   width;
  int                   height;
  double                scale;
  GCancellable         *cancellable;
  GMainContext         *context;

  cairo_surface_t      *image;   /* set by the worker */

  VigilChartWorkerFunc  func;
  gpointer              user_data;
  GDestroyNotify        notify;
} Request;

/* Freed in the asker's main context, after its function ran: the user data is only ever
 * touched by the thread it belongs to. */
static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->notify != NULL)
    request->notify (request->user_data);
  g_clear_pointer (&request->image, cairo_surface_destroy);
  g_clear_pointer (&request->data, vigil_dashboard_unref);
  g_clear_pointer (&request->style, vigil_chart_style_free);
  g_clear_object (&request->cancellable);
  g_main_context_unref (request->context);
  g_free (request);
}

static gboolean
request_done_cb (gpointer data)
{
  Request *request = data;

  request->func (request->image, request->user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
request_cancelled (Request *request)
{
  return request->cancellable != NULL && g_cancellable_is_cancelled (request->cancellable);
}

static void
paint (Request *request)
{
  int pixel_width = (int) ceil (request->width * request->scale);
  int pixel_height = (int) ceil (request->height * request->scale);
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("Cannot make a chart image of %d x %d pixels: %s", pixel_width, pixel_height,
                 cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return;
    }
  /* The painters draw in user units; the image has scale pixels per unit. */
  cairo_surface_set_device_scale (image, request->scale, request->scale);
  cr = cairo_create (image);
  vigil_chart_paint (request->kind, cr, request->data, request->style,
                     request->width, request->height);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  request->image = image;
}

static gpointer
worker_main (gpointer data)
{
  GAsyncQueue *queue = data;

  for (;;)
    {
      Request *request = g_async_queue_pop (queue);

      if (!request_cancelled (request))
        paint (request);
      /* Cancelled while it was painted: nobody wants it any more. */
      if (request_cancelled (request))
        g_clear_pointer (&request->image, cairo_surface_destroy);
      vigil_main_context_post (request->context, G_PRIORITY_DEFAULT,
                               request_done_cb, request, request_free);
    }
  return NULL;
}

static GAsyncQueue *
get_queue (void)
{
  static GAsyncQueue *queue;

  if (g_once_init_enter (&queue))
    {
      GAsyncQueue *new_queue = g_async_queue_new ();

      /* Never joined: it waits on the queue for the life of the process. */
      g_thread_unref (g_thread_new ("vigil-charts", worker_main, new_queue));
      g_once_init_leave (&queue, new_queue);
    }
  return queue;
}

/**
 * vigil_chart_worker_paint:
 * @kind: the chart
 * @data: (nullable): what it draws; the request keeps a reference until it is done
 * @style: how it draws it; the request keeps a copy
 * @width: the chart's width in user units (pixels at scale 1), at least 1
 * @height: its height, at least 1
 * @scale: device pixels per user unit (a widget's scale factor)
 * @cancellable: (nullable): cancel it when the image is no longer wanted
 * @func: given the image, in the thread-default main context of the calling thread
 * @user_data: passed to @func
 * @notify: (nullable): frees @user_data after @func ran, in the same context
 *
 * Queues a painting of @kind for the charts' worker thread. @func runs exactly once, with
 * %NULL when @cancellable was cancelled first; requests are painted in the order they came.
 */
void
vigil_chart_worker_paint (VigilChartKind         kind,
                          VigilDashboard        *data,
                          const VigilChartStyle *style,
                          int                    width,
                          int                    height,
                          double                 scale,
                          GCancellable          *cancellable,
                          VigilChartWorkerFunc   func,
                          gpointer               user_data,
                          GDestroyNotify         notify)
{
  Request *request;

  g_return_if_fail (vigil_chart_kind_get (kind) != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (scale > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (func != NULL);

  request = g_new0 (Request, 1);
  request->kind = kind;
  request->data = data != NULL ? vigil_dashboard_ref (data) : NULL;
  request->style = vigil_chart_style_copy (style);
  request->width = width;
  request->height = height;
  request->scale = scale;
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  request->context = g_main_context_ref_thread_default ();
  request->func = func;
  request->user_data = user_data;
  request->notify = notify;
  g_async_queue_push (get_queue (), request);
}
