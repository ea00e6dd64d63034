/* vigil-store.h: the audit-log store, a SQLite database with a tamper-evident ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-alert.h"
#include "vigil-decision.h"
#include "vigil-decision-cursor.h"
#include "vigil-decision-query.h"
#include "vigil-alert-query.h"
#include "vigil-enums.h"
#include "vigil-ledger-report.h"
#include "vigil-model-info.h"
#include "vigil-policy.h"
#include "vigil-summary.h"
#include "vigil-witness.h"

G_BEGIN_DECLS

#define VIGIL_STORE_ERROR (vigil_store_error_quark ())

typedef enum
{
  VIGIL_STORE_ERROR_FAILED,
  VIGIL_STORE_ERROR_MISSING,
  VIGIL_STORE_ERROR_READ_ONLY,
  VIGIL_STORE_ERROR_LOCKED,
  VIGIL_STORE_ERROR_CORRUPT,
  VIGIL_STORE_ERROR_NOT_VIGIL,
  VIGIL_STORE_ERROR_TOO_NEW,
  VIGIL_STORE_ERROR_INVALID,
  VIGIL_STORE_ERROR_NOT_FOUND,
  VIGIL_STORE_ERROR_CONFLICT,
  VIGIL_STORE_ERROR_FULL,
  VIGIL_STORE_ERROR_DENIED,        /* the server refused the login, or a right is missing */
  VIGIL_STORE_ERROR_UNREACHABLE,   /* the server could not be reached */
  VIGIL_STORE_ERROR_UNSUPPORTED,   /* the database's engine has no such thing (desks on a file) */
  VIGIL_STORE_ERROR_OUTDATED,      /* opened read-only, the schema needs bringing up to date */
} VigilStoreError;

typedef enum
{
  VIGIL_STORE_OPEN_DEFAULT   = 0,
  VIGIL_STORE_OPEN_CREATE    = 1 << 0,
  VIGIL_STORE_OPEN_READ_ONLY = 1 << 1,
} VigilStoreOpenFlags;

/* What the login may do, beyond reading: on a file, everything unless it is open read-only;
 * on a server, what the login's roles grant (see vigil-schema-postgres.sql) */
typedef enum
{
  VIGIL_STORE_MAY_RECORD      = 1 << 0,   /* record verifying and reports in the ledger */
  VIGIL_STORE_MAY_ACKNOWLEDGE = 1 << 1,   /* acknowledge alerts */
  VIGIL_STORE_MAY_REVIEW      = 1 << 2,   /* review decisions, record outcomes */
  VIGIL_STORE_MAY_IMPORT      = 1 << 3,   /* log decisions, run the checks */
  VIGIL_STORE_MAY_CONFIGURE   = 1 << 4,   /* change the policy and the model list */
} VigilStoreRights;

#define VIGIL_STORE_MAY_ALL (VIGIL_STORE_MAY_RECORD | VIGIL_STORE_MAY_ACKNOWLEDGE | \
                             VIGIL_STORE_MAY_REVIEW | VIGIL_STORE_MAY_IMPORT |      \
                             VIGIL_STORE_MAY_CONFIGURE)

/* The newest schema this build knows. */
#define VIGIL_STORE_SCHEMA_VERSION 9

#define VIGIL_TYPE_STORE (vigil_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

GQuark        vigil_store_error_quark        (void);
char         *vigil_store_default_path       (void);

VigilStore   *vigil_store_open               (const char           *path,
                                              VigilStoreOpenFlags   flags,
                                              GError              **error);
/* One group of decisions with an outcome: see vigil_store_foreach_outcome_group() */
typedef void (*VigilOutcomeGroupFunc) (const char *prediction,
                                       const char *outcome,
                                       const char *decision_day,
                                       gint64      n,
                                       gint64      lag_days,
                                       gpointer    user_data);

gboolean      vigil_store_foreach_outcome_group (VigilStore            *self,
                                                 const char            *model_name,
                                                 const char            *segment_by,
                                                 const char            *segment,
                                                 const char            *from,
                                                 const char            *to,
                                                 const char            *known_before,
                                                 VigilOutcomeGroupFunc  func,
                                                 gpointer               user_data,
                                                 GError               **error);
typedef void (*VigilPredictionCountFunc) (const char *prediction,
                                          gint64      n,
                                          gpointer    user_data);

