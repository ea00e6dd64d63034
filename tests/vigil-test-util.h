/* vigil-test-util.h: temporary databases and decisions for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "vigil-store.h"

typedef struct
{
  char       *dir;
  char       *path;
  VigilStore *store;
} Fixture;

static inline void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "audit.db", NULL);
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static inline VigilDecision *
make_decision (const char *model,
               const char *prediction,
               const char *timestamp,
               double      confidence,
               const char *ticker)
{
  VigilDecision *d = vigil_decision_new (model, "v1", "trading_signal", prediction);

  if (timestamp)
    vigil_decision_set_timestamp (d, timestamp);
  if (confidence >= 0)
    vigil_decision_set_confidence (d, confidence);
  vigil_decision_set_ticker (d, ticker);
  vigil_decision_set_input_features (d, "{\"momentum_12m\": 0.12, \"volatility\": 0.3}");
  return d;
}

static inline gint64
log_one (VigilStore *store,
         const char *model,
         const char *prediction,
         const char *timestamp)
{
  g_autoptr(VigilDecision) d = make_decision (model, prediction, timestamp, 0.7, "AAPL");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (vigil_store_log_decision (store, d, &id, &error));
  g_assert_no_error (error);
  return id;
}

static inline gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static inline int
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}
