/* vigil-spool-watcher.c: follows spool files into an open database from a thread of its own
 *
 * What `vigilctl follow` does, for the app: a thread of its own, on a connection of its own
 * (vigil_database_open_connection()), polls a VigilFollower for each spool, so the main thread
 * never waits for a file or the database. What it commits, and what goes wrong, is reported to
 * the main context the watcher was started on, where the properties change and the database's
 * ::changed is emitted, so that the views show the new decisions. A spool that cannot be read
 * does not stop the others: it is the watcher's problem until it can be read again. Stopping
 * cancels the thread, which commits what it read, records one "follow" event for the run (as
 * vigilctl follow does) and then reports that it is no longer running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-spool-watcher"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-follower.h"
#include "vigil-main-context.h"
#include "vigil-spool-watcher.h"

#define MIN_POLL_MS 10
#define MAX_POLL_MS 60000

/* Between the thread and the main context; the thread's reference comes back to the main
 * context with its last report, so that the database is never released in the thread. */
typedef struct
{
  gatomicrefcount  ref_count;
  VigilDatabase   *database;
  char           **paths;
  guint            poll_ms;
  GCancellable    *cancellable;
  GMainContext    *context;
  GWeakRef         watcher;
} Shared;

typedef struct
{
  Shared   *shared;
  gint64    imported;
  gint64    rejected;
  char     *problem;
  gboolean  finished;
} Report;

struct _VigilSpoolWatcher
{
  GObject         parent_instance;

  VigilDatabase  *database;
  char          **paths;
  guint           poll_ms;
  Shared         *shared;
  gboolean        running;
  gint64          imported;
  gint64          rejected;
  gint64          last_imported;
  char           *problem;
};

G_DEFINE_FINAL_TYPE (VigilSpoolWatcher, vigil_spool_watcher, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_IMPORTED,
  PROP_REJECTED,
  PROP_LAST_IMPORTED,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;

  g_clear_object (&shared->database);
  g_strfreev (shared->paths);
  g_clear_object (&shared->cancellable);
  g_main_context_unref (shared->context);
  g_weak_ref_clear (&shared->watcher);
  g_free (shared);
}

static void
report_free (Report *report)
{
  shared_unref (report->shared);
  g_free (report->problem);
  g_free (report);
}

/* On the main context */
static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  g_autoptr(VigilSpoolWatcher) self = g_weak_ref_get (&report->shared->watcher);
  GObject *object;

  if (self == NULL || self->shared != report->shared)
    return G_SOURCE_REMOVE;
  object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (report->imported > 0)
    {
      self->imported += report->imported;
      self->last_imported = report->imported;
      g_object_notify_by_pspec (object, properties[PROP_LAST_IMPORTED]);
      g_object_notify_by_pspec (object, properties[PROP_IMPORTED]);
    }
  if (report->rejected > 0)
    {
      self->rejected += report->rejected;
      g_object_notify_by_pspec (object, properties[PROP_REJECTED]);
    }
  if (!report->finished && g_strcmp0 (report->problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (report->problem);
      g_object_notify_by_pspec (object, properties[PROP_PROBLEM]);
    }
  if (report->finished)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (object, properties[PROP_RUNNING]);
    }
  g_object_thaw_notify (object);

  if (report->imported > 0)
    vigil_database_changed (self->database);
  return G_SOURCE_REMOVE;
}

/* In the thread; @finished hands the thread's reference over */
static void
post_report (Shared     *shared,
             gint64      imported,
             gint64      rejected,
             const char *problem,
             gboolean    finished)
{
  Report *report = g_new0 (Report, 1);

  report->shared = finished ? shared : shared_ref (shared);
  report->imported = imported;
  report->rejected = rejected;
  report->problem = g_strdup (problem);
  report->finished = finished;
  vigil_main_context_post (shared->context, G_PRIORITY_DEFAULT, report_cb, report,
                           (GDestroyNotify) report_free);
}

static void
record_run (VigilStore *store,
            Shared     *shared,
            gint64      imported,
            gint64      rejected)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_follower_record_run (store, (const char * const *) shared->paths,
                                  g_strv_length (shared->paths), imported, rejected, &error))
    g_warning ("The spools’ follow was not recorded: %s", error->message);
}

