/* vigil-main-context.c: hand work from a thread to a main context, always as a queued source
 *
 * g_main_context_invoke() runs its function at once, in the calling thread, when nobody owns
 * the context at that moment: a worker that reports while the main thread is between two
 * iterations (or not yet in its loop) would then run main-thread code, such as emitting a
 * GObject signal to the views, in the worker. Vigil's threads post through here instead: the
 * function always runs in the thread that iterates @context, in the order it was posted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-main-context.h"

typedef struct
{
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
} Post;

static void
post_free (gpointer data)
{
  Post *post = data;

  if (post->notify != NULL)
    post->notify (post->data);
  g_free (post);
}

static gboolean
post_cb (gpointer data)
{
  Post *post = data;

  post->func (post->data);
  return G_SOURCE_REMOVE;
}

/**
 * vigil_main_context_post:
 * @context: (nullable): the context to run @func in; %NULL for the global default
 * @priority: the source's priority, such as %G_PRIORITY_DEFAULT
 * @func: run once in the thread iterating @context; its return value is ignored
 * @data: passed to @func
 * @notify: (nullable): frees @data after @func ran, or when @context is destroyed first
 *
 * Queues @func on @context from any thread. Unlike g_main_context_invoke_full(), it never
 * runs @func in the calling thread, even when the caller could acquire @context.
 */
void
vigil_main_context_post (GMainContext   *context,
                         int             priority,
                         GSourceFunc     func,
                         gpointer        data,
                         GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;
  Post *post;

  g_return_if_fail (func != NULL);

  post = g_new (Post, 1);
  post->func = func;
  post->data = data;
  post->notify = notify;
  source = g_idle_source_new ();
  g_source_set_priority (source, priority);
  g_source_set_callback (source, post_cb, post, post_free);
  g_source_set_static_name (source, "[vigil] main context post");
  g_source_attach (source, context);
}
