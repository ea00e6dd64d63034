/* vigil-database.h: one open database, shared by the views of a window, used off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DATABASE (vigil_database_get_type ())
G_DECLARE_FINAL_TYPE (VigilDatabase, vigil_database, VIGIL, DATABASE, GObject)

/**
 * VigilDatabaseFunc:
 * @store: the shared connection, used by this function alone while it runs
 * @data: the data given to vigil_database_run_async()
 * @cancellable: (nullable): the task's cancellable
 * @error: where to put why it failed
 *
 * Work done in a worker thread. Returns a result (owned by the task, freed with the
 * result_free given to vigil_database_run_async() if nobody takes it), or %NULL with
 * @error set. Work that returns nothing returns GINT_TO_POINTER (TRUE).
 */
typedef gpointer (*VigilDatabaseFunc) (VigilStore    *store,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

typedef enum
{
  VIGIL_DATABASE_READ  = 0,
  VIGIL_DATABASE_WRITE = 1 << 0, /* emit ::changed on the caller's main context on success */
} VigilDatabaseRunFlags;

VigilDatabase *vigil_database_new            (VigilStore            *store);
VigilStore    *vigil_database_get_store      (VigilDatabase         *self);
const char    *vigil_database_get_path       (VigilDatabase         *self);
VigilPurpose   vigil_database_get_purpose    (VigilDatabase         *self);
gboolean       vigil_database_is_read_only   (VigilDatabase         *self);
gboolean       vigil_database_is_server      (VigilDatabase         *self);
gboolean       vigil_database_may            (VigilDatabase         *self,
                                              VigilStoreRights       rights);
void           vigil_database_watch          (VigilDatabase         *self);
gboolean       vigil_database_is_connected   (VigilDatabase         *self);
const char    *vigil_database_get_problem    (VigilDatabase         *self);
VigilStore    *vigil_database_open_connection (VigilDatabase        *self,
                                              GError               **error);

void           vigil_database_run_async      (VigilDatabase         *self,
                                              VigilDatabaseRunFlags  flags,
                                              VigilDatabaseFunc      func,
                                              gpointer               data,
                                              GDestroyNotify         data_free,
                                              GDestroyNotify         result_free,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gpointer       vigil_database_run_finish     (VigilDatabase         *self,
                                              GAsyncResult          *result,
                                              GError               **error);
void           vigil_database_changed        (VigilDatabase         *self);

void           vigil_database_lower_thread_priority (void);

G_END_DECLS
