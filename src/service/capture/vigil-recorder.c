/* vigil-recorder.c: logs decisions from model code without slowing it down or losing any
 *
 * vigil_recorder_log() checks a decision, copies it into a bounded ring and returns; a writer
 * thread commits the ring in transactions of at most VIGIL_RECORDER_BATCH decisions, or what
 * arrived within VIGIL_RECORDER_INTERVAL_MSEC.
 *
 * Nothing is dropped and order is kept:
 * - When a commit fails (the database is locked, full, or failing), the writer appends the
 *   batch, and every later one, to the spool file (the import format, one decision per line)
 *   and commits the spool with a VigilFollower, which records its offset in the same
 *   transaction as the rows; once the spool is committed to its end and the ring is empty, it
 *   is removed and batches go to the database again.
 * - When the ring is full, callers append their decision to the overflow file (SPOOL.overflow)
 *   instead, and keep doing so until the writer has emptied the ring and moved the overflow
 *   file onto the end of the spool. Only the writer writes the spool, so its lines are in
 *   logging order.
 * A recorder opened on a spool or overflow file left by an earlier one commits those first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "vigil-decision-private.h"
#include "vigil-follower.h"
#include "vigil-recorder.h"
#include "vigil-store-private.h"

/* How long the writer's database waits for a lock before the batch goes to the spool */
#define BUSY_TIMEOUT_MSEC 250

typedef struct
{
  VigilRecord record;
  char        strings[];
} Entry;

struct _VigilRecorder
{
  GObject        parent_instance;

  char          *database_path;
  char          *spool_path;
  char          *overflow_path;

  /* Under lock */
  GMutex         lock;
  GCond          wake;
  GCond          done;
  Entry        **ring;
  guint          capacity;
  guint          head;
  guint          count;
  gboolean       overflowing;
  int            overflow_fd;
  gboolean       closing;
  guint          flush_requested;
  guint          flush_done;
  gboolean       flush_ok;
  char          *flush_error;
  guint64        committed;
  guint64        spooled;

  /* The writer thread's own */
  GThread       *writer;
  VigilStore    *store;
  VigilFollower *follower;
  int            spool_fd;
  gboolean       spooling;
  gboolean       warned;
  GString       *line;
};

G_DEFINE_FINAL_TYPE (VigilRecorder, vigil_recorder, G_TYPE_OBJECT)

static void
vigil_recorder_dispose (GObject *object)
{
  VigilRecorder *self = (VigilRecorder *) object;

  if (self->writer != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!vigil_recorder_close (self, &error))
        g_warning ("%s", error->message);
    }
  G_OBJECT_CLASS (vigil_recorder_parent_class)->dispose (object);
}

static void
vigil_recorder_finalize (GObject *object)
{
  VigilRecorder *self = (VigilRecorder *) object;

  for (guint i = 0; i < self->count; i++)
    g_free (self->ring[(self->head + i) % self->capacity]);
  g_free (self->ring);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_cond_clear (&self->done);
  if (self->overflow_fd >= 0)
    close (self->overflow_fd);
  if (self->spool_fd >= 0)
    close (self->spool_fd);
  g_clear_object (&self->follower);
  g_clear_object (&self->store);
  if (self->line != NULL)
    g_string_free (self->line, TRUE);
  g_free (self->flush_error);
  g_free (self->database_path);
  g_free (self->spool_path);
  g_free (self->overflow_path);

  G_OBJECT_CLASS (vigil_recorder_parent_class)->finalize (object);
}

static void
vigil_recorder_class_init (VigilRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_recorder_dispose;
  object_class->finalize = vigil_recorder_finalize;
}

static void
vigil_recorder_init (VigilRecorder *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  g_cond_init (&self->done);
  self->overflow_fd = -1;
  self->spool_fd = -1;
  self->flush_ok = TRUE;
}

/* Entries: one allocation per decision ------------------------------------------------------- */

#define STRING_FIELDS(X) \
  X (model_name) X (model_version) X (decision_type) X (input_features) X (prediction) \
  X (explanation) X (ticker) X (sector) X (portfolio_id) X (user_id) X (event_id)

