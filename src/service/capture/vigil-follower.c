/* vigil-follower.c: ingests decisions from a spool file as it grows, exactly once
 *
 * A model process appends one decision per line to a spool file; the follower imports the new
 * complete lines (vigil-importer.c in its following mode) and records, in the transaction that
 * commits them, the file's identity and the offset just past the last line (the
 * followed_sources table). A restart, after a crash or not, resumes at that offset, so every
 * line is committed exactly once. A file is known by its device, inode and the SHA-256 of its
 * first line, so that a rotated file (renamed, a new one created at the path) is told from its
 * successor: the old one is read to its end before the new one, and kept a few seconds for a
 * writer that still had it open; after a restart, a rotated file whose tail was not read yet is
 * found again in the spool's folder by its identity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-follower"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-follower.h"
#include "vigil-json.h"
#include "vigil-store-private.h"

/* How long a rotated file is still read after it last grew, for writers that had it open. */
#define ROTATED_GRACE_USEC (5 * G_USEC_PER_SEC)

typedef struct
{
  VigilFollower *follower;
  int            fd;
  char          *name;
  dev_t          device;
  ino_t          inode;
  gboolean       identified;
  char           head_hash[65];
  gint64         offset;
  gint64         lines;
  gint64         last_growth;
} Source;

struct _VigilFollower
{
  GObject        parent_instance;
  VigilStore    *store;
  VigilImporter *importer;
  char          *path;
  char          *quarantine_path;
  Source        *current;
  GPtrArray     *rotated;
  gboolean       started;
  gint64         imported;
  gint64         rejected;
  guint          rotations;
};

G_DEFINE_FINAL_TYPE (VigilFollower, vigil_follower, G_TYPE_OBJECT)

static void
source_free (Source *src)
{
  if (src->fd >= 0)
    close (src->fd);
  g_free (src->name);
  g_free (src);
}

static void
vigil_follower_finalize (GObject *object)
{
  VigilFollower *self = (VigilFollower *) object;

  g_clear_pointer (&self->current, source_free);
  g_ptr_array_unref (self->rotated);
  g_clear_object (&self->importer);
  g_clear_object (&self->store);
  g_free (self->path);
  g_free (self->quarantine_path);

  G_OBJECT_CLASS (vigil_follower_parent_class)->finalize (object);
}

static void
vigil_follower_class_init (VigilFollowerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_follower_finalize;
}

static void
vigil_follower_init (VigilFollower *self)
{
  self->rotated = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
}

/**
 * vigil_follower_new:
 * @path: the spool file; it need not exist yet
 *
 * Follows @path: each vigil_follower_poll() commits the complete lines added since the last
 * one. Rejected lines go to `PATH.rejected` unless vigil_follower_set_quarantine_path() says
 * otherwise.
 */
VigilFollower *
vigil_follower_new (VigilStore *store,
                    const char *path)
{
  VigilFollower *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_FOLLOWER, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (path);
  self->quarantine_path = vigil_importer_default_quarantine_path (path);
  self->importer = vigil_importer_new (store);
  vigil_importer_set_quarantine_path (self->importer, self->quarantine_path);
  return self;
}

void
vigil_follower_set_quarantine_path (VigilFollower *self,
                                    const char    *path)
{
  g_return_if_fail (VIGIL_IS_FOLLOWER (self));
  g_return_if_fail (path != NULL);

  g_free (self->quarantine_path);
  self->quarantine_path = g_strdup (path);
  vigil_importer_set_quarantine_path (self->importer, path);
}

void
vigil_follower_set_rejection_func (VigilFollower        *self,
                                   VigilImportRejection  func,
                                   gpointer              user_data)
{
  g_return_if_fail (VIGIL_IS_FOLLOWER (self));
  vigil_importer_set_rejection_func (self->importer, func, user_data);
}

const char *
vigil_follower_get_path (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), NULL);
  return self->path;
}

const char *
vigil_follower_get_quarantine_path (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), NULL);
  return self->quarantine_path;
}

/* Decisions committed by this follower */
gint64
vigil_follower_get_imported (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), 0);
  return self->imported;
}

gint64
vigil_follower_get_rejected (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), 0);
  return self->rejected;
}

/* The committed offset in the file now at the path (0 before its first line) */
gint64
vigil_follower_get_offset (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), 0);
  return self->current ? self->current->offset : 0;
}

guint
vigil_follower_get_rotations (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), 0);
  return self->rotations;
}

/* The database's row for a source ------------------------------------------------------------ */

