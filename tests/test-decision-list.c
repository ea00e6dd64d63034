/* test-decision-list.c: VigilDecisionList counts and reads the decisions of a query off the
 * main thread, page by page, and follows the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-decision-list"

#include "config.h"

#include <inttypes.h>

#include "vigil-database.h"
#include "vigil-decision-list.h"
#include "vigil-store-private.h"
#include "vigil-test-util.h"

#define N_DECISIONS 3000
#define WAIT_S 20

static gboolean
expire_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done holds, for at most WAIT_S seconds. */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add_seconds (WAIT_S, expire_cb, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return done (data);
}

static gboolean
list_counted (gpointer data)
{
  return !vigil_decision_list_get_loading (data);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
item_loaded (gpointer data)
{
  return vigil_decision_item_get_decision (data) != NULL;
}

/* Decisions of two models over ten days, a few flagged, some reviewed; several share a
 * timestamp, so that keyset pagination has ties to get right. */
static void
fill (VigilStore *store)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_DECISIONS; i++)
    {
      g_autofree char *ts = g_strdup_printf ("2026-03-%02uT%02u:%02u:00Z", 1 + i % 10,
                                             (i / 10) % 24, (i / 240) % 60);
      VigilDecision *d = make_decision (i % 3 == 0 ? "CreditScorer" : "MomentumSignal",
                                        i % 2 ? "BUY" : "SELL", ts, 0.5 + (i % 50) / 100.0,
                                        "AAPL");
      g_ptr_array_add (batch, d);
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_exec (store, "UPDATE decisions SET anomaly_flag = 1, "
                                   "anomaly_reason = 'volume' WHERE id % 97 = 0", &error));
  g_assert_no_error (error);
  for (gint64 id = 5; id < 400; id += 37)
    {
      g_assert_true (vigil_store_review_decision (store, id, "Ada", VIGIL_REVIEW_APPROVED,
                                                  NULL, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  Fixture            f;
  VigilDatabase     *database;
  VigilDecisionList *list;
  guint              n_signals;
  guint              removed;
  guint              added;
} ListFixture;

static void
items_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  ListFixture *lf)
{
  g_assert_cmpuint (position, ==, 0);
  lf->n_signals++;
  lf->removed += removed;
  lf->added += added;
}

static void
list_set_up (ListFixture   *lf,
             gconstpointer  data)
{
  fixture_set_up (&lf->f, data);
  fill (lf->f.store);
  lf->database = vigil_database_new (lf->f.store);
  lf->list = vigil_decision_list_new (lf->database, NULL);
  g_signal_connect (lf->list, "items-changed", G_CALLBACK (items_changed_cb), lf);
}

static void
list_tear_down (ListFixture   *lf,
                gconstpointer  data)
{
  VigilDecisionList *list = g_steal_pointer (&lf->list);

  /* Let the workers finish with the store before it is closed: a read in flight holds the
   * list until its reply is handled. */
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  g_object_unref (list);
  g_assert_true (wait_until (is_null, &list));
  g_clear_object (&lf->database);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  fixture_tear_down (&lf->f, data);
}

/* The decision at @position, read the slow way through the store. */
static VigilDecision *
expected_at (VigilStore         *store,
             VigilDecisionQuery *query,
             guint               position)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GError) error = NULL;

  vigil_decision_query_set_limit (query, 1, position);
  rows = vigil_store_query_decisions (store, query, &error);
  g_assert_no_error (error);
  vigil_decision_query_set_limit (query, -1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  return g_list_model_get_item (rows, 0);
}

