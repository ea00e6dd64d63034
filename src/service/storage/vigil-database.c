/* vigil-database.c: one open database, shared by the views of a window, used off the main thread
 *
 * A VigilStore is one SQLite connection and is not safe to use from two threads at once. The
 * views of a window share one, through this object: each piece of work runs in a GTask worker
 * thread holding the connection's lock, so the main thread never waits on SQLite. Work that
 * takes long (verifying the ledger, running the checks) opens a connection of its own with
 * vigil_database_open_connection(), so that it does not hold up the views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-database"

#include "config.h"

#include <glib/gi18n.h>

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "vigil-database.h"
#include "vigil-listener.h"
#include "vigil-main-context.h"
#include "vigil-store-private.h"

/* Notifications from the server come in bursts (an import commits a batch every few
 * milliseconds): the views reload at most this often for them */
#define NOTIFIED_COALESCE_MSEC 200

struct _VigilDatabase
{
  GObject       parent_instance;

  GMutex        lock;
  VigilStore   *store;
  char         *path;
  VigilPurpose  purpose;
  gboolean      read_only;
  VigilStoreRights rights;

  VigilListener *listener;      /* on a server: what other connections change */
  guint          notified_id;   /* a ::changed on its way for the listener */
};

G_DEFINE_FINAL_TYPE (VigilDatabase, vigil_database, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  VigilDatabaseRunFlags  flags;
  VigilDatabaseFunc      func;
  gpointer               data;
  GDestroyNotify         data_free;
  GDestroyNotify         result_free;
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->data_free != NULL)
    g_clear_pointer (&run->data, run->data_free);
  g_free (run);
}

static void
vigil_database_dispose (GObject *object)
{
  VigilDatabase *self = VIGIL_DATABASE (object);

  if (self->listener != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->listener, self);
      vigil_listener_stop (self->listener);
      g_clear_object (&self->listener);
    }
  g_clear_handle_id (&self->notified_id, g_source_remove);

  G_OBJECT_CLASS (vigil_database_parent_class)->dispose (object);
}

static void
vigil_database_finalize (GObject *object)
{
  VigilDatabase *self = VIGIL_DATABASE (object);

  g_clear_object (&self->store);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_database_parent_class)->finalize (object);
}

static void
vigil_database_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilDatabase *self = VIGIL_DATABASE (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, vigil_database_is_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_database_class_init (VigilDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_database_dispose;
  object_class->finalize = vigil_database_finalize;
  object_class->get_property = vigil_database_get_property;

  /**
   * VigilDatabase:connected:
   *
   * On a server, whether the database hears what other connections change (see
   * vigil_database_get_problem() when not); a file is always connected.
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilDatabase::changed:
   *
   * Emitted on the main context after work run with %VIGIL_DATABASE_WRITE succeeded, when
   * vigil_database_changed() is called, or, on a server, when another connection committed
   * a change: what the views show may be out of date.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_database_init (VigilDatabase *self)
{
  g_mutex_init (&self->lock);
}

/**
 * vigil_database_new:
 * @store: a store, opened in a worker thread; the database takes a reference
 *
 * Returns: (transfer full): a database sharing @store between worker threads
 */
VigilDatabase *
vigil_database_new (VigilStore *store)
{
  VigilDatabase *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  self = g_object_new (VIGIL_TYPE_DATABASE, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (vigil_store_get_location (store));
  self->purpose = vigil_store_get_purpose (store);
  self->read_only = vigil_store_is_read_only (store);
  self->rights = vigil_store_get_rights (store);
  return self;
}

static gboolean
notified_cb (gpointer data)
{
  VigilDatabase *self = data;

  self->notified_id = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
listener_changed_cb (VigilListener *listener,
                     VigilDatabase *self)
{
  if (self->notified_id == 0)
    self->notified_id = g_timeout_add (NOTIFIED_COALESCE_MSEC, notified_cb, self);
}

static void
listener_connected_cb (VigilListener *listener,
                       GParamSpec    *pspec,
                       VigilDatabase *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/**
 * vigil_database_watch:
 *
 * On a server, starts hearing what other connections change: ::changed is then emitted on
 * the caller's main context when they commit, and #VigilDatabase:connected follows the
 * connection. A file has no other writers the database could hear (other processes' writes
 * show at the next reload), so this does nothing there.
 */
void
vigil_database_watch (VigilDatabase *self)
{
  g_return_if_fail (VIGIL_IS_DATABASE (self));

  if (self->listener != NULL || !vigil_sql_has_notifications (vigil_store_get_sql (self->store)))
    return;
  self->listener = vigil_listener_new (self->path);
  g_signal_connect (self->listener, "changed", G_CALLBACK (listener_changed_cb), self);
  g_signal_connect (self->listener, "notify::connected", G_CALLBACK (listener_connected_cb), self);
  vigil_listener_start (self->listener);
}

/* Whether the database hears other connections' changes: TRUE for a file */
gboolean
vigil_database_is_connected (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), FALSE);

  return self->listener == NULL || vigil_listener_is_connected (self->listener);
}

/**
 * vigil_database_get_problem:
 *
 * Returns: (nullable): why the database does not hear other connections' changes, for the
 *   user, or %NULL
 */
const char *
vigil_database_get_problem (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), NULL);

  if (self->listener == NULL || vigil_listener_is_connected (self->listener))
    return NULL;
  return vigil_listener_get_problem (self->listener);
}

/* What the login may do besides reading (see vigil_store_get_rights()) */
gboolean
vigil_database_may (VigilDatabase    *self,
                    VigilStoreRights  rights)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), FALSE);

  return (self->rights & rights) == rights;
}

