/* vigil-schema.c: a Vigil database's schema, on whichever engine holds it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-schema"

#include "config.h"

#include "vigil-schema.h"

gboolean
vigil_schema_migrate (VigilSql    *db,
                      const char  *location,
                      gboolean     read_only,
                      GError     **error)
{
  if (vigil_sql_get_engine (db) == VIGIL_SQL_POSTGRESQL)
    return vigil_schema_postgres_migrate (db, location, read_only, error);
  return vigil_schema_sqlite_migrate (db, location, read_only, error);
}

void
vigil_schema_harden (VigilSql *db)
{
  if (vigil_sql_get_engine (db) == VIGIL_SQL_SQLITE)
    vigil_schema_sqlite_harden (db);
}

int
vigil_schema_find_foreign_trigger (VigilSql  *db,
                                   char     **out_problem)
{
  if (vigil_sql_get_engine (db) == VIGIL_SQL_POSTGRESQL)
    return vigil_schema_postgres_find_foreign_trigger (db, out_problem);
  return vigil_schema_sqlite_find_foreign_trigger (db, out_problem);
}

gboolean
vigil_schema_check_ledger (VigilSql           *db,
                           gboolean            main,
                           VigilLedgerReport  *report,
                           GError            **error)
{
  if (vigil_sql_get_engine (db) == VIGIL_SQL_POSTGRESQL)
    return vigil_schema_postgres_check_ledger (db, main, report, error);
  return vigil_schema_sqlite_check_ledger (db, main, report, error);
}