gboolean      vigil_store_foreach_prediction_count (VigilStore               *self,
                                                    const char               *model_name,
                                                    const char               *segment_by,
                                                    const char               *segment,
                                                    const char               *from,
                                                    const char               *to,
                                                    VigilPredictionCountFunc  func,
                                                    gpointer                  user_data,
                                                    GError                  **error);
gboolean      vigil_store_find_event_id      (VigilStore           *self,
                                              const char           *model_name,
                                              const char           *event_id,
                                              gint64               *out_id,
                                              GError              **error);
gboolean      vigil_store_copy               (VigilStore           *from,
                                              VigilStore           *to,
                                              GCancellable         *cancellable,
                                              GFileProgressCallback progress,
                                              gpointer              progress_data,
                                              VigilLedgerReport   **out_original,
                                              VigilLedgerReport   **out_copy,
                                              gint64               *out_rows,
                                              GError              **error);
const char   *vigil_store_get_path           (VigilStore           *self);
const char   *vigil_store_get_location       (VigilStore           *self);
const char   *vigil_store_get_identity       (VigilStore           *self);
gboolean      vigil_store_location_is_server (const char           *location);
VigilStoreRights vigil_store_get_rights      (VigilStore           *self);
char         *vigil_store_redact_uri         (const char           *uri);
char         *vigil_store_uri_with_password  (const char           *uri,
                                              const char           *password);
gboolean      vigil_store_uri_has_password   (const char           *uri);
gboolean      vigil_store_is_read_only       (VigilStore           *self);

VigilPurpose  vigil_store_get_purpose        (VigilStore           *self);
gboolean      vigil_store_set_purpose        (VigilStore           *self,
                                              VigilPurpose          purpose,
                                              GError              **error);
char         *vigil_store_get_meta           (VigilStore           *self,
                                              const char           *key);

/* Writing decisions: validated, chained, one transaction per call. */
gboolean      vigil_store_log_decision       (VigilStore           *self,
                                              VigilDecision        *decision,
                                              gint64               *out_id,
                                              GError              **error);
gboolean      vigil_store_log_decisions      (VigilStore           *self,
                                              VigilDecision       **decisions,
                                              guint                 n_decisions,
                                              GError              **error);

/* Reading decisions */
GListModel   *vigil_store_query_decisions    (VigilStore           *self,
                                              VigilDecisionQuery   *query,
                                              GError              **error);
gint64        vigil_store_count_decisions    (VigilStore           *self,
                                              VigilDecisionQuery   *query,
                                              GError              **error);
VigilDecisionCursor *
              vigil_store_open_cursor        (VigilStore           *self,
                                              VigilDecisionQuery   *query,
                                              GError              **error);
VigilDecision *vigil_store_get_decision      (VigilStore           *self,
                                              gint64                id,
                                              GError              **error);
GListModel   *vigil_store_query_decisions_from (VigilStore         *self,
                                                VigilDecisionQuery *query,
                                                const char         *timestamp,
                                                gint64              id,
                                                gboolean            backwards,
                                                GError            **error);

/* Alerts */
gboolean      vigil_store_add_alert          (VigilStore           *self,
                                              VigilAlert           *alert,
                                              gboolean             *out_inserted,
                                              GError              **error);
gboolean      vigil_store_alert_is_stored    (VigilStore           *self,
                                              VigilAlert           *alert,
                                              gboolean             *out_stored,
                                              GError              **error);
GListModel   *vigil_store_query_alerts       (VigilStore           *self,
                                              VigilAlertQuery      *query,
                                              GError              **error);
VigilAlert   *vigil_store_get_alert          (VigilStore           *self,
                                              gint64                id,
                                              GError              **error);
gint64        vigil_store_count_check_runs   (VigilStore           *self,
                                              const char           *from,
                                              const char           *to,
                                              GError              **error);

/* Human actions: each writes an events row in the same transaction. */
gboolean      vigil_store_acknowledge_alert  (VigilStore           *self,
                                              gint64                alert_id,
                                              const char           *who,
                                              const char           *note,
                                              GError              **error);
gboolean      vigil_store_acknowledge_many   (VigilStore           *self,
                                              const gint64         *ids,
                                              guint                 n_ids,
                                              const char           *who,
                                              const char           *note,
                                              GArray              **out_acknowledged,
                                              GError              **error);
gboolean      vigil_store_review_decision    (VigilStore           *self,
                                              gint64                decision_id,
                                              const char           *who,
                                              VigilReviewStatus     status,
                                              const char           *notes,
                                              GError              **error);
