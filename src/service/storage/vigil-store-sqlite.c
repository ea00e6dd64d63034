/* vigil-store-sqlite.c: the store on an SQLite file: creating and opening it, and what is
 * checked before each write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-schema.h"
#include "vigil-sql-sqlite.h"
#include "vigil-store-internal.h"

/* Inside the write transaction, before anything is written: a trigger Vigil did not create
 * would run inside this write and could change what it records, and a file that ends in the
 * middle of a page was cut short. The schema is read again only when it changed. */
gboolean
vigil_store_sqlite_check_before_write (VigilStore  *self,
                                       GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *problem = NULL;
  GStatBuf st;
  int version, page_size, rc;

  if (vigil_sql_prepare (self->db, "SELECT schema_version, page_size "
                         "FROM pragma_schema_version, pragma_page_size", &stmt) !=
        VIGIL_SQL_OK || vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not start writing"));
      return FALSE;
    }
  version = vigil_sql_column_int (stmt, 0);
  page_size = vigil_sql_column_int (stmt, 1);

  if (g_stat (self->path, &st) == 0 && page_size > 0 && st.st_size % page_size != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The file “%s” is damaged: it ends in the middle of a page, as if it "
                     "was cut short; Vigil writes nothing to it. “vigilctl verify” says what "
                     "can still be read"), self->path);
      return FALSE;
    }

  if (version == self->schema_checked)
    return TRUE;
  rc = vigil_schema_find_foreign_trigger (self->db, &problem);
  if (rc != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the database’s schema"));
      return FALSE;
    }
  if (problem != NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("Vigil writes nothing to “%s”: %s, and it would run inside Vigil’s own "
                     "writes. Remove it; “vigilctl verify” names every change to the schema"),
                   self->path, problem);
      return FALSE;
    }
  self->schema_checked = version;
  return TRUE;
}

static gboolean
configure (VigilStore  *self,
           GError     **error)
{
  vigil_sql_set_busy_timeout (self->db, 5000);

  if (!vigil_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (!self->read_only)
    {
      VigilSqlStmt *stmt = NULL;
      gboolean switched = FALSE;
      /* The document portal (a file chosen in a Flatpak sandbox) cannot map the shared
       * memory of the write-ahead log: a rollback journal works there. */
      gboolean portal = vigil_sql_sqlite_is_document_portal_path (self->path,
                                                                  g_get_user_runtime_dir ());

      /* journal_mode returns the resulting mode as a row. */
      if (vigil_sql_prepare (self->db, portal ? "PRAGMA journal_mode = DELETE"
                                              : "PRAGMA journal_mode = WAL",
                             &stmt) == VIGIL_SQL_OK &&
          vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        switched = g_ascii_strcasecmp (vigil_sql_column_text (stmt, 0),
                                       portal ? "delete" : "wal") == 0;
      vigil_sql_finalize (stmt);
      if (!switched)
        {
          vigil_store_set_sql_error (self, error, _("Could not open the database"));
          if (error && *error == NULL)
            {
              if (portal)
                g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                             _("Could not switch “%s” to a rollback journal, which a file "
                               "opened through the document portal needs"), self->path);
              else
                g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                             _("Could not switch “%s” to write-ahead logging"), self->path);
            }
          return FALSE;
        }
      /* Decisions arrive out of time order (back-filling, several sources), so index
       * inserts land all over the index; a larger page cache keeps them from thrashing. */
      if (!vigil_store_exec (self, "PRAGMA cache_size = -65536", error))
        return FALSE;
      /* An audit log keeps what it committed even through a power cut. */
      if (!vigil_store_exec (self, "PRAGMA synchronous = FULL", error))
        return FALSE;
    }
  return TRUE;
}

/* Whether the open database holds nothing at all: no table, no schema version. */
static gboolean
is_empty_database (VigilSql *db)
{
  VigilSqlStmt *stmt = NULL;
  gboolean empty = FALSE;

  if (vigil_sql_prepare (db, "SELECT (SELECT count(*) FROM sqlite_master) = 0 AND "
                         "(SELECT user_version FROM pragma_user_version) = 0",
                         &stmt) == VIGIL_SQL_OK &&
      vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    empty = vigil_sql_column_int (stmt, 0) != 0;
  vigil_sql_finalize (stmt);
  return empty;
}

/* Opens @self on the database file at @path, creating it when @flags say so. */
gboolean
vigil_store_sqlite_open (VigilStore           *self,
                         const char           *path,
                         VigilStoreOpenFlags   flags,
                         GError              **error)
{
  gboolean exists, created = FALSE;
  int fd;
  int rc;

  /* SQLite reads these as a database that lives in memory and is gone on exit */
  if (*path == '\0' || strcmp (path, ":memory:") == 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a file: SQLite would keep that database in memory and lose it "
                     "on exit, and an audit log must be kept. Give the path of a database file."),
                   path);
      return FALSE;
    }

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("“%s” is a folder, not a database file"), path);
      return FALSE;
    }
  if (!exists && !(flags & VIGIL_STORE_OPEN_CREATE))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                   _("There is no database at “%s”; create one with “vigilctl init” or choose "
                     "another file"), path);
      return FALSE;
    }
  if (exists && g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("“%s” cannot be read: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!exists)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (flags & VIGIL_STORE_OPEN_READ_ONLY)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                       _("There is no database at “%s”"), path);
          return FALSE;
        }
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                       _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
          return FALSE;
        }
      /* An audit log is for its owner: created 0600, as its folder is 0700. SQLite gives
       * the -wal and -shm files the mode of the database. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                       _("Could not create “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      created = fd >= 0;
      if (fd >= 0)
        close (fd);
    }

  self->path = g_strdup (path);
  self->location = g_strdup (path);
  self->read_only = (flags & VIGIL_STORE_OPEN_READ_ONLY) != 0 ||
                    (exists && g_access (path, W_OK) != 0);

  rc = vigil_sql_open (path, self->read_only ? VIGIL_SQL_OPEN_READ_ONLY : VIGIL_SQL_OPEN_CREATE,
                       &self->db);
  if (rc != VIGIL_SQL_OK)
    {
      if (self->db != NULL)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                     _("Could not open “%s”: %s"), path, vigil_sql_errmsg (self->db));
      else
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                     _("Could not open “%s”: out of memory"), path);
      if (created)
        g_unlink (path);
      return FALSE;
    }

  vigil_schema_harden (self->db);
  vigil_sql_set_busy_timeout (self->db, 5000);

  /* Check what the file is before switching it to WAL, which writes to it. */
  if (!vigil_schema_migrate (self->db, path, TRUE, NULL))
    {
      g_autoptr(GError) local_error = NULL;

      if (!vigil_schema_migrate (self->db, path, self->read_only, &local_error) &&
          !(local_error->code == VIGIL_STORE_ERROR_READ_ONLY && !self->read_only))
        {
          /* An empty file needs no update: it is not a Vigil database yet. */
          if (local_error->code == VIGIL_STORE_ERROR_READ_ONLY && is_empty_database (self->db))
            {
              g_clear_error (&local_error);
              if (flags & VIGIL_STORE_OPEN_READ_ONLY)
                g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                             _("“%s” is an empty file, not yet a Vigil database: there is "
                               "nothing in it to read. “vigilctl init” makes it one."), path);
              else
                g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                             _("“%s” is an empty file, not yet a Vigil database, and Vigil "
                               "cannot make it one: the file cannot be written."), path);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      if (!configure (self, error) ||
          !vigil_schema_migrate (self->db, path, self->read_only, error))
        return FALSE;
    }
  else if (!configure (self, error))
    return FALSE;

  return TRUE;
}
