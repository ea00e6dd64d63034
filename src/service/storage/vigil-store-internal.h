/* vigil-store-internal.h: the VigilStore instance, shared by the files that implement it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-input-rollup.h"
#include "vigil-store-private.h"
#include "vigil-witness.h"

G_BEGIN_DECLS

/* The daily roll-ups of migration 3, kept in step with decisions by the append path. */
typedef enum
{
  VIGIL_ROLLUP_PREDICTIONS,
  VIGIL_ROLLUP_CONFIDENCE,
  VIGIL_ROLLUP_ENTITIES,
  VIGIL_N_ROLLUPS
} VigilRollup;

struct _VigilStore
{
  GObject       parent_instance;
  VigilSql     *db;
  char         *path;             /* as shown to people: a file, or a URI without password */
  char         *location;         /* what opens it again: the file, or the whole URI */
  char         *identity;         /* who acts: the server's session_user, or NULL on a file */
  gboolean      read_only;
  VigilStoreRights rights;        /* what the login may do (everything on a writable file) */
  int           schema_checked;   /* the schema_version last found free of foreign triggers */
  gboolean      found_sound;      /* quick_check passed before the first decisions appended */
  VigilSqlStmt *insert_decision;
  VigilSqlStmt *upsert_rollup[VIGIL_N_ROLLUPS];
  VigilSqlStmt *upsert_inputs[VIGIL_INPUT_N_UPSERTS];
  GString      *fields;
  /* The decisions appended in the current write transaction, 0 when none */
  gint64        tx_first_decision;
  gint64        tx_last_decision;
  gint64        last_event_id;      /* the id of the last event this store appended */
  VigilWitness *witness;
};

gboolean  vigil_store_sqlite_open               (VigilStore           *self,
                                                const char           *path,
                                                VigilStoreOpenFlags   flags,
                                                GError              **error);
gboolean  vigil_store_sqlite_check_before_write (VigilStore           *self,
                                                GError              **error);
/* Who an action is recorded as: on a server its login, whatever @who says; on a file @who */
static inline const char *
vigil_store_actor (VigilStore *self,
                   const char *who)
{
  return self->identity != NULL ? self->identity : who;
}

gboolean  vigil_store_outcomes_rollup_move        (VigilStore           *self,
                                                  const char           *model_name,
                                                  const char           *timestamp,
                                                  const char           *prediction,
                                                  const char           *old_outcome,
                                                  const char           *old_date,
                                                  const char           *outcome,
                                                  const char           *outcome_date);

gboolean  vigil_store_postgres_open               (VigilStore           *self,
                                                  const char           *uri,
                                                  VigilStoreOpenFlags   flags,
                                                  GError              **error);
gboolean  vigil_store_postgres_check_before_write (VigilStore           *self,
                                                  GError              **error);

G_END_DECLS
