/* vigil-output.c: output files that never land on the data they come from
 *
 * Every file Vigil writes for the user (a report, an export, a quarantine) goes through
 * vigil_output_check_path(): a path that is the database, one of SQLite's files beside it,
 * an input being read, or a symbolic link is refused. Files are compared by device and inode,
 * and by name within the same folder for the database's files that do not exist yet, so no
 * spelling of a path gets past the check. VigilOutputFile then writes beside the target and
 * renames into place, so a failure never leaves a truncated file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-output.h"

struct _VigilOutputFile
{
  char          *path;
  char          *tmp_path;
  int            fd;
  GOutputStream *stream;
  gboolean       committed;
};

static const char * const database_suffixes[] = { "", "-wal", "-shm", "-journal" };

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The folder's real path (symbolic links resolved), or NULL when it cannot be resolved. */
static char *
real_dirname (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  char *real = realpath (dir, NULL);
  char *copy = g_strdup (real);

  free (real);
  return copy;
}

static gboolean
refuse_database (const char         *path,
                 const struct stat  *out_st,
                 gboolean            out_exists,
                 const char         *out_dir,
                 const char         *out_base,
                 const char         *db,
                 GError            **error)
{
  char *resolved;
  g_autofree char *db_real = NULL, *db_dir = NULL, *db_base = NULL;
  struct stat db_dir_st, out_dir_st;
  gboolean dirs_same = FALSE;

  if ((resolved = realpath (db, NULL)) == NULL)
    return TRUE;
  db_real = g_strdup (resolved);
  free (resolved);
  db_dir = g_path_get_dirname (db_real);
  db_base = g_path_get_basename (db_real);

  if (out_dir != NULL && g_stat (db_dir, &db_dir_st) == 0 && g_stat (out_dir, &out_dir_st) == 0)
    dirs_same = same_file (&db_dir_st, &out_dir_st);

  for (guint i = 0; i < G_N_ELEMENTS (database_suffixes); i++)
    {
      g_autofree char *name = g_strconcat (db_base, database_suffixes[i], NULL);
      g_autofree char *full = g_build_filename (db_dir, name, NULL);
      struct stat st;

      if ((dirs_same && g_strcmp0 (out_base, name) == 0) ||
          (out_exists && g_stat (full, &st) == 0 && same_file (&st, out_st)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is the database “%s” or one of its files; writing there would "
                         "destroy it: choose another file"), path, db);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigil_output_check_path:
 * @path: where an output is about to be written
 * @database: (nullable): the database's path, which the output must not be
 * @inputs: (nullable) (array zero-terminated=1): files being read ("-" is standard input and
 *   is skipped), which the output must not be
 *
 * Checks that writing to @path cannot destroy data: it must not be a symbolic link, a folder
 * or a special file, the database or its -wal, -shm or -journal file, or one of @inputs.
 *
 * Returns: %FALSE with @error saying why the path is refused
 */
gboolean
vigil_output_check_path (const char         *path,
                         const char         *database,
                         const char * const *inputs,
                         GError            **error)
{
  g_autofree char *out_dir = NULL, *out_base = NULL;
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_lstat (path, &st) == 0)
    exists = TRUE;
  else if (errno == ENOENT)
    exists = FALSE;
  else
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not check “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (exists && S_ISLNK (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a symbolic link; Vigil does not write through links, which could "
                     "point at the database or an input: give the real path"), path);
      return FALSE;
    }
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder; give a file name"), path);
      return FALSE;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a regular file; give a file name"), path);
      return FALSE;
    }

  out_dir = real_dirname (path);
  out_base = g_path_get_basename (path);
  if (database != NULL &&
      !refuse_database (path, &st, exists, out_dir, out_base, database, error))
    return FALSE;

  for (guint i = 0; exists && inputs != NULL && inputs[i] != NULL; i++)
    {
      struct stat in_st;

      if (g_str_equal (inputs[i], "-") || g_stat (inputs[i], &in_st) != 0)
        continue;
      if (same_file (&in_st, &st))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is the file being read (“%s”); writing there would destroy it: "
                         "choose another file"), path, inputs[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigil_output_file_open:
 * @path: the file to write
 * @database: (nullable): as for vigil_output_check_path()
 * @inputs: (nullable) (array zero-terminated=1): as for vigil_output_check_path()
 * @mode: the permissions of the new file, such as 0644
 *
 * Checks @path with vigil_output_check_path(), then opens a temporary file beside it. Nothing
 * appears at @path until vigil_output_file_commit(); vigil_output_file_free() without it
 * removes the temporary file.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL with @error
 */
VigilOutputFile *
vigil_output_file_open (const char         *path,
                        const char         *database,
                        const char * const *inputs,
                        int                 mode,
                        GError            **error)
{
  g_autofree char *dir = NULL, *base = NULL, *tmpl = NULL;
  VigilOutputFile *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (!vigil_output_check_path (path, database, inputs, error))
    return NULL;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmpl = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  self = g_new0 (VigilOutputFile, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->fd = fd;
  self->stream = g_unix_output_stream_new (fd, FALSE);
  return self;
}

GOutputStream *
vigil_output_file_get_stream (VigilOutputFile *self)
{
  return self->stream;
}

/**
 * vigil_output_file_commit:
 *
 * Flushes the file to disk and renames it into place, replacing what was at the path.
 *
 * Returns: %FALSE with @error when the file could not be written; the path is then untouched
 */
gboolean
vigil_output_file_commit (VigilOutputFile  *self,
                          GError          **error)
{
  g_autofree char *dir = NULL;
  int dir_fd;

  g_return_val_if_fail (self != NULL && !self->committed, FALSE);

  if (!g_output_stream_close (self->stream, NULL, error))
    {
      g_prefix_error (error, _("Could not write “%s”: "), self->path);
      return FALSE;
    }
  if (fsync (self->fd) != 0 || close (self->fd) != 0)
    {
      int saved = errno;

      self->fd = -1;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }
  self->fd = -1;
  if (g_rename (self->tmp_path, self->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), self->path, g_strerror (saved));
      return FALSE;
    }
  self->committed = TRUE;

  /* The rename itself survives a power cut only once the folder is synced. */
  dir = g_path_get_dirname (self->path);
  dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

void
vigil_output_file_free (VigilOutputFile *self)
{
  if (self == NULL)
    return;
  if (!g_output_stream_is_closed (self->stream))
    g_output_stream_close (self->stream, NULL, NULL);
  g_object_unref (self->stream);
  if (self->fd >= 0)
    close (self->fd);
  if (!self->committed)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}
