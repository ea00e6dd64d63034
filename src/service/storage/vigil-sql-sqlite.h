/* vigil-sql-sqlite.h: the SQLite engine under VigilSql (for the SQLite backend's files only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "vigil-sql.h"

G_BEGIN_DECLS

/* The SQLite handle of a connection opened on a file */
sqlite3  *vigil_sql_sqlite_get_handle              (VigilSql   *sql);

gboolean  vigil_sql_sqlite_is_document_portal_path (const char *path,
                                                    const char *runtime_dir);

G_END_DECLS