/* A server's URI or a file's path, whichever the database is on */
gboolean
vigil_database_is_server (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), FALSE);

  return vigil_sql_location_is_uri (self->path);
}

/**
 * vigil_database_get_store:
 *
 * For tests and for code that already runs in a VigilDatabaseFunc: using the store from
 * anywhere else races with the workers.
 *
 * Returns: (transfer none): the shared store
 */
VigilStore *
vigil_database_get_store (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), NULL);

  return self->store;
}

const char *
vigil_database_get_path (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), NULL);

  return self->path;
}

/* As it was when the database was opened: the purpose of a database does not change while
 * a window shows it. */
VigilPurpose
vigil_database_get_purpose (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), VIGIL_PURPOSE_PRODUCTION);

  return self->purpose;
}

gboolean
vigil_database_is_read_only (VigilDatabase *self)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), TRUE);

  return self->read_only;
}

/**
 * vigil_database_open_connection:
 *
 * Opens a second connection to the same file, for long work in a thread of its own. Call it
 * from that thread, not the main one.
 *
 * Returns: (transfer full): a new store, or %NULL with @error set
 */
VigilStore *
vigil_database_open_connection (VigilDatabase  *self,
                                GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), NULL);

  return vigil_store_open (self->path,
                           self->read_only ? VIGIL_STORE_OPEN_READ_ONLY : VIGIL_STORE_OPEN_DEFAULT,
                           error);
}

static gboolean
emit_changed_cb (gpointer data)
{
  g_signal_emit (data, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/**
 * vigil_database_lower_thread_priority:
 *
 * Gives the calling worker thread a lower scheduling priority, once, so that on a busy
 * machine the main thread (drawing, input) always gets the processor first: a query of
 * millions of rows may take longer, but the window does not stutter.
 */
void
vigil_database_lower_thread_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      /* Linux schedules threads one by one; a thread's id is its process id here */
      if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
        g_debug ("Could not lower a worker thread's priority: %s", g_strerror (errno));
      g_private_set (&lowered, GINT_TO_POINTER (TRUE));
    }
#endif
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  VigilDatabase *self = source_object;
  RunData *run = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  vigil_database_lower_thread_priority ();
  g_mutex_lock (&self->lock);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      result = NULL;
    }
  else
    {
      VigilSql *db = vigil_store_get_sql (self->store);

      if (cancellable != NULL)
        vigil_sql_set_cancellable (db, cancellable);
      result = run->func (self->store, run->data, cancellable, &error);
      vigil_sql_set_cancellable (db, NULL);

      /* What an interrupted query reports is the cancellation */
      if (result == NULL && g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&error);
          g_cancellable_set_error_if_cancelled (cancellable, &error);
        }
    }
  g_mutex_unlock (&self->lock);

  if (result == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The database did not answer."));
      g_task_return_error (task, error);
      return;
    }

  /* Queued before the result, so that the views reload before the caller hears back. */
  if (run->flags & VIGIL_DATABASE_WRITE)
    vigil_main_context_post (g_task_get_context (task), G_PRIORITY_DEFAULT,
                             emit_changed_cb, g_object_ref (self), g_object_unref);

  g_task_return_pointer (task, result, run->result_free);
}

/**
 * vigil_database_run_async:
 * @self: a #VigilDatabase
 * @flags: %VIGIL_DATABASE_WRITE when @func changes the database
 * @func: the work, run in a worker thread holding the connection
 * @data: (nullable): passed to @func
 * @data_free: (nullable): frees @data when the task is done
 * @result_free: (nullable): frees a result nobody took
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's main context with the result
 * @user_data: for @callback
 *
 * Runs @func off the main thread. Work runs one piece at a time on the shared connection.
 */
void
vigil_database_run_async (VigilDatabase         *self,
                          VigilDatabaseRunFlags  flags,
                          VigilDatabaseFunc      func,
                          gpointer               data,
                          GDestroyNotify         data_free,
                          GDestroyNotify         result_free,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (VIGIL_IS_DATABASE (self));
  g_return_if_fail (func != NULL);

  run = g_new0 (RunData, 1);
  run->flags = flags;
  run->func = func;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_database_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * vigil_database_run_finish:
 *
 * Returns: (transfer full) (nullable): what the work returned, or %NULL with @error set
 */
gpointer
vigil_database_run_finish (VigilDatabase  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_DATABASE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vigil_database_changed:
 *
 * Tells the views that the database changed behind their backs (work on a connection of its
 * own, such as a check run). Call it on the main context.
 */
void
vigil_database_changed (VigilDatabase *self)
{
  g_return_if_fail (VIGIL_IS_DATABASE (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