static gboolean
load_offset (VigilFollower  *self,
             Source         *src,
             GError        **error)
{
  VigilSql *db = vigil_store_get_sql (self->store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT \"offset\", lines FROM followed_sources "
                         "WHERE device = ? AND inode = ? AND head_hash = ?", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (stmt, 1, (gint64) src->device);
  vigil_sql_bind_int64 (stmt, 2, (gint64) src->inode);
  vigil_sql_bind_text (stmt, 3, src->head_hash, 64);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      src->offset = vigil_sql_column_int64 (stmt, 0);
      src->lines = vigil_sql_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc == VIGIL_SQL_DONE)
    {
      src->offset = 0;
      src->lines = 0;
      return TRUE;
    }

fail:
  vigil_store_set_sql_error (self->store, error, _("Could not read the spool’s offset"));
  return FALSE;
}

/* Called by the importer inside the transaction that commits the lines up to @offset. The
 * stored offset must still be the one this follower started from: two followers of one file
 * would otherwise both commit its lines. */
static gboolean
save_offset (VigilStore  *store,
             gint64       offset,
             gint64       lines,
             gpointer     user_data,
             GError     **error)
{
  Source *src = user_data;
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) check = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GString) details = NULL;
  char now[VIGIL_TIMESTAMP_LEN];
  gint64 stored = 0;
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT \"offset\" FROM followed_sources "
                         "WHERE device = ? AND inode = ? AND head_hash = ?",
                         &check) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (check, 1, (gint64) src->device);
  vigil_sql_bind_int64 (check, 2, (gint64) src->inode);
  vigil_sql_bind_text (check, 3, src->head_hash, 64);
  rc = vigil_sql_step (check);
  if (rc == VIGIL_SQL_ROW)
    stored = vigil_sql_column_int64 (check, 0);
  else if (rc != VIGIL_SQL_DONE)
    goto fail;
  if (stored != src->offset)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("%s is being followed by another process too (its offset moved from %"
                     PRId64 " to %" PRId64 "); follow a file from one process only"),
                   src->name, src->offset, stored);
      return FALSE;
    }

  vigil_timestamp_now (now);
  if (vigil_sql_prepare (db,
                         "INSERT INTO followed_sources (device, inode, head_hash, path, \"offset\", "
                         "lines, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (device, inode, head_hash) DO UPDATE SET "
                         "path = excluded.path, \"offset\" = excluded.\"offset\", "
                         "lines = excluded.lines, updated = excluded.updated",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (stmt, 1, (gint64) src->device);
  vigil_sql_bind_int64 (stmt, 2, (gint64) src->inode);
  vigil_sql_bind_text (stmt, 3, src->head_hash, 64);
  vigil_sql_bind_text (stmt, 4, src->follower->path, -1);
  vigil_sql_bind_int64 (stmt, 5, offset);
  vigil_sql_bind_int64 (stmt, 6, lines);
  vigil_sql_bind_text (stmt, 7, now, -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;

  details = g_string_new ("{\"source\":");
  vigil_json_write_string (details, src->follower->path);
  g_string_append_printf (details, ",\"offset\":%" PRId64 ",\"lines\":%" PRId64 "}",
                          offset, lines);
  if (!vigil_store_append_range_event (store, g_get_user_name (), "follow", src->follower->path,
                                       details->str, error))
    return FALSE;

  /* Tentative until COMMIT; reloaded from the database if the import fails. */
  src->offset = offset;
  src->lines = lines;
  return TRUE;

fail:
  vigil_store_set_sql_error (store, error, _("Could not save the spool’s offset"));
  return FALSE;
}

/* Opening and identifying files ------------------------------------------------------------- */

static Source *
source_open (VigilFollower  *self,
             const char     *path,
             GError        **error)
{
  struct stat st;
  Source *src;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved != ENOENT)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not open %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file; a spool must be a file that grows"), path);
      close (fd);
      return NULL;
    }

  src = g_new0 (Source, 1);
  src->follower = self;
  src->fd = fd;
  src->name = g_strdup (path);
  src->device = st.st_dev;
  src->inode = st.st_ino;
  src->last_growth = g_get_monotonic_time ();
  return src;
}

/* A file's identity needs its first line complete; until then there is nothing to read. */
static gboolean
source_identify (VigilFollower  *self,
                 Source         *src,
                 GError        **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char buf[64 * 1024];
  gint64 pos = 0;

  while (pos <= VIGIL_IMPORT_MAX_LINE)
    {
      ssize_t n = pread (src->fd, buf, sizeof buf, pos);
      char *nl;

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read %s: %s"), src->name, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      nl = memchr (buf, '\n', (gsize) n);
      g_checksum_update (sum, (const guchar *) buf, nl ? nl - buf : n);
      if (nl != NULL)
        break;
      pos += n;
    }
  /* A first line over the limit is known by its first bytes, which no longer change. */

  memcpy (src->head_hash, g_checksum_get_string (sum), 64);
  src->head_hash[64] = '\0';
  if (!load_offset (self, src, error))
    return FALSE;
  src->identified = TRUE;
  return TRUE;
}

