/* vigil-schema.h: a Vigil database's schema, on whichever engine holds it (private to the service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-ledger-report.h"
#include "vigil-sql.h"

G_BEGIN_DECLS

/* Checks that @db is a Vigil database (or empty) and brings its schema to the current
 * version; @location names it in messages. */
gboolean  vigil_schema_migrate                     (VigilSql           *db,
                                                    const char         *location,
                                                    gboolean            read_only,
                                                    GError            **error);
/* What every connection sets before it reads a database that may come from anyone */
void      vigil_schema_harden                      (VigilSql           *db);
/* The first trigger Vigil did not create, in *@out_problem; a VigilSqlResult */
int       vigil_schema_find_foreign_trigger        (VigilSql           *db,
                                                    char              **out_problem);
/* What the chains cannot show: the immutability triggers are Vigil's, and nothing stands in
 * for the ledger's tables. FALSE with @error only when the schema cannot be read. */
gboolean  vigil_schema_check_ledger                (VigilSql           *db,
                                                    gboolean            main,
                                                    VigilLedgerReport  *report,
                                                    GError            **error);

gboolean  vigil_schema_sqlite_migrate              (VigilSql           *db,
                                                    const char         *path,
                                                    gboolean            read_only,
                                                    GError            **error);
void      vigil_schema_sqlite_harden               (VigilSql           *db);
int       vigil_schema_sqlite_find_foreign_trigger (VigilSql           *db,
                                                    char              **out_problem);
gboolean  vigil_schema_sqlite_check_ledger         (VigilSql           *db,
                                                    gboolean            main,
                                                    VigilLedgerReport  *report,
                                                    GError            **error);

int       vigil_schema_postgres_read_version       (VigilSql           *db,
                                                    int                *out_version,
                                                    char              **out_application);
gboolean  vigil_schema_postgres_migrate            (VigilSql           *db,
                                                    const char         *location,
                                                    gboolean            read_only,
                                                    GError            **error);
int       vigil_schema_postgres_find_foreign_trigger (VigilSql         *db,
                                                      char            **out_problem);
gboolean  vigil_schema_postgres_check_ledger       (VigilSql           *db,
                                                    gboolean            main,
                                                    VigilLedgerReport  *report,
                                                    GError            **error);

G_END_DECLS
