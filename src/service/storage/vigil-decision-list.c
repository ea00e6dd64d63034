/* vigil-decision-list.c: the decisions of a query as a list model, read page by page
 *
 * A database holds millions of decisions; a view shows a few dozen at a time. The list counts
 * the decisions of its query in a worker thread, then answers g_list_model_get_item() at once
 * with an empty VigilDecisionItem and reads the page (VIGIL_DECISION_LIST_PAGE_SIZE rows)
 * holding it through the VigilDatabase, one page at a time, the one nearest to where the view
 * last looked first. The main thread never touches SQLite.
 *
 * A page next to one already read continues from that page's first or last row (keyset
 * pagination on (timestamp, id), an index seek); only a jump far from any page read uses
 * OFFSET, which SQLite pays row by row. At most MAX_PAGES pages are kept; the one farthest
 * from the last access goes first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision-list"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-decision-list.h"

#define PAGE_SIZE VIGIL_DECISION_LIST_PAGE_SIZE
#define MAX_PAGES 64

typedef struct
{
  guint      index;
  guint      serial;
  GPtrArray *items;      /* of VigilDecisionItem, created with the page */
  char      *first_timestamp;
  gint64     first_id;
  char      *last_timestamp;
  gint64     last_id;
  guint      has_keys : 1;
  guint      loaded : 1;
  guint      queued : 1;
} Page;

struct _VigilDecisionList
{
  GObject             parent_instance;

  VigilDatabase      *database;
  gulong              changed_id;
  VigilDecisionQuery *query;
  GCancellable       *cancellable;
  char               *error_message;

  guint               n_items;
  guint               generation;
  guint               next_serial;
  GHashTable         *pages;          /* page index -> Page */
  GQueue              wanted;         /* Page, waiting to be read */
  guint               last_page;
  guint               counting : 1;
  guint               reading : 1;
};

static void vigil_decision_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilDecisionList, vigil_decision_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vigil_decision_list_model_init))

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kick (VigilDecisionList *self);

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page->first_timestamp);
  g_free (page->last_timestamp);
  g_free (page);
}

/* A query with the same filters and order, for one worker: queries are not thread-safe. */
static VigilDecisionQuery *
copy_query (VigilDecisionQuery *query)
{
  VigilDecisionQuery *copy = vigil_decision_query_new ();
  VigilReviewStatus status;

  vigil_decision_query_set_model (copy, vigil_decision_query_get_model (query));
  /* Already normalised, so this cannot fail. */
  vigil_decision_query_set_range (copy, vigil_decision_query_get_from (query),
                                  vigil_decision_query_get_to (query), NULL);
  if (vigil_decision_query_get_review_status (query, &status))
    vigil_decision_query_set_review_status (copy, status);
  vigil_decision_query_set_flagged (copy, vigil_decision_query_get_flagged (query));
  vigil_decision_query_set_newest_first (copy, vigil_decision_query_get_newest_first (query));
  return copy;
}