static gint64
source_size (Source *src)
{
  struct stat st;

  if (fstat (src->fd, &st) != 0)
    return -1;
  return st.st_size;
}

/* Commits the complete lines past the source's offset. */
static gboolean
source_drain (VigilFollower  *self,
              Source         *src,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 size;
  gboolean ok;

  if (!src->identified && !source_identify (self, src, error))
    return FALSE;
  if (!src->identified)
    return TRUE;

  size = source_size (src);
  if (size < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read %s: %s"), src->name, g_strerror (saved));
      return FALSE;
    }
  if (size < src->offset)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is shorter (%" PRId64 " bytes) than what was already committed from "
                     "it (%" PRId64 " bytes): a spool must only grow; rotate it by renaming "
                     "it instead of truncating it"),
                   src->name, size, src->offset);
      return FALSE;
    }
  if (size == src->offset)
    return TRUE;

  if (lseek (src->fd, (off_t) src->offset, SEEK_SET) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read %s: %s"), src->name, g_strerror (saved));
      return FALSE;
    }
  stream = g_unix_input_stream_new (src->fd, FALSE);
  vigil_importer_set_follow (self->importer, src->offset, src->lines, save_offset, src);
  ok = vigil_importer_import_stream (self->importer, stream, src->name, size, cancellable,
                                     &local_error);
  self->imported += vigil_importer_get_imported (self->importer);
  self->rejected += vigil_importer_get_rejected (self->importer);
  vigil_importer_set_follow (self->importer, 0, 0, NULL, NULL);
  src->last_growth = g_get_monotonic_time ();

  if (!ok)
    {
      /* What was committed stands; start again from the database's word. */
      g_autoptr(GError) reload_error = NULL;

      if (!load_offset (self, src, &reload_error))
        {
          char *message = g_strdup_printf ("%s (%s)", local_error->message,
                                           reload_error->message);

          g_free (local_error->message);
          local_error->message = message;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* After a restart: rotated files whose tail was not committed, found in the spool's folder by
 * their identity. */
static gboolean
find_rotated (VigilFollower  *self,
              GError        **error)
{
  VigilSql *db = vigil_store_get_sql (self->store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *dir_path = g_path_get_dirname (self->path);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Source));
  struct stat now_at_path;
  gboolean have_path;
  const char *name;
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT device, inode, head_hash, \"offset\", lines FROM followed_sources "
                         "WHERE path = ? ORDER BY id", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self->store, error, _("Could not read the spool’s offset"));
      return FALSE;
    }
  vigil_sql_bind_text (stmt, 1, self->path, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      Source row = { 0 };

      row.device = (dev_t) vigil_sql_column_int64 (stmt, 0);
      row.inode = (ino_t) vigil_sql_column_int64 (stmt, 1);
      g_strlcpy (row.head_hash, vigil_sql_column_text (stmt, 2),
                 sizeof row.head_hash);
      row.offset = vigil_sql_column_int64 (stmt, 3);
      row.lines = vigil_sql_column_int64 (stmt, 4);
      g_array_append_val (rows, row);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self->store, error, _("Could not read the spool’s offset"));
      return FALSE;
    }
  if (rows->len == 0)
    return TRUE;

  have_path = g_stat (self->path, &now_at_path) == 0;
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return TRUE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir_path, name, NULL);
      struct stat st;

      if (g_stat (file, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      if (have_path && st.st_dev == now_at_path.st_dev && st.st_ino == now_at_path.st_ino)
        continue;

      for (guint i = 0; i < rows->len; i++)
        {
          Source *row = &g_array_index (rows, Source, i);
          Source *src;

          if (row->device != st.st_dev || row->inode != st.st_ino || st.st_size <= row->offset)
            continue;
          src = source_open (self, file, NULL);
          if (src == NULL)
            continue;
          if (!source_identify (self, src, error))
            {
              source_free (src);
              return FALSE;
            }
          if (!src->identified || strcmp (src->head_hash, row->head_hash) != 0)
            {
              source_free (src);
              continue;
            }
          g_debug ("Resuming rotated %s at %" PRId64, file, src->offset);
          g_ptr_array_add (self->rotated, src);
          break;
        }
    }
  return TRUE;
}

