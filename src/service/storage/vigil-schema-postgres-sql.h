/* vigil-schema-postgres-sql.h: the PostgreSQL schema script, compiled into the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *vigil_schema_postgres_sql (void);

G_END_DECLS