static void
set_error_message (VigilDecisionList *self,
                   const char        *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_counting (VigilDecisionList *self,
              gboolean           counting)
{
  if (self->counting == !!counting)
    return;
  self->counting = !!counting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Reading a page */

typedef struct
{
  VigilDecisionQuery *query;
  char               *timestamp;
  gint64              id;
  gint64              offset;
  gboolean            keyset;
  gboolean            backwards;
} PageRequest;

static void
page_request_free (gpointer data)
{
  PageRequest *request = data;

  vigil_decision_query_unref (request->query);
  g_free (request->timestamp);
  g_free (request);
}

static gpointer
read_page (VigilStore    *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  PageRequest *request = data;

  if (request->keyset)
    return vigil_store_query_decisions_from (store, request->query, request->timestamp,
                                             request->id, request->backwards, error);

  vigil_decision_query_set_limit (request->query, vigil_decision_query_get_limit (request->query),
                                  request->offset);
  return vigil_store_query_decisions (store, request->query, error);
}

typedef struct
{
  VigilDecisionList *self;
  guint              generation;
  guint              index;
  guint              serial;
} PageReply;

static void
read_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree PageReply *reply = user_data;
  g_autoptr(VigilDecisionList) self = reply->self;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  rows = vigil_database_run_finish (VIGIL_DATABASE (source), result, &error);
  if (reply->generation != self->generation)
    return;   /* a reload started another read since */
  self->reading = FALSE;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (reply->index));
  if (rows == NULL)
    {
      g_warning ("Reading decisions %u to %u: %s", reply->index * PAGE_SIZE,
                 (reply->index + 1) * PAGE_SIZE - 1, error->message);
      set_error_message (self, error->message);
    }
  else if (page != NULL && page->serial == reply->serial)
    {
      guint n = MIN (page->items->len, g_list_model_get_n_items (rows));

      if (n > 0)
        {
          g_autoptr(VigilDecision) first = g_list_model_get_item (rows, 0);
          g_autoptr(VigilDecision) last = g_list_model_get_item (rows, n - 1);

          g_free (page->first_timestamp);
          g_free (page->last_timestamp);
          page->first_timestamp = g_strdup (vigil_decision_get_timestamp (first));
          page->first_id = vigil_decision_get_id (first);
          page->last_timestamp = g_strdup (vigil_decision_get_timestamp (last));
          page->last_id = vigil_decision_get_id (last);
          /* A short page (the database changed meanwhile) is no base for its neighbours. */
          page->has_keys = n == page->items->len;
        }
      page->loaded = TRUE;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VigilDecision) decision = g_list_model_get_item (rows, i);

          vigil_decision_item_set_decision (page->items->pdata[i], decision);
        }
    }

  kick (self);
}

/* The waiting page nearest to the last one asked for. */
static Page *
pop_wanted (VigilDecisionList *self)
{
  GList *best = NULL;
  guint best_distance = G_MAXUINT;
  Page *page;

  for (GList *l = self->wanted.head; l != NULL; l = l->next)
    {
      Page *p = l->data;
      guint distance = p->index > self->last_page ? p->index - self->last_page
                                                  : self->last_page - p->index;

      if (distance < best_distance)
        {
          best = l;
          best_distance = distance;
        }
    }
  if (best == NULL)
    return NULL;
  page = best->data;
  g_queue_delete_link (&self->wanted, best);
  page->queued = FALSE;
  return page;
}

static void
kick (VigilDecisionList *self)
{
  PageRequest *request;
  PageReply *reply;
  Page *page, *before, *after;

  if (self->reading || self->counting || self->database == NULL)
    return;
  page = pop_wanted (self);
  if (page == NULL)
    return;

  request = g_new0 (PageRequest, 1);
  request->query = copy_query (self->query);
  vigil_decision_query_set_limit (request->query, page->items->len, 0);

  before = page->index > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page->index - 1))
                           : NULL;
  after = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page->index + 1));
  if (before != NULL && before->has_keys)
    {
      request->keyset = TRUE;
      request->timestamp = g_strdup (before->last_timestamp);
      request->id = before->last_id;
    }
  else if (after != NULL && after->has_keys)
    {
      request->keyset = TRUE;
      request->backwards = TRUE;
      request->timestamp = g_strdup (after->first_timestamp);
      request->id = after->first_id;
    }
  else
    request->offset = (gint64) page->index * PAGE_SIZE;

  reply = g_new0 (PageReply, 1);
  reply->self = g_object_ref (self);
  reply->generation = self->generation;
  reply->index = page->index;
  reply->serial = page->serial;

  self->reading = TRUE;
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, read_page, request,
                            page_request_free, g_object_unref, self->cancellable,
                            read_page_cb, reply);
}

/* Counting, and reloading */

typedef struct
{
  VigilDecisionList *self;
  guint              generation;
  gboolean           keep_items;
} CountReply;

static gpointer
count_decisions (VigilStore    *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gint64 n = vigil_store_count_decisions (store, data, error);

  if (n < 0)
    return NULL;
  return g_memdup2 (&n, sizeof n);
}