static gboolean
source_finished (Source *src)
{
  struct stat st;

  if (fstat (src->fd, &st) != 0)
    return TRUE;
  /* Removed before its first line was complete: there is nothing in it to commit. */
  if (!src->identified && st.st_nlink == 0)
    return TRUE;
  if (!src->identified || st.st_size > src->offset)
    return FALSE;
  return st.st_nlink == 0 ||
         g_get_monotonic_time () - src->last_growth > ROTATED_GRACE_USEC;
}

/**
 * vigil_follower_poll:
 *
 * Commits the complete lines written since the last poll: first the rest of rotated files,
 * then the file at the path. A missing file, or one whose first line is not complete yet,
 * is not an error: there is nothing to read yet. When @cancellable fires, what was read is
 * committed and %G_IO_ERROR_CANCELLED returned.
 *
 * Returns: %FALSE with @error when a file could not be read, the database failed, or a file
 *   was truncated
 */
gboolean
vigil_follower_poll (VigilFollower  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), FALSE);

  if (!self->started)
    {
      if (!find_rotated (self, error))
        return FALSE;
      self->started = TRUE;
    }

  for (guint i = 0; i < self->rotated->len;)
    {
      Source *src = g_ptr_array_index (self->rotated, i);

      if (!source_drain (self, src, cancellable, error))
        return FALSE;
      if (source_finished (src))
        g_ptr_array_remove_index (self->rotated, i);
      else
        i++;
    }

  for (;;)
    {
      GError *local_error = NULL;
      struct stat st;

      if (self->current == NULL)
        {
          self->current = source_open (self, self->path, &local_error);
          if (self->current == NULL)
            {
              if (local_error == NULL)
                return TRUE;
              g_propagate_error (error, local_error);
              return FALSE;
            }
        }

      if (!source_drain (self, self->current, cancellable, error))
        return FALSE;

      if (g_stat (self->path, &st) == 0 &&
          st.st_dev == self->current->device && st.st_ino == self->current->inode)
        return TRUE;

      /* Renamed or removed: read what was written to it meanwhile, keep it a while for
       * writers that still have it open, and go on with the new file. */
      {
        Source *old = g_steal_pointer (&self->current);

        self->rotations++;
        g_ptr_array_add (self->rotated, old);
        if (!source_drain (self, old, cancellable, error))
          return FALSE;
      }
      if (g_stat (self->path, &st) != 0)
        return TRUE;
    }
}

/**
 * vigil_follower_is_drained:
 *
 * Returns: %TRUE when every line of every followed file was committed, with no partial line
 *   left, as far as the last poll saw
 */
gboolean
vigil_follower_is_drained (VigilFollower *self)
{
  g_return_val_if_fail (VIGIL_IS_FOLLOWER (self), FALSE);

  for (guint i = 0; i < self->rotated->len; i++)
    {
      Source *src = g_ptr_array_index (self->rotated, i);

      if (source_size (src) != src->offset)
        return FALSE;
    }
  if (self->current != NULL)
    return self->current->identified ? source_size (self->current) == self->current->offset
                                     : source_size (self->current) == 0;
  return TRUE;
}

/**
 * vigil_follower_error_is_transient:
 * @error: why a poll failed
 *
 * The retry policy of every follow, `vigilctl follow` and the app's spool watcher alike: a
 * poll that failed because another program holds the database's write lock is tried again at
 * the next poll, after the follow's usual delay, and what was committed stands; any other
 * failure is one that waiting does not mend, and is reported.
 *
 * Returns: whether to poll again later as if nothing had failed
 */
gboolean
vigil_follower_error_is_transient (const GError *error)
{
  return g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED);
}

/**
 * vigil_follower_record_run:
 * @paths: (array length=n_paths): the spools followed
 *
 * Records a whole follow of @paths as one "follow" event, with the decisions it committed and
 * the lines it rejected, rather than one event per line that arrived. A run that committed and
 * rejected nothing records nothing.
 */
gboolean
vigil_follower_record_run (VigilStore          *store,
                           const char * const  *paths,
                           guint                n_paths,
                           gint64               imported,
                           gint64               rejected,
                           GError             **error)
{
  g_autoptr(GString) details = g_string_new ("{");

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (n_paths > 0, FALSE);

  if (imported == 0 && rejected == 0)
    return TRUE;
  vigil_json_key (details, "sources");
  g_string_append_c (details, '[');
  for (guint i = 0; i < n_paths; i++)
    {
      vigil_json_item (details);
      vigil_json_write_string (details, paths[i]);
    }
  g_string_append_c (details, ']');
  vigil_json_member_int (details, "imported", imported);
  vigil_json_member_int (details, "rejected", rejected);
  g_string_append_c (details, '}');
  return vigil_store_record_event (store, g_get_user_name (), "follow", paths[0], details->str,
                                   error);
}
