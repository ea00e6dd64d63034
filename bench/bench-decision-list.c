/* bench-decision-list.c: the Decisions view's list over a database of 10M decisions
 *
 * Targets: the count and first page of every decision, newest first, under 0.5 s; a jump to
 * the middle of the list (position 5,000,000) under 2 s; each of the next 20 pages when
 * scrolling on from there under 50 ms. Timed as the app sees it: a VigilDecisionList over a
 * VigilDatabase, its reads in the database's worker thread, its answers on a GMainLoop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-decision-list"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-database.h"
#include "vigil-decision-list.h"
#include "vigil-store.h"

#define TARGET_FIRST 0.5
#define TARGET_JUMP  2.0
#define TARGET_PAGE  0.05
#define N_PAGES      20
#define TIMEOUT_S    60

static char *opt_db;
static guint opt_position = 5000000;

typedef gboolean (*Predicate) (gpointer data);

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @predicate holds; FALSE after TIMEOUT_S. */
static gboolean
run_until (Predicate predicate,
           gpointer  data)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return !expired;
}

static gboolean
first_page_loaded (gpointer data)
{
  VigilDecisionList *list = data;
  g_autoptr(VigilDecisionItem) item = NULL;

  if (vigil_decision_list_get_loading (list)
      || vigil_decision_list_get_error_message (list) != NULL
      || g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return vigil_decision_list_get_error_message (list) != NULL;
  /* What a view does once the count is known: ask for the rows it shows. */
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  return vigil_decision_item_get_decision (item) != NULL;
}

static gboolean
item_loaded (gpointer data)
{
  VigilDecisionItem *item = data;

  return vigil_decision_item_get_decision (item) != NULL;
}

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Asks for the item at @position, as a scrolled view does, and waits for its decision. */
static VigilDecisionItem *
load_item (VigilDecisionList *list,
           guint              position,
           double            *seconds)
{
  gint64 start = g_get_monotonic_time ();
  VigilDecisionItem *item = g_list_model_get_item (G_LIST_MODEL (list), position);

  if (item == NULL || !run_until (item_loaded, item)
      || vigil_decision_list_get_error_message (list) != NULL)
    {
      g_printerr ("item %u was not read: %s\n", position,
                  vigil_decision_list_get_error_message (list)
                  ? vigil_decision_list_get_error_message (list) : "timed out");
      exit (2);
    }
  *seconds = seconds_since (start);
  return item;
}

static const char *
verdict (double seconds,
         double target)
{
  return seconds < target ? "PASS" : "FAIL";
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilDatabase) database = NULL;
  g_autoptr(VigilDecisionList) list = NULL;
  g_autoptr(VigilDecisionItem) deep = NULL;
  g_autoptr(VigilDecisionQuery) query = NULL;
  double first, jump, worst = 0, total = 0;
  guint n_items;
  gint64 start;
  gboolean pass;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
      "The database to read (default: /tmp/dash-bench10m/dashboard-10000000.db, made by "
      "bench-dashboard --dir /tmp/dash-bench10m)", "FILE" },
    { "position", 0, 0, G_OPTION_ARG_INT, &opt_position,
      "Where to jump in the list (5000000)", "P" },
    { NULL }
  };

  context = g_option_context_new ("- time the Decisions view's list");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_db == NULL)
    opt_db = g_strdup ("/tmp/dash-bench10m/dashboard-10000000.db");
  if (!g_file_test (opt_db, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("%s: no such database; make one with "
                  "bench-dashboard --dir FOLDER [--n N]\n", opt_db);
      return 2;
    }

  store = vigil_store_open (opt_db, VIGIL_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", opt_db, error->message);
      return 2;
    }
  database = vigil_database_new (store);

  g_print ("bench-decision-list: a VigilDecisionList of every decision, newest first, over "
           "a VigilDatabase, read on a GMainLoop\n");
  g_print ("database: %s\n", opt_db);
  g_print ("targets: count and first page < %.1f s; item at %u read < %.0f s; "
           "each of the next %d pages < %.0f ms\n\n", TARGET_FIRST, opt_position, TARGET_JUMP,
           N_PAGES, TARGET_PAGE * 1000);

  /* (a) From a new list to its count and first page. */
  query = vigil_decision_query_new ();
  vigil_decision_query_set_newest_first (query, TRUE);
  start = g_get_monotonic_time ();
  list = vigil_decision_list_new (database, query);
  if (!run_until (first_page_loaded, list) || vigil_decision_list_get_error_message (list))
    {
      g_printerr ("the first page was not read: %s\n",
                  vigil_decision_list_get_error_message (list)
                  ? vigil_decision_list_get_error_message (list) : "timed out");
      return 2;
    }
  first = seconds_since (start);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_print ("(a) count and first page:  %.3f s  (%u decisions)  %s\n", first, n_items,
           verdict (first, TARGET_FIRST));
  if (opt_position + (guint) N_PAGES * VIGIL_DECISION_LIST_PAGE_SIZE >= n_items)
    {
      g_printerr ("the list has %u decisions: too few for a jump to %u and %d pages on\n",
                  n_items, opt_position, N_PAGES);
      return 2;
    }

  /* (b) A jump far from every page read: the scrollbar dragged to the middle. */
  deep = load_item (list, opt_position, &jump);
  g_print ("(b) item %u read:     %.3f s  (%s, id %" PRId64 ")  %s\n", opt_position, jump,
           vigil_decision_get_timestamp (vigil_decision_item_get_decision (deep)),
           vigil_decision_get_id (vigil_decision_item_get_decision (deep)),
           verdict (jump, TARGET_JUMP));

  /* (c) Scrolling on from there, a page at a time: each continues from the page before it.
   * The rows must keep the list's order, newest first, with no gap or repeat at the seams. */
  for (guint i = 1; i <= N_PAGES; i++)
    {
      guint position = opt_position + i * VIGIL_DECISION_LIST_PAGE_SIZE;
      guint seam = position / VIGIL_DECISION_LIST_PAGE_SIZE * VIGIL_DECISION_LIST_PAGE_SIZE;
      g_autoptr(VigilDecisionItem) item = NULL;
      g_autoptr(VigilDecisionItem) last = NULL;
      g_autoptr(VigilDecisionItem) next = NULL;
      VigilDecision *a, *b;
      double seconds;
      int order;

      item = load_item (list, position, &seconds);
      worst = MAX (worst, seconds);
      total += seconds;

      last = g_list_model_get_item (G_LIST_MODEL (list), seam - 1);
      next = g_list_model_get_item (G_LIST_MODEL (list), seam);
      a = vigil_decision_item_get_decision (last);
      b = vigil_decision_item_get_decision (next);
      order = a && b ? g_strcmp0 (vigil_decision_get_timestamp (a),
                                  vigil_decision_get_timestamp (b)) : -1;
      if (order < 0 || (order == 0 && vigil_decision_get_id (a) <= vigil_decision_get_id (b)))
        {
          g_printerr ("rows %u and %u are not in the list's order\n", seam - 1, seam);
          return 2;
        }
    }
  g_print ("(c) %d pages on from there: mean %.1f ms, slowest %.1f ms  %s\n", N_PAGES,
           total / N_PAGES * 1000, worst * 1000, verdict (worst, TARGET_PAGE));

  pass = first < TARGET_FIRST && jump < TARGET_JUMP && worst < TARGET_PAGE;
  g_clear_object (&list);
  g_print ("\n%s\n", pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