static gpointer
watch_thread (gpointer data)
{
  Shared *shared = data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) followers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *reported = NULL;
  gint64 imported_total = 0, rejected_total = 0;
  GPollFD pollfd;
  gboolean have_pollfd;

  vigil_database_lower_thread_priority ();
  have_pollfd = g_cancellable_make_pollfd (shared->cancellable, &pollfd);

  while (!g_cancellable_is_cancelled (shared->cancellable))
    {
      g_autoptr(GString) problems = g_string_new (NULL);
      gint64 imported = 0, rejected = 0;

      if (store == NULL)
        {
          g_autoptr(GError) error = NULL;

          store = vigil_database_open_connection (shared->database, &error);
          if (store == NULL)
            g_string_append (problems, error->message);
          for (guint i = 0; store != NULL && shared->paths[i] != NULL; i++)
            g_ptr_array_add (followers, vigil_follower_new (store, shared->paths[i]));
        }

      for (guint i = 0; i < followers->len; i++)
        {
          VigilFollower *follower = g_ptr_array_index (followers, i);
          gint64 imported_before = vigil_follower_get_imported (follower);
          gint64 rejected_before = vigil_follower_get_rejected (follower);
          g_autoptr(GError) error = NULL;

          /* Another program writing is no problem: the lines wait for the next poll. */
          if (!vigil_follower_poll (follower, shared->cancellable, &error) &&
              !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
              !vigil_follower_error_is_transient (error))
            {
              if (problems->len > 0)
                g_string_append_c (problems, '\n');
              g_string_append (problems, error->message);
            }
          imported += vigil_follower_get_imported (follower) - imported_before;
          rejected += vigil_follower_get_rejected (follower) - rejected_before;
        }

      imported_total += imported;
      rejected_total += rejected;
      if (imported > 0 || rejected > 0 ||
          g_strcmp0 (problems->len > 0 ? problems->str : NULL, reported) != 0)
        {
          g_free (reported);
          reported = problems->len > 0 ? g_strdup (problems->str) : NULL;
          post_report (shared, imported, rejected, reported, FALSE);
        }

      if (g_cancellable_is_cancelled (shared->cancellable))
        break;
      if (have_pollfd)
        g_poll (&pollfd, 1, (int) shared->poll_ms);
      else
        g_usleep ((gulong) shared->poll_ms * 1000);
    }

  /* One event for the whole run, not one per line that arrived */
  if (store != NULL && (imported_total > 0 || rejected_total > 0))
    record_run (store, shared, imported_total, rejected_total);

  if (have_pollfd)
    g_cancellable_release_fd (shared->cancellable);
  g_clear_pointer (&followers, g_ptr_array_unref);
  g_clear_object (&store);
  post_report (shared, 0, 0, NULL, TRUE);
  return NULL;
}

static void
vigil_spool_watcher_dispose (GObject *object)
{
  VigilSpoolWatcher *self = VIGIL_SPOOL_WATCHER (object);

  vigil_spool_watcher_stop (self);

  G_OBJECT_CLASS (vigil_spool_watcher_parent_class)->dispose (object);
}