gboolean      vigil_store_record_outcome     (VigilStore           *self,
                                              gint64                decision_id,
                                              const char           *value,
                                              const char           *outcome_date,
                                              const char           *actor,
                                              GError              **error);
gboolean      vigil_store_record_event       (VigilStore           *self,
                                              const char           *actor,
                                              const char           *action,
                                              const char           *target,
                                              const char           *details_json,
                                              GError              **error);

/* An action on a decision, from the events table; review fields are NULL for other actions. */
typedef struct
{
  gint64  id;
  char   *timestamp;
  char   *actor;
  char   *action;
  char   *status;
  char   *previous_status;
  char   *notes;
  char   *details;
} VigilDecisionEvent;

void          vigil_decision_event_free      (VigilDecisionEvent   *event);
GPtrArray    *vigil_store_list_decision_events (VigilStore         *self,
                                                gint64              decision_id,
                                                GError            **error);

/* Overviews */
GListModel   *vigil_store_list_models        (VigilStore           *self,
                                              GError              **error);
VigilSummary *vigil_store_summarize          (VigilStore           *self,
                                              const char           *model_name,
                                              const char           *from,
                                              const char           *to,
                                              GError              **error);

/* The ledger */
VigilLedgerReport *
              vigil_store_verify             (VigilStore           *self,
                                              GCancellable         *cancellable,
                                              GFileProgressCallback progress,
                                              gpointer              progress_data,
                                              GError              **error);
VigilLedgerReport *
              vigil_store_verify_expecting   (VigilStore           *self,
                                              const char           *expect_head,
                                              GCancellable         *cancellable,
                                              GFileProgressCallback progress,
                                              gpointer              progress_data,
                                              GError              **error);
void          vigil_store_set_witness        (VigilStore           *self,
                                              VigilWitness         *witness);

/* The chained columns of decisions, alerts and events as CSV, from which the chains and a
 * sealed head can be recomputed without Vigil (see vigil_ledger_get_script()). */
gboolean      vigil_store_export_ledger_csv  (VigilStore           *self,
                                              GOutputStream        *out,
                                              GCancellable         *cancellable,
                                              gint64               *out_rows,
                                              GError              **error);

/* Checkpoints: a full verification that finds the ledger intact can be recorded as a chained
 * ledger_verified event; later verifications may then rehash only the records after it. */
gboolean      vigil_store_record_checkpoint  (VigilStore           *self,
                                              VigilLedgerReport    *report,
                                              const char           *actor,
                                              gint64               *out_event_id,
                                              GError              **error);
VigilLedgerReport *
              vigil_store_verify_and_checkpoint (VigilStore        *self,
                                              const char           *actor,
                                              GCancellable         *cancellable,
                                              GFileProgressCallback progress,
                                              gpointer              progress_data,
                                              GError              **error);
VigilLedgerReport *
              vigil_store_verify_since_checkpoint (VigilStore      *self,
                                              GCancellable         *cancellable,
                                              GFileProgressCallback progress,
                                              gpointer              progress_data,
                                              GError              **error);

/* Desks and who may see them: on a server only; each change is an event. */
gboolean      vigil_store_set_model_desk     (VigilStore           *self,
                                              const char           *model_name,
                                              const char           *desk,
                                              gboolean             *out_changed,
                                              GError              **error);
gboolean      vigil_store_add_desk_member    (VigilStore           *self,
                                              const char           *desk,
                                              const char           *login,
                                              gboolean             *out_changed,
                                              GError              **error);
gboolean      vigil_store_remove_desk_member (VigilStore           *self,
                                              const char           *desk,
                                              const char           *login,
                                              GError              **error);

/* A login's access to a server database: Vigil's group roles it holds and the desks it sits
 * at. @exists is FALSE for a name a desk lists that no login has (any more). */
typedef struct
{
  char     *login;
  GStrv     roles;
  GStrv     desks;
  gboolean  exists;
  gboolean  superuser;
  gboolean  sees_every_desk;
} VigilLoginAccess;

void          vigil_login_access_free        (VigilLoginAccess     *access);
GPtrArray    *vigil_store_list_access        (VigilStore           *self,
                                              GError              **error);

/* The detection policy in force: stored in the database, changes recorded as events. */
VigilPolicy  *vigil_store_get_policy         (VigilStore           *self,
                                              GError              **error);
gboolean      vigil_store_set_policy         (VigilStore           *self,
                                              VigilPolicy          *policy,
                                              const char           *who,
                                              GError              **error);

G_END_DECLS
