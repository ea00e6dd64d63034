/* test-main-context.c: work a thread posts runs in the thread iterating the context, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-main-context.h"

typedef struct
{
  GMainContext *context;
  GThread      *ran_in;
  GPtrArray    *order;
  guint         freed;
} Fixture;

typedef struct
{
  Fixture *fixture;
  char    *name;
} Posted;

static void
posted_free (gpointer data)
{
  Posted *posted = data;

  posted->fixture->freed++;
  g_free (posted->name);
  g_free (posted);
}

static gboolean
record_cb (gpointer data)
{
  Posted *posted = data;

  posted->fixture->ran_in = g_thread_self ();
  g_ptr_array_add (posted->fixture->order, g_strdup (posted->name));
  return G_SOURCE_CONTINUE; /* ignored: a post runs once */
}

static gpointer
post_func (gpointer data)
{
  Fixture *fixture = data;

  for (guint i = 0; i < 3; i++)
    {
      Posted *posted = g_new0 (Posted, 1);

      posted->fixture = fixture;
      posted->name = g_strdup_printf ("post %u", i);
      vigil_main_context_post (fixture->context, G_PRIORITY_DEFAULT, record_cb, posted,
                               posted_free);
    }
  return NULL;
}

/* A thread posts three pieces of work to a new context and is joined before the test goes on */
static void
fixture_post_from_thread (Fixture *fixture)
{
  GThread *worker;

  fixture->context = g_main_context_new ();
  fixture->order = g_ptr_array_new_with_free_func (g_free);
  worker = g_thread_new ("poster", post_func, fixture);
  g_thread_join (worker);
}

/* Nobody owns the context while the worker posts (the main thread is not in a loop), the case
 * where g_main_context_invoke_full() would have run the work in the worker itself. */
static void
test_runs_in_owner_thread (void)
{
  Fixture fixture = { 0 };

  fixture_post_from_thread (&fixture);

  g_assert_null (fixture.ran_in);
  g_assert_cmpuint (fixture.order->len, ==, 0);

  while (fixture.order->len < 3)
    g_main_context_iteration (fixture.context, TRUE);

  g_assert_true (fixture.ran_in == g_thread_self ());
  g_assert_cmpstr (g_ptr_array_index (fixture.order, 0), ==, "post 0");
  g_assert_cmpstr (g_ptr_array_index (fixture.order, 1), ==, "post 1");
  g_assert_cmpstr (g_ptr_array_index (fixture.order, 2), ==, "post 2");
  g_assert_cmpuint (fixture.freed, ==, 3);

  /* Each ran once, whatever the function returned */
  while (g_main_context_iteration (fixture.context, FALSE))
    ;
  g_assert_cmpuint (fixture.order->len, ==, 3);

  g_ptr_array_unref (fixture.order);
  g_main_context_unref (fixture.context);
}

/* Work nobody ran is freed with the context, not leaked */
static void
test_freed_with_context (void)
{
  Fixture fixture = { 0 };

  fixture_post_from_thread (&fixture);
  g_main_context_unref (fixture.context);

  g_assert_cmpuint (fixture.order->len, ==, 0);
  g_assert_cmpuint (fixture.freed, ==, 3);
  g_ptr_array_unref (fixture.order);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/main-context/runs-in-owner-thread", test_runs_in_owner_thread);
  g_test_add_func ("/vigil/main-context/freed-with-context", test_freed_with_context);

  return g_test_run ();
}