static void
vigil_spool_watcher_finalize (GObject *object)
{
  VigilSpoolWatcher *self = VIGIL_SPOOL_WATCHER (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_object (&self->database);
  g_strfreev (self->paths);
  g_free (self->problem);

  G_OBJECT_CLASS (vigil_spool_watcher_parent_class)->finalize (object);
}

static void
vigil_spool_watcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilSpoolWatcher *self = VIGIL_SPOOL_WATCHER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_IMPORTED:
      g_value_set_int64 (value, self->imported);
      break;
    case PROP_REJECTED:
      g_value_set_int64 (value, self->rejected);
      break;
    case PROP_LAST_IMPORTED:
      g_value_set_int64 (value, self->last_imported);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_spool_watcher_class_init (VigilSpoolWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_spool_watcher_dispose;
  object_class->finalize = vigil_spool_watcher_finalize;
  object_class->get_property = vigil_spool_watcher_get_property;

  /**
   * VigilSpoolWatcher:running:
   *
   * From vigil_spool_watcher_start() until the thread, stopped, has committed what it read.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigilSpoolWatcher:imported:
   *
   * Decisions committed since the watcher started.
   */
  properties[PROP_IMPORTED] =
    g_param_spec_int64 ("imported", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigilSpoolWatcher:rejected:
   *
   * Lines rejected since the watcher started, each written to its spool's `.rejected` file.
   */
  properties[PROP_REJECTED] =
    g_param_spec_int64 ("rejected", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigilSpoolWatcher:last-imported:
   *
   * Decisions committed by the last poll that committed any.
   */
  properties[PROP_LAST_IMPORTED] =
    g_param_spec_int64 ("last-imported", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VigilSpoolWatcher:problem:
   *
   * Why a spool, or the database, could not be read at the last poll, one line each; %NULL
   * when all went well.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_spool_watcher_init (VigilSpoolWatcher *self)
{
  self->poll_ms = VIGIL_SPOOL_WATCHER_DEFAULT_POLL_MS;
}

/**
 * vigil_spool_watcher_new:
 * @database: the database the decisions go into
 * @paths: (array zero-terminated=1): the spool files; they need not exist yet
 *
 * Returns: (transfer full): a watcher, not started yet
 */
VigilSpoolWatcher *
vigil_spool_watcher_new (VigilDatabase      *database,
                         const char * const *paths)
{
  VigilSpoolWatcher *self;

  g_return_val_if_fail (VIGIL_IS_DATABASE (database), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_SPOOL_WATCHER, NULL);
  self->database = g_object_ref (database);
  self->paths = g_strdupv ((char **) paths);
  return self;
}

/* Before vigil_spool_watcher_start() */
void
vigil_spool_watcher_set_poll_interval (VigilSpoolWatcher *self,
                                       guint              msec)
{
  g_return_if_fail (VIGIL_IS_SPOOL_WATCHER (self));
  g_return_if_fail (self->shared == NULL);

  self->poll_ms = CLAMP (msec, MIN_POLL_MS, MAX_POLL_MS);
}

static gboolean
validate_paths (char   **paths,
                GError **error)
{
  if (paths[0] == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("No spool file to follow: add one in Preferences"));
      return FALSE;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (!g_path_is_absolute (paths[i]))
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                       _("The spool “%s” is not an absolute path; spools are named from the "
                         "root folder"), paths[i]);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (paths[i], paths[j]))
          {
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                         _("The spool “%s” is listed twice; a spool is followed once"),
                         paths[i]);
            return FALSE;
          }
    }
  return TRUE;
}

/**
 * vigil_spool_watcher_start:
 *
 * Starts following the spools in a thread of its own; reports come to the thread-default
 * main context of the caller. A watcher starts once; to follow other spools, make another.
 *
 * Returns: %FALSE with @error when the database may not take decisions (open read-only, or
 *   a login without the right to import), a spool path is not valid, or no thread could be
 *   started
 */
gboolean
vigil_spool_watcher_start (VigilSpoolWatcher  *self,
                           GError            **error)
{
  Shared *shared;
  GThread *thread;

  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), FALSE);
  g_return_val_if_fail (self->shared == NULL, FALSE);

  if (vigil_database_is_read_only (self->database))
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                           _("The database is open read-only: spools cannot be followed into "
                             "it"));
      return FALSE;
    }
  if (!vigil_database_may (self->database, VIGIL_STORE_MAY_IMPORT))
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED,
                           _("This login may not log decisions: spools cannot be followed into "
                             "the database. Its administrator grants the ingest role."));
      return FALSE;
    }
  if (!validate_paths (self->paths, error))
    return FALSE;

  shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&shared->ref_count);
  shared->database = g_object_ref (self->database);
  shared->paths = g_strdupv (self->paths);
  shared->poll_ms = self->poll_ms;
  shared->cancellable = g_cancellable_new ();
  shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&shared->watcher, self);

  thread = g_thread_try_new ("vigil-follow", watch_thread, shared_ref (shared), error);
  if (thread == NULL)
    {
      shared_unref (shared);
      shared_unref (shared);
      return FALSE;
    }
  g_thread_unref (thread);

  self->shared = shared;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

/**
 * vigil_spool_watcher_stop:
 *
 * Asks the thread to stop, without waiting: it commits what it read, and
 * #VigilSpoolWatcher:running turns %FALSE when it has.
 */
void
vigil_spool_watcher_stop (VigilSpoolWatcher *self)
{
  g_return_if_fail (VIGIL_IS_SPOOL_WATCHER (self));

  if (self->shared != NULL)
    g_cancellable_cancel (self->shared->cancellable);
}

VigilDatabase *
vigil_spool_watcher_get_database (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), NULL);
  return self->database;
}

/**
 * vigil_spool_watcher_get_paths:
 *
 * Returns: (transfer none) (array zero-terminated=1): the spools followed
 */
const char * const *
vigil_spool_watcher_get_paths (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), NULL);
  return (const char * const *) self->paths;
}

guint
vigil_spool_watcher_get_n_spools (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), 0);
  return g_strv_length (self->paths);
}

gboolean
vigil_spool_watcher_get_running (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), FALSE);
  return self->running;
}

gint64
vigil_spool_watcher_get_imported (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), 0);
  return self->imported;
}

gint64
vigil_spool_watcher_get_rejected (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), 0);
  return self->rejected;
}

gint64
vigil_spool_watcher_get_last_imported (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), 0);
  return self->last_imported;
}

/**
 * vigil_spool_watcher_get_problem:
 *
 * Returns: (nullable): why a spool or the database could not be read at the last poll, for
 *   the user, or %NULL
 */
const char *
vigil_spool_watcher_get_problem (VigilSpoolWatcher *self)
{
  g_return_val_if_fail (VIGIL_IS_SPOOL_WATCHER (self), NULL);
  return self->problem;
}