static Entry *
entry_new (const VigilRecord *r)
{
  gsize size = 0;
  Entry *entry;
  char *p;

#define SIZE(f) size += r->f ? strlen (r->f) + 1 : 0;
  STRING_FIELDS (SIZE)
#undef SIZE

  entry = g_malloc (sizeof (Entry) + size);
  memset (&entry->record, 0, sizeof entry->record);
  memcpy (entry->record.timestamp, r->timestamp, sizeof r->timestamp);
  memcpy (entry->record.input_hash, r->input_hash, sizeof r->input_hash);
  entry->record.has_confidence = r->has_confidence;
  entry->record.confidence = r->confidence;

  p = entry->strings;
#define COPY(f)                                  \
  if (r->f)                                      \
    {                                            \
      gsize len = strlen (r->f) + 1;             \
      memcpy (p, r->f, len);                     \
      entry->record.f = p;                       \
      p += len;                                  \
    }
  STRING_FIELDS (COPY)
#undef COPY
  return entry;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write to %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static int
open_append (const char  *path,
             GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open %s: %s"), path, g_strerror (saved));
    }
  return fd;
}

/* Appends whole lines, several to a write(); a crash can only cut the last one, which a
 * follower leaves unread. */
static gboolean
append_entries (int           fd,
                const char   *path,
                GString      *line,
                Entry       **entries,
                guint         n,
                GError      **error)
{
  g_string_truncate (line, 0);
  for (guint i = 0; i < n; i++)
    {
      vigil_record_to_json (&entries[i]->record, line);
      g_string_append_c (line, '\n');
      if (line->len >= 256 * 1024 || i + 1 == n)
        {
          if (!write_all (fd, line->str, line->len, path, error))
            return FALSE;
          g_string_truncate (line, 0);
        }
    }
  return TRUE;
}

/* The writer ------------------------------------------------------------------------------ */

static gboolean
commit_entries (VigilRecorder  *self,
                Entry         **entries,
                guint           n,
                GError        **error)
{
  g_autofree VigilRecord *records = g_new (VigilRecord, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    records[i] = entries[i]->record;
  if (!vigil_store_begin_write (self->store, error))
    return FALSE;
  if (!vigil_store_append_records (self->store, records, n, error) ||
      !vigil_store_append_range_event (self->store, g_get_user_name (), "log",
                                       "database", NULL, error))
    {
      vigil_store_rollback (self->store);
      return FALSE;
    }
  return vigil_store_commit (self->store, error);
}

static gboolean
spool_open (VigilRecorder  *self,
            GError        **error)
{
  if (self->spool_fd >= 0)
    return TRUE;
  self->spool_fd = open_append (self->spool_path, error);
  return self->spool_fd >= 0;
}

static void
enter_spooling (VigilRecorder *self,
                GError        *why)
{
  if (!self->spooling && !self->warned)
    {
      g_message ("The database %s is unavailable (%s); decisions go to %s until it is back",
                 self->database_path, why->message, self->spool_path);
      self->warned = TRUE;
    }
  self->spooling = TRUE;
}

/* Moves the overflow file's lines onto the spool's end, once the ring is empty. Under lock. */
static gboolean
absorb_overflow (VigilRecorder  *self,
                 GError        **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_test (self->overflow_path, G_FILE_TEST_EXISTS))
    {
      self->overflowing = FALSE;
      return TRUE;
    }
  if (!g_file_get_contents (self->overflow_path, &contents, &len, error))
    return FALSE;
  if (len > 0)
    {
      /* A line cut by a crash while it was written is completed, so the next starts clean. */
      if (!spool_open (self, error) ||
          !write_all (self->spool_fd, contents, len, self->spool_path, error) ||
          (contents[len - 1] != '\n' &&
           !write_all (self->spool_fd, "\n", 1, self->spool_path, error)))
        return FALSE;
      self->spooling = TRUE;
    }
  if (self->overflow_fd >= 0)
    {
      close (self->overflow_fd);
      self->overflow_fd = -1;
    }
  g_unlink (self->overflow_path);
  self->overflowing = FALSE;
  return TRUE;
}

/* Commits the spool; when it is all committed and nothing waits in memory, removes it.
 * Returns FALSE while the database is still unavailable. */