static void
clear_pages (VigilDecisionList *self)
{
  g_queue_clear (&self->wanted);
  g_hash_table_remove_all (self->pages);
}

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree CountReply *reply = user_data;
  g_autoptr(VigilDecisionList) self = reply->self;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *count = NULL;
  guint old_n, new_n;

  count = vigil_database_run_finish (VIGIL_DATABASE (source), result, &error);
  if (reply->generation != self->generation)
    return;

  if (count == NULL)
    {
      g_warning ("Counting decisions: %s", error->message);
      set_error_message (self, error->message);
      new_n = 0;
    }
  else
    {
      set_error_message (self, NULL);
      new_n = (guint) MIN (*count, (gint64) G_MAXUINT);
    }

  old_n = self->n_items;
  if (reply->keep_items && new_n == old_n)
    {
      GHashTableIter iter;
      gpointer value;

      /* Same rows, perhaps reviewed: read the pages kept again and update their items in
       * place, so that a view keeps its scroll position and selection. */
      g_queue_clear (&self->wanted);
      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Page *page = value;

          page->queued = TRUE;
          g_queue_push_tail (&self->wanted, page);
        }
      set_counting (self, FALSE);
      kick (self);
      return;
    }

  /* Two signals, not one replacing all rows: a GtkSingleSelection would look for its item
   * among millions of new ones. */
  clear_pages (self);
  self->n_items = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  self->n_items = new_n;
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_counting (self, FALSE);
  kick (self);
}

static void
start_reload (VigilDecisionList *self,
              gboolean           keep_items)
{
  CountReply *reply;

  self->generation++;
  self->reading = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->database == NULL || self->query == NULL)
    return;

  set_counting (self, TRUE);
  reply = g_new0 (CountReply, 1);
  reply->self = g_object_ref (self);
  reply->generation = self->generation;
  reply->keep_items = keep_items;
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, count_decisions,
                            copy_query (self->query),
                            (GDestroyNotify) vigil_decision_query_unref, g_free,
                            self->cancellable, count_cb, reply);
}

static void
database_changed_cb (VigilDecisionList *self)
{
  start_reload (self, TRUE);
}

/**
 * vigil_decision_list_reload:
 *
 * Counts the decisions again and reads again the pages kept. Done by itself when the
 * database emits ::changed.
 */
void
vigil_decision_list_reload (VigilDecisionList *self)
{
  g_return_if_fail (VIGIL_IS_DECISION_LIST (self));

  start_reload (self, TRUE);
}

/* GListModel */

static GType
vigil_decision_list_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_DECISION_ITEM;
}

static guint
vigil_decision_list_get_n_items (GListModel *model)
{
  return VIGIL_DECISION_LIST (model)->n_items;
}

static void
evict (VigilDecisionList *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer value;
      Page *farthest = NULL;
      guint farthest_distance = 0;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Page *page = value;
          guint distance = page->index > self->last_page ? page->index - self->last_page
                                                         : self->last_page - page->index;

          if (distance >= farthest_distance)
            {
              farthest = page;
              farthest_distance = distance;
            }
        }
      if (farthest == NULL || farthest_distance == 0)
        return;
      if (farthest->queued)
        g_queue_remove (&self->wanted, farthest);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest->index));
    }
}

static gpointer
vigil_decision_list_get_item (GListModel *model,
                              guint       position)
{
  VigilDecisionList *self = VIGIL_DECISION_LIST (model);
  guint index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  self->last_page = index;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      guint start = index * PAGE_SIZE;
      guint n = MIN (PAGE_SIZE, self->n_items - start);

      page = g_new0 (Page, 1);
      page->index = index;
      page->serial = ++self->next_serial;
      page->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->items, vigil_decision_item_new (start + i));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      page->queued = TRUE;
      g_queue_push_head (&self->wanted, page);
      evict (self);
      kick (self);
    }

  return g_object_ref (page->items->pdata[position - index * PAGE_SIZE]);
}

