/* vigil-schema-postgres-sql.c: the PostgreSQL schema script, compiled into the library
 *
 * The script (vigil-schema-postgres.sql) is a resource of the service library, looked up in
 * the library's own GResource rather than the global table, so nothing depends on a
 * constructor running in a static library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-schema"

#include "config.h"

#include <gio/gio.h>

#include "vigil-schema-postgres-sql.h"
#include "vigil-service-resources.h"

#define SCHEMA_RESOURCE "/io/github/finsecure/Vigil/sql/vigil-schema-postgres.sql"

/**
 * vigil_schema_postgres_sql:
 *
 * Returns: the SQL that creates a Vigil database on a PostgreSQL server (schema version 6),
 *   run in one transaction by a superuser or a role with CREATEROLE; NUL-terminated, kept for
 *   the life of the process.
 */
const char *
vigil_schema_postgres_sql (void)
{
  static gsize bytes = 0;

  if (g_once_init_enter (&bytes))
    {
      g_autoptr(GError) error = NULL;
      GBytes *data = g_resource_lookup_data (vigil_service_get_resource (), SCHEMA_RESOURCE,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

      if (data == NULL)
        g_error ("The PostgreSQL schema is missing from the library: %s", error->message);
      g_once_init_leave (&bytes, (gsize) data);
    }
  /* GResource data is always followed by a NUL byte. */
  return g_bytes_get_data ((GBytes *) bytes, NULL);
}