static gboolean
drain_spool (VigilRecorder  *self,
             GError        **error)
{
  gint64 before;

  if (self->follower == NULL)
    self->follower = vigil_follower_new (self->store, self->spool_path);
  before = vigil_follower_get_imported (self->follower);
  if (!vigil_follower_poll (self->follower, NULL, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->committed += (guint64) (vigil_follower_get_imported (self->follower) - before);
  if (self->count == 0 && !self->overflowing && vigil_follower_is_drained (self->follower))
    {
      g_unlink (self->spool_path);
      if (self->spool_fd >= 0)
        {
          close (self->spool_fd);
          self->spool_fd = -1;
        }
      g_clear_object (&self->follower);
      self->spooling = FALSE;
      self->warned = FALSE;
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
write_entries (VigilRecorder  *self,
               Entry         **entries,
               guint           n,
               GError        **error)
{
  for (guint done = 0; done < n;)
    {
      guint chunk = MIN (n - done, VIGIL_RECORDER_BATCH);
      g_autoptr(GError) local_error = NULL;

      if (!self->spooling)
        {
          if (commit_entries (self, entries + done, chunk, &local_error))
            {
              g_mutex_lock (&self->lock);
              self->committed += chunk;
              g_mutex_unlock (&self->lock);
              done += chunk;
              continue;
            }
          enter_spooling (self, local_error);
        }
      if (!spool_open (self, error) ||
          !append_entries (self->spool_fd, self->spool_path, self->line, entries + done,
                           n - done, error))
        return FALSE;
      g_mutex_lock (&self->lock);
      self->spooled += n - done;
      g_mutex_unlock (&self->lock);
      break;
    }
  return TRUE;
}

static gpointer
writer_thread (gpointer data)
{
  VigilRecorder *self = data;
  g_autofree Entry **taken = g_new (Entry *, self->capacity);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gint64 deadline = g_get_monotonic_time () + VIGIL_RECORDER_INTERVAL_MSEC * 1000;
      g_autoptr(GError) error = NULL;
      guint flush_gen, n = 0;
      gboolean closing, ok = TRUE;

      while (self->count < VIGIL_RECORDER_BATCH && !self->closing && !self->overflowing &&
             self->flush_requested == self->flush_done)
        if (!g_cond_wait_until (&self->wake, &self->lock, deadline))
          break;

      flush_gen = self->flush_requested;
      closing = self->closing;
      while (self->count > 0)
        {
          taken[n++] = self->ring[self->head];
          self->head = (self->head + 1) % self->capacity;
          self->count--;
        }
      g_mutex_unlock (&self->lock);

      ok = write_entries (self, taken, n, &error);
      for (guint i = 0; i < n; i++)
        g_free (taken[i]);

      g_mutex_lock (&self->lock);
      if (ok && self->overflowing && self->count == 0)
        ok = absorb_overflow (self, &error);
      g_mutex_unlock (&self->lock);

      if (ok && self->spooling)
        {
          g_autoptr(GError) db_error = NULL;

          if (!drain_spool (self, &db_error) && (closing || flush_gen != self->flush_done))
            {
              g_set_error (&error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED,
                           _("Decisions wait in %s, which is committed when the database is "
                             "available again (or with “vigilctl follow %s”): %s"),
                           self->spool_path, self->spool_path, db_error->message);
              ok = FALSE;
            }
        }
      else if (!ok)
        g_warning ("%s", error->message);

      g_mutex_lock (&self->lock);
      if (flush_gen != self->flush_done)
        {
          self->flush_ok = ok;
          g_free (self->flush_error);
          self->flush_error = ok ? NULL : g_strdup (error->message);
          self->flush_done = flush_gen;
          g_cond_broadcast (&self->done);
        }
      if (closing && self->count == 0)
        break;
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* The API ---------------------------------------------------------------------------------- */

/**
 * vigil_recorder_new:
 * @database_path: an existing Vigil database
 * @spool_path: the file decisions go to while the database is unavailable; `SPOOL.overflow`
 *   beside it takes them when the ring is full. Both are committed by the next recorder on
 *   the same spool (or `vigilctl follow SPOOL`) if this one could not.
 * @capacity: how many decisions the ring holds, or 0 for %VIGIL_RECORDER_DEFAULT_CAPACITY
 *
 * Opens the database and starts the writer thread.
 */
VigilRecorder *
vigil_recorder_new (const char  *database_path,
                    const char  *spool_path,
                    guint        capacity,
                    GError     **error)
{
  g_autoptr(VigilRecorder) self = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (spool_path != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_RECORDER, NULL);
  self->database_path = g_strdup (database_path);
  self->spool_path = g_strdup (spool_path);
  self->overflow_path = g_strconcat (spool_path, ".overflow", NULL);
  self->capacity = capacity > 0 ? capacity : VIGIL_RECORDER_DEFAULT_CAPACITY;
  self->ring = g_new0 (Entry *, self->capacity);
  self->line = g_string_sized_new (64 * 1024);

  self->store = vigil_store_open (database_path, VIGIL_STORE_OPEN_DEFAULT, error);
  if (self->store == NULL)
    return NULL;
  if (vigil_store_is_read_only (self->store))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” is read-only; decisions cannot be recorded in it"), database_path);
      return NULL;
    }
  vigil_sql_set_busy_timeout (vigil_store_get_sql (self->store), BUSY_TIMEOUT_MSEC);

  /* What an earlier recorder left: the spool first, then the overflow after it. */
  if (g_file_test (spool_path, G_FILE_TEST_EXISTS))
    self->spooling = TRUE;
  if (g_file_test (self->overflow_path, G_FILE_TEST_EXISTS) && !absorb_overflow (self, error))
    return NULL;

  self->writer = g_thread_new ("vigil-recorder", writer_thread, self);
  return g_steal_pointer (&self);
}

/**
 * vigil_recorder_log:
 * @decision: a decision; its timestamp is now when it has none, and its features are
 *   written in canonical form
 *
 * Checks @decision and queues a copy of it; thread-safe, returns without waiting for the
 * database. Use vigil_recorder_flush() to wait until it is committed.
 *
 * Returns: %FALSE with @error when the decision is not valid (nothing is logged), the
 *   recorder is closed, or the ring was full and the overflow file could not be written
 */
gboolean
vigil_recorder_log (VigilRecorder  *self,
                    VigilDecision  *decision,
                    GError        **error)
{
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_DECISION (decision), FALSE);

  if (!vigil_decision_prepare (decision, error))
    return FALSE;
  entry = entry_new (vigil_decision_get_record (decision));

  g_mutex_lock (&self->lock);
  if (self->closing)
    {
      g_mutex_unlock (&self->lock);
      g_free (entry);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The recorder is closed"));
      return FALSE;
    }
  if (!self->overflowing && self->count < self->capacity)
    {
      self->ring[(self->head + self->count) % self->capacity] = entry;
      if (++self->count == VIGIL_RECORDER_BATCH)
        g_cond_signal (&self->wake);
      g_mutex_unlock (&self->lock);
      return TRUE;
    }

  /* The ring is full: to the overflow file, in order, until the writer has caught up. */
  {
    g_autoptr(GString) line = g_string_sized_new (512);
    gboolean ok;

    if (self->overflow_fd < 0)
      self->overflow_fd = open_append (self->overflow_path, error);
    ok = self->overflow_fd >= 0;
    if (ok)
      {
        vigil_record_to_json (&entry->record, line);
        g_string_append_c (line, '\n');
        ok = write_all (self->overflow_fd, line->str, line->len, self->overflow_path, error);
      }
    if (ok)
      {
        self->overflowing = TRUE;
        self->spooled++;
      }
    g_cond_signal (&self->wake);
    g_mutex_unlock (&self->lock);
    g_free (entry);
    return ok;
  }
}

/**
 * vigil_recorder_flush:
 *
 * Waits until every decision logged before is committed.
 *
 * Returns: %FALSE with @error when the database is unavailable: the decisions are safe in the
 *   spool, and committed later
 */
gboolean
vigil_recorder_flush (VigilRecorder  *self,
                      GError        **error)
{
  guint gen;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), FALSE);

  g_mutex_lock (&self->lock);
  if (self->writer == NULL)
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  gen = ++self->flush_requested;
  g_cond_signal (&self->wake);
  while ((gint) (self->flush_done - gen) < 0)
    g_cond_wait (&self->done, &self->lock);
  ok = self->flush_ok;
  if (!ok)
    g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED, self->flush_error);
  g_mutex_unlock (&self->lock);
  return ok;
}

/**
 * vigil_recorder_close:
 *
 * Commits everything logged and stops the writer; later vigil_recorder_log() calls fail.
 *
 * Returns: %FALSE with @error when the database was unavailable: the decisions not committed
 *   are in the spool
 */
gboolean
vigil_recorder_close (VigilRecorder  *self,
                      GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), FALSE);

  if (self->writer == NULL)
    return TRUE;
  ok = vigil_recorder_flush (self, error);
  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->writer);
  self->writer = NULL;
  return ok;
}

const char *
vigil_recorder_get_spool_path (VigilRecorder *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER (self), NULL);
  return self->spool_path;
}

/* Decisions committed so far, directly or from the spool */
guint64
vigil_recorder_get_committed (VigilRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  n = self->committed;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Decisions that went through the spool or the overflow file */
guint64
vigil_recorder_get_spooled (VigilRecorder *self)
{
  guint64 n;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  n = self->spooled;
  g_mutex_unlock (&self->lock);
  return n;
}