static void
vigil_decision_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vigil_decision_list_get_item_type;
  iface->get_n_items = vigil_decision_list_get_n_items;
  iface->get_item = vigil_decision_list_get_item;
}

/* GObject */

static void
vigil_decision_list_dispose (GObject *object)
{
  VigilDecisionList *self = VIGIL_DECISION_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_object (&self->database);
  g_queue_clear (&self->wanted);
  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);

  G_OBJECT_CLASS (vigil_decision_list_parent_class)->dispose (object);
}

static void
vigil_decision_list_finalize (GObject *object)
{
  VigilDecisionList *self = VIGIL_DECISION_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, vigil_decision_query_unref);
  g_free (self->error_message);

  G_OBJECT_CLASS (vigil_decision_list_parent_class)->finalize (object);
}

static void
vigil_decision_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilDecisionList *self = VIGIL_DECISION_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->counting);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decision_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilDecisionList *self = VIGIL_DECISION_LIST (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      if (self->database != NULL)
        self->changed_id = g_signal_connect_object (self->database, "changed",
                                                    G_CALLBACK (database_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
      break;

    case PROP_QUERY:
      vigil_decision_list_set_query (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decision_list_class_init (VigilDecisionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_decision_list_dispose;
  object_class->finalize = vigil_decision_list_finalize;
  object_class->get_property = vigil_decision_list_get_property;
  object_class->set_property = vigil_decision_list_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, VIGIL_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VigilDecisionList:query:
   *
   * Which decisions, in which order; its limit and offset are ignored. Setting it reloads the
   * list from scratch.
   */
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, VIGIL_TYPE_DECISION_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VigilDecisionList:loading:
   *
   * %TRUE while the decisions are being counted, before the list has its length.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VigilDecisionList:error-message:
   *
   * Why the last count or page could not be read, or %NULL.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_decision_list_init (VigilDecisionList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * vigil_decision_list_new:
 * @database: where the decisions are read, in worker threads
 * @query: (nullable): which decisions, in which order; an empty list until one is set
 *
 * Returns: (transfer full): a list that counts the decisions of @query at once, in a worker
 *   thread, and reads them as they are asked for
 */
VigilDecisionList *
vigil_decision_list_new (VigilDatabase      *database,
                         VigilDecisionQuery *query)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (database), NULL);

  return g_object_new (VIGIL_TYPE_DECISION_LIST,
                       "database", database,
                       "query", query,
                       NULL);
}

VigilDatabase *
vigil_decision_list_get_database (VigilDecisionList *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_LIST (self), NULL);

  return self->database;
}

/**
 * vigil_decision_list_get_query:
 *
 * Returns: (transfer none) (nullable): the query; do not change it, set a new one
 */
VigilDecisionQuery *
vigil_decision_list_get_query (VigilDecisionList *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_LIST (self), NULL);

  return self->query;
}

/**
 * vigil_decision_list_set_query:
 * @query: (nullable): the new query; the list keeps its own copy
 *
 * Shows the decisions of @query: all rows are replaced once they are counted.
 */
void
vigil_decision_list_set_query (VigilDecisionList  *self,
                               VigilDecisionQuery *query)
{
  g_return_if_fail (VIGIL_IS_DECISION_LIST (self));

  g_clear_pointer (&self->query, vigil_decision_query_unref);
  if (query != NULL)
    self->query = copy_query (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  if (self->query == NULL)
    {
      guint old_n = self->n_items;

      start_reload (self, FALSE);
      clear_pages (self);
      self->n_items = 0;
      if (old_n > 0)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
      return;
    }
  start_reload (self, FALSE);
}

gboolean
vigil_decision_list_get_loading (VigilDecisionList *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_LIST (self), FALSE);

  return self->counting;
}

const char *
vigil_decision_list_get_error_message (VigilDecisionList *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_LIST (self), NULL);

  return self->error_message;
}

/* For the tests and the benchmark: how many pages the list keeps now. */
guint
vigil_decision_list_get_n_pages_cached (VigilDecisionList *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_LIST (self), 0);

  return g_hash_table_size (self->pages);
}