static void
assert_item_at (ListFixture        *lf,
                VigilDecisionQuery *query,
                guint               position)
{
  g_autoptr(VigilDecisionItem) item = g_list_model_get_item (G_LIST_MODEL (lf->list), position);
  g_autoptr(VigilDecision) expected = expected_at (lf->f.store, query, position);
  VigilDecision *got;

  g_assert_nonnull (item);
  g_assert_cmpuint (vigil_decision_item_get_position (item), ==, position);
  g_assert_true (wait_until (item_loaded, item));
  got = vigil_decision_item_get_decision (item);
  g_assert_cmpint (vigil_decision_get_id (got), ==, vigil_decision_get_id (expected));
  g_assert_cmpstr (vigil_decision_get_timestamp (got), ==, vigil_decision_get_timestamp (expected));
  g_assert_cmpint (vigil_decision_get_review_status (got), ==,
                   vigil_decision_get_review_status (expected));
}

/* Sets @query and checks the count and the items at the start, middle and end, then walks
 * pages forwards and backwards (keyset reads) against the store. */
static void
check_query (ListFixture        *lf,
             VigilDecisionQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 expected;
  guint n;

  vigil_decision_list_set_query (lf->list, query);
  g_assert_true (vigil_decision_list_get_loading (lf->list));
  g_assert_true (wait_until (list_counted, lf->list));

  expected = vigil_store_count_decisions (lf->f.store, query, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (lf->list));
  g_assert_cmpint (n, ==, expected);
  g_assert_null (vigil_decision_list_get_error_message (lf->list));
  if (n == 0)
    {
      g_assert_null (g_list_model_get_item (G_LIST_MODEL (lf->list), 0));
      return;
    }

  assert_item_at (lf, query, 0);
  assert_item_at (lf, query, n / 2);
  assert_item_at (lf, query, n - 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (lf->list), n));

  /* Forwards from page 0 and backwards from the last page: each read continues from a
   * neighbour. */
  for (guint p = VIGIL_DECISION_LIST_PAGE_SIZE + 3; p < n; p += VIGIL_DECISION_LIST_PAGE_SIZE)
    assert_item_at (lf, query, p);
  for (guint p = n - 1; p >= VIGIL_DECISION_LIST_PAGE_SIZE; p -= VIGIL_DECISION_LIST_PAGE_SIZE)
    assert_item_at (lf, query, p - VIGIL_DECISION_LIST_PAGE_SIZE);
}

static void
test_queries (ListFixture   *lf,
              gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) all = vigil_decision_query_new ();
  g_autoptr(VigilDecisionQuery) newest = vigil_decision_query_new ();
  g_autoptr(VigilDecisionQuery) model_day = vigil_decision_query_new ();
  g_autoptr(VigilDecisionQuery) flagged = vigil_decision_query_new ();
  g_autoptr(VigilDecisionQuery) approved = vigil_decision_query_new ();
  g_autoptr(VigilDecisionQuery) none = vigil_decision_query_new ();

  check_query (lf, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lf->list)), ==, N_DECISIONS);

  vigil_decision_query_set_newest_first (newest, TRUE);
  check_query (lf, newest);

  vigil_decision_query_set_newest_first (model_day, TRUE);
  vigil_decision_query_set_model (model_day, "CreditScorer");
  g_assert_true (vigil_decision_query_set_range (model_day, "2026-03-04", "2026-03-05", NULL));
  check_query (lf, model_day);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lf->list)), ==, 100);

  vigil_decision_query_set_newest_first (flagged, TRUE);
  vigil_decision_query_set_flagged (flagged, TRUE);
  check_query (lf, flagged);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lf->list)), ==, N_DECISIONS / 97);

  vigil_decision_query_set_newest_first (approved, TRUE);
  vigil_decision_query_set_review_status (approved, VIGIL_REVIEW_APPROVED);
  check_query (lf, approved);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lf->list)), ==, 11);

  vigil_decision_query_set_model (none, "NoSuchModel");
  check_query (lf, none);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lf->list)), ==, 0);

  /* Every change of length was announced, as removals then additions. */
  g_assert_cmpuint (lf->added, ==, lf->removed);
  g_assert_cmpuint (lf->n_signals, >, 0);
}

