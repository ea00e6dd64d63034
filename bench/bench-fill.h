/* bench-fill.h: the decisions the benchmarks fill their databases with, and the databases
 * they fill on a PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-record.h"
#include "vigil-store.h"

/* The notebook's two models over @days days from @start_usec in time order, through the
 * store's own append path: 60% trading signals naming a ticker (with a SELL surge on the last
 * day), 40% credit approvals naming none. */
void bench_fill_decisions (VigilStore *store,
                           gint64      n,
                           gint64      start_usec,
                           int         days);

/* The notebook's trading model alone over @days days (bench-detect's database): three
 * features, a SELL surge on the last day. */
void bench_fill_trading   (VigilStore *store,
                           gint64      n,
                           gint64      start_usec,
                           int         days);

/* The same decisions as bench_fill_decisions() (@trading_only: bench_fill_trading()) into a
 * store on a server that holds none yet, by the fast path a DBA would take rather than
 * Vigil's appends: the same ids and chain computed here, COPY … FROM STDIN in one
 * transaction, then the daily roll-ups and the model list computed from the rows by SQL, as
 * SQLite's migration to schema 3 computes them; then VACUUM ANALYZE. */
void bench_fill_copy      (VigilStore *store,
                           gboolean    trading_only,
                           gint64      n,
                           gint64      start_usec,
                           int         days);

/* Appends @r's ledger columns (as VIGIL_DECISION_INSERT_SQL names them) to @out as a line
 * of COPY's text format */
void bench_copy_line      (GString           *out,
                           const VigilRecord *r);

/* On the server of @server_uri (a login that may create databases): the URI of its
 * database @name */
char     *bench_pg_uri          (const char  *server_uri,
                                 const char  *name);
/* Whether @name exists there and its decisions number @n (a database a run filled before);
 * otherwise (re)creates @name empty. Returns FALSE with @error when the server fails. */
gboolean  bench_pg_prepare      (const char  *server_uri,
                                 const char  *name,
                                 gint64       n,
                                 gboolean    *out_filled,
                                 GError     **error);
/* Drops @name, and its database with it */
void      bench_pg_drop         (const char  *server_uri,
                                 const char  *name);
/* The server's version and the settings that matter to the benchmarks, for the output */
char     *bench_pg_describe     (const char  *server_uri);