static void
test_page_cache_bounded (ListFixture   *lf,
                         gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) newest = vigil_decision_query_new ();
  g_autoptr(VigilDecisionItem) last = NULL;

  vigil_decision_query_set_newest_first (newest, TRUE);
  vigil_decision_list_set_query (lf->list, newest);
  g_assert_true (wait_until (list_counted, lf->list));

  /* Asking for every row, as a scrollbar dragged end to end would, keeps a bounded set of
   * pages, and the last one asked for is read first. */
  for (guint i = 0; i < N_DECISIONS; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (lf->list), i));
  g_assert_cmpuint (vigil_decision_list_get_n_pages_cached (lf->list), <=, 64);
  last = g_list_model_get_item (G_LIST_MODEL (lf->list), N_DECISIONS - 1);
  g_assert_true (wait_until (item_loaded, last));
  assert_item_at (lf, newest, 0);
}

typedef struct
{
  VigilDecisionItem *item;
  VigilReviewStatus  status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;
  VigilDecision *d = vigil_decision_item_get_decision (wait->item);

  return d != NULL && vigil_decision_get_review_status (d) == wait->status;
}

static gboolean
n_items_is (gpointer data)
{
  ListFixture *lf = data;

  return !vigil_decision_list_get_loading (lf->list) &&
         g_list_model_get_n_items (G_LIST_MODEL (lf->list)) == N_DECISIONS + 1;
}

static gpointer
review_first (VigilStore    *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 id = *(gint64 *) data;

  if (!vigil_store_review_decision (store, id, "Grace", VIGIL_REVIEW_ESCALATED, "check", error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vigil_database_run_finish (VIGIL_DATABASE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_follows_database (ListFixture   *lf,
                       gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) newest = vigil_decision_query_new ();
  g_autoptr(VigilDecisionItem) first = NULL;
  g_autoptr(VigilDecisionItem) again = NULL;
  g_autoptr(VigilDecision) d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint signals_before;
  gboolean done = FALSE;
  StatusWait wait;

  vigil_decision_query_set_newest_first (newest, TRUE);
  vigil_decision_list_set_query (lf->list, newest);
  g_assert_true (wait_until (list_counted, lf->list));
  first = g_list_model_get_item (G_LIST_MODEL (lf->list), 0);
  g_assert_true (wait_until (item_loaded, first));
  id = vigil_decision_get_id (vigil_decision_item_get_decision (first));

  /* A review through the database: the same item is updated in place, no rows change. */
  signals_before = lf->n_signals;
  vigil_database_run_async (lf->database, VIGIL_DATABASE_WRITE, review_first, &id, NULL, NULL,
                            NULL, done_cb, &done);
  g_assert_true (wait_until (is_true, &done));
  wait.item = first;
  wait.status = VIGIL_REVIEW_ESCALATED;
  g_assert_true (wait_until (status_is, &wait));
  g_assert_cmpuint (lf->n_signals, ==, signals_before);
  again = g_list_model_get_item (G_LIST_MODEL (lf->list), 0);
  g_assert_true (again == first);

  /* A new decision, the newest: the list grows and it comes first. */
  d = make_decision ("MomentumSignal", "HOLD", "2026-04-01T00:00:00Z", 0.9, "MSFT");
  g_assert_true (vigil_store_log_decision (lf->f.store, d, &id, &error));
  g_assert_no_error (error);
  vigil_database_changed (lf->database);
  g_assert_true (wait_until (n_items_is, lf));
  g_assert_cmpuint (lf->n_signals, ==, signals_before + 2);
  assert_item_at (lf, newest, 0);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (lf->list), 0);
  g_assert_cmpint (vigil_decision_get_id (vigil_decision_item_get_decision (again)), ==, id);
  assert_item_at (lf, newest, N_DECISIONS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/decision-list/queries", ListFixture, NULL, list_set_up, test_queries,
              list_tear_down);
  g_test_add ("/vigil/decision-list/page-cache-bounded", ListFixture, NULL, list_set_up,
              test_page_cache_bounded, list_tear_down);
  g_test_add ("/vigil/decision-list/follows-database", ListFixture, NULL, list_set_up,
              test_follows_database, list_tear_down);

  return g_test_run ();
}
