/* vigil-store-actions.c: what people do: acknowledge alerts, review decisions, record outcomes, set the policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-private.h"
#include "vigil-decision-private.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store-internal.h"

static gboolean
check_person (VigilStore  *self,
              const char  *who,
              const char  *what,
              GError     **error)
{
  /* On a server the login is the person; a name given is only shown beside it */
  if (self->identity != NULL && (who == NULL || *who == '\0'))
    return TRUE;
  if (who == NULL || *who == '\0' || !g_utf8_validate (who, -1, NULL) ||
      strlen (who) > VIGIL_MAX_NAME_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("%s needs the name of the person doing it (at most %d bytes)"), what,
                   VIGIL_MAX_NAME_LEN);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note != NULL && (!g_utf8_validate (note, -1, NULL) || strlen (note) > VIGIL_MAX_EXPLANATION_LEN))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A note must be UTF-8 text of at most %d bytes"), VIGIL_MAX_EXPLANATION_LEN);
      return FALSE;
    }
  return TRUE;
}

static char *
details_object (const char *first_key,
                ...)
{
  GString *out = g_string_new ("{");
  const char *key = first_key;
  gboolean first = TRUE;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          vigil_json_write_string (out, key);
          g_string_append_c (out, ':');
          vigil_json_write_string (out, value);
        }
      key = va_arg (args, const char *);
    }
  va_end (args);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* On a server the row may be there, on a desk this login does not see */
static void
set_not_found (VigilStore  *self,
               gboolean     alert,
               gint64       id,
               GError     **error)
{
  if (self->identity != NULL && alert)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no alert %" PRId64 " that the login “%s” may see: it does not "
                   "exist, or its model is on a desk the login is not a member of"), id,
                 self->identity);
  else if (self->identity != NULL)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no decision %" PRId64 " that the login “%s” may see: it does "
                   "not exist, or its model is on a desk the login is not a member of"), id,
                 self->identity);
  else if (alert)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no alert %" PRId64), id);
  else
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no decision %" PRId64), id);
}

/* The name a person gave, when the server records them under their login and it differs */
static const char *
display_name (VigilStore *self,
              const char *who)
{
  if (self->identity == NULL || who == NULL || *who == '\0' ||
      g_strcmp0 (who, self->identity) == 0)
    return NULL;
  return who;
}

/* Inside a write transaction: acknowledges one alert, or fails with NOT_FOUND (no such alert,
 * or one this login may not see), CONFLICT (acknowledged already) or another error. */
static gboolean
acknowledge_one (VigilStore  *self,
                 gint64       alert_id,
                 const char  *who,
                 const char  *note,
                 GError     **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  char now[VIGIL_TIMESTAMP_LEN];
  int rc;

  if (vigil_sql_prepare (self->db,
                         "SELECT acknowledged, acknowledged_by, acknowledged_at FROM alerts "
                         "WHERE id = ?", &select) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (select, 1, alert_id);
  rc = vigil_sql_step (select);
  if (rc == VIGIL_SQL_DONE)
    {
      set_not_found (self, TRUE, alert_id, error);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  if (vigil_sql_column_int (select, 0) != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("Alert %" PRId64 " was already acknowledged by %s at %s"), alert_id,
                   vigil_sql_column_text (select, 1) ? vigil_sql_column_text (select, 1) : _("someone"),
                   vigil_sql_column_text (select, 2) ? vigil_sql_column_text (select, 2) : _("an unknown time"));
      return FALSE;
    }

  vigil_timestamp_now (now);
  if (vigil_sql_prepare (self->db,
                         "UPDATE alerts SET acknowledged = 1, acknowledged_by = ?, "
                         "acknowledged_at = ?, ack_note = ? WHERE id = ?", &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, vigil_store_actor (self, who), -1);
  vigil_sql_bind_text (update, 2, now, -1);
  vigil_sql_bind_text (update, 3, note, -1);
  vigil_sql_bind_int64 (update, 4, alert_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  target = g_strdup_printf ("alert:%" PRId64, alert_id);
  details = details_object ("note", note, "display_name", display_name (self, who), NULL);
  /* acknowledged_by and acknowledged_at are the event's actor and time, exactly. */
  return vigil_store_append_event_at (self, now, who, "acknowledge", target, details, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not acknowledge the alert"));
  return FALSE;
}

/**
 * vigil_store_acknowledge_alert:
 * @note: (nullable): what the person noted
 *
 * Marks an alert as acknowledged by @who, now, and records it as an event. An alert
 * acknowledged already fails with %VIGIL_STORE_ERROR_CONFLICT, naming who did and when.
 */
gboolean
vigil_store_acknowledge_alert (VigilStore  *self,
                               gint64       alert_id,
                               const char  *who,
                               const char  *note,
                               GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!check_person (self, who, _("Acknowledging an alert"), error) || !check_note (note, error))
    return FALSE;
  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!acknowledge_one (self, alert_id, who, note, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/**
 * vigil_store_acknowledge_many:
 * @ids: (array length=n_ids): the alerts to acknowledge; an id given twice counts once
 * @note: (nullable): what the person noted, kept with each
 * @out_acknowledged: (out) (optional) (transfer full): the ids acknowledged, in the order of
 *   @ids, set even when this fails
 *
 * Acknowledges several alerts by @who, in one transaction, with one event each. The rule,
 * which the app and `vigilctl ack` share: an alert that was acknowledged already (by anyone)
 * or that does not exist (or that this login may not see) is skipped, and the others are
 * acknowledged all the same; the skipped ones are named in @error, one reason each, joined by
 * "; ", with %VIGIL_STORE_ERROR_CONFLICT when one was acknowledged already, else
 * %VIGIL_STORE_ERROR_NOT_FOUND. Any other failure (the database, an invalid name or note)
 * acknowledges none of them.
 *
 * Returns: %TRUE when every alert was acknowledged
 */
gboolean
vigil_store_acknowledge_many (VigilStore    *self,
                              const gint64  *ids,
                              guint          n_ids,
                              const char    *who,
                              const char    *note,
                              GArray       **out_acknowledged,
                              GError       **error)
{
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) skipped = g_string_new (NULL);
  gboolean conflict = FALSE;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (out_acknowledged != NULL)
    *out_acknowledged = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!check_person (self, who, _("Acknowledging an alert"), error) || !check_note (note, error))
    return FALSE;
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = ids[j] == ids[i];
      if (seen)
        continue;
      if (acknowledge_one (self, ids[i], who, note, &local_error))
        {
          g_array_append_val (done, ids[i]);
          continue;
        }
      if (!g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT) &&
          !g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND))
        {
          vigil_store_rollback (self);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      conflict |= local_error->code == VIGIL_STORE_ERROR_CONFLICT;
      if (skipped->len > 0)
        g_string_append (skipped, "; ");
      g_string_append (skipped, local_error->message);
    }
  if (!vigil_store_commit (self, error))
    return FALSE;

  if (out_acknowledged != NULL)
    {
      g_array_unref (*out_acknowledged);
      *out_acknowledged = g_steal_pointer (&done);
    }
  if (skipped->len > 0)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR,
                           conflict ? VIGIL_STORE_ERROR_CONFLICT : VIGIL_STORE_ERROR_NOT_FOUND,
                           skipped->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_store_review_decision:
 * @status: the outcome of the review; not %VIGIL_REVIEW_PENDING
 *
 * Records a person's review of a decision, and an event that keeps the previous status.
 */
gboolean
vigil_store_review_decision (VigilStore         *self,
                             gint64              decision_id,
                             const char         *who,
                             VigilReviewStatus   status,
                             const char         *notes,
                             GError            **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  g_autofree char *previous = NULL;
  char now[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!check_person (self, who, _("Reviewing a decision"), error) || !check_note (notes, error))
    return FALSE;
  if (status == VIGIL_REVIEW_PENDING || status > VIGIL_REVIEW_OVERRIDDEN)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("A review is approved, escalated or overridden"));
      return FALSE;
    }
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db, "SELECT review_status FROM decisions WHERE id = ?",
                         &select) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (select, 1, decision_id);
  rc = vigil_sql_step (select);
  if (rc == VIGIL_SQL_DONE)
    {
      vigil_store_rollback (self);
      set_not_found (self, FALSE, decision_id, error);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  previous = g_strdup (vigil_sql_column_text (select, 0));

  vigil_timestamp_now (now);
  if (vigil_sql_prepare (self->db,
                         "UPDATE decisions SET reviewed_by = ?, review_date = ?, "
                         "review_status = ?, review_notes = ? WHERE id = ?",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, vigil_store_actor (self, who), -1);
  vigil_sql_bind_text (update, 2, now, -1);
  vigil_sql_bind_text (update, 3, vigil_review_status_to_string (status), -1);
  vigil_sql_bind_text (update, 4, notes, -1);
  vigil_sql_bind_int64 (update, 5, decision_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  details = details_object ("status", vigil_review_status_to_string (status),
                            "previous_status", previous, "notes", notes,
                            "display_name", display_name (self, who), NULL);
  if (!vigil_store_append_event_at (self, now, who, "review", target, details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the review"));
  vigil_store_rollback (self);
  return FALSE;
}

/**
 * vigil_store_record_outcome:
 * @outcome_date: (nullable): when the outcome was known; now when %NULL
 * @actor: (nullable): who records it; the user's login name when %NULL
 *
 * Records what actually happened after a decision (a default, a price move), for later
 * accuracy checks.
 */
gboolean
vigil_store_record_outcome (VigilStore  *self,
                            gint64       decision_id,
                            const char  *value,
                            const char  *outcome_date,
                            const char  *actor,
                            GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_record_outcome_in_transaction (self, decision_id, value, outcome_date, actor,
                                                  error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/* vigil_store_record_outcome() inside a write transaction the caller holds (a follower
 * recording an outcome line in the transaction that saves its offset); on failure the caller
 * rolls back. */
gboolean
vigil_store_record_outcome_in_transaction (VigilStore  *self,
                                           gint64       decision_id,
                                           const char  *value,
                                           const char  *outcome_date,
                                           const char  *actor,
                                           GError     **error)
{
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autoptr(VigilSqlStmt) before = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  g_autofree char *model_name = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *prediction = NULL;
  g_autofree char *old_outcome = NULL;
  g_autofree char *old_date = NULL;
  char date[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL) ||
      strlen (value) > VIGIL_MAX_PREDICTION_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("An outcome needs a value: UTF-8 text of at most %d bytes"),
                   VIGIL_MAX_PREDICTION_LEN);
      return FALSE;
    }
  if (outcome_date != NULL)
    {
      if (!vigil_timestamp_normalize (outcome_date, date, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (date);
  if (actor == NULL)
    actor = g_get_user_name ();

  /* The outcome it had, which daily_outcomes counts until now */
  if (vigil_sql_prepare (self->db,
                         "SELECT model_name, timestamp, prediction, actual_outcome, outcome_date "
                         "FROM decisions WHERE id = ?", &before) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (before, 1, decision_id);
  rc = vigil_sql_step (before);
  if (rc == VIGIL_SQL_DONE)
    {
      set_not_found (self, FALSE, decision_id, error);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  model_name = vigil_sql_column_dup (before, 0);
  timestamp = vigil_sql_column_dup (before, 1);
  prediction = vigil_sql_column_dup (before, 2);
  old_outcome = vigil_sql_column_dup (before, 3);
  old_date = vigil_sql_column_dup (before, 4);
  g_clear_pointer (&before, vigil_sql_finalize);

  if (vigil_sql_prepare (self->db,
                         "UPDATE decisions SET actual_outcome = ?, outcome_date = ? WHERE id = ?",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, value, -1);
  vigil_sql_bind_text (update, 2, date, -1);
  vigil_sql_bind_int64 (update, 3, decision_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;
  if (vigil_sql_changes (self->db) == 0)
    {
      set_not_found (self, FALSE, decision_id, error);
      return FALSE;
    }
  if (model_name != NULL && timestamp != NULL && prediction != NULL &&
      !vigil_store_outcomes_rollup_move (self, model_name, timestamp, prediction, old_outcome,
                                         old_date, value, date))
    goto fail;

  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  details = details_object ("value", value, "outcome_date", date,
                            "display_name", display_name (self, actor), NULL);
  return vigil_store_append_event (self, actor, "outcome", target, details, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the outcome"));
  return FALSE;
}

/* The ids of @model_name's decisions stamped @timestamp (normalized), at most @max of them:
 * how a spool's outcome line names the decision its writer logged. Returns how many were
 * found, or -1 with @error. */
int
vigil_store_find_decisions_at (VigilStore  *self,
                               const char  *model_name,
                               const char  *timestamp,
                               gint64      *ids,
                               int          max,
                               GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int n = 0, rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);

  if (vigil_sql_prepare (self->db,
                         "SELECT id FROM decisions WHERE model_name = ? AND timestamp = ? "
                         "ORDER BY id LIMIT ?",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, timestamp, -1);
  vigil_sql_bind_int64 (stmt, 3, max);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    ids[n++] = vigil_sql_column_int64 (stmt, 0);
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return n;

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the outcome"));
  return -1;
}

/**
 * vigil_store_find_event_id:
 * @model_name: the model that logged the decision
 * @event_id: the key its sender gave the decision
 * @out_id: (out): the decision's id, 0 when @model_name logged none with @event_id
 *
 * How a bank's systems name a decision when they send its outcome later, and how an import
 * tells a decision sent twice.
 *
 * Returns: %FALSE with @error when the database cannot be read
 */
gboolean
vigil_store_find_event_id (VigilStore  *self,
                           const char  *model_name,
                           const char  *event_id,
                           gint64      *out_id,
                           GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && event_id != NULL, FALSE);

  *out_id = 0;
  if (vigil_sql_prepare (self->db,
                         "SELECT id FROM decisions WHERE model_name = ? AND event_id = ?",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, event_id, -1);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    *out_id = vigil_sql_column_int64 (stmt, 0);
  else if (rc != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not look up a decision by its event id"));
  return FALSE;
}


/* The detection policy --------------------------------------------------------------------- */

/**
 * vigil_store_get_policy:
 *
 * The detection policy in force in this database, as the app, vigilctl detect and the reports
 * use it: the one last stored with vigil_store_set_policy(), else the notebook's defaults.
 *
 * Returns: (transfer full): the policy, or %NULL with @error set if it cannot be read
 */
VigilPolicy *
vigil_store_get_policy (VigilStore  *self,
                        GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  VigilPolicy *policy;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT value FROM meta WHERE key = 'policy'",
                                   &stmt) != VIGIL_SQL_OK)
    goto fail;
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_DONE || (rc == VIGIL_SQL_ROW && vigil_sql_column_type (stmt, 0) == VIGIL_SQL_NULL))
    return vigil_policy_new ();
  if (rc != VIGIL_SQL_ROW)
    goto fail;

  policy = vigil_policy_new_from_data (vigil_sql_column_text (stmt, 0),
                                       _("the database’s policy"), &local_error);
  if (policy == NULL)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                 _("The detection policy stored in “%s” cannot be read: %s"), self->path,
                 local_error->message);
  return policy;

fail:
  vigil_store_set_sql_error (self, error, _("Could not read the detection policy"));
  return NULL;
}

/**
 * vigil_store_set_policy:
 * @who: the person who changes the policy
 *
 * Stores @policy as the one in force, with an events row (action “policy”, target “policy”)
 * whose details hold the new policy's text and its SHA-256, in one transaction. Storing the
 * policy already in force changes nothing and records nothing.
 */
gboolean
vigil_store_set_policy (VigilStore   *self,
                        VigilPolicy  *policy,
                        const char   *who,
                        GError      **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  char digest[65];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_POLICY (policy), FALSE);

  if (!check_person (self, who, _("Changing the detection policy"), error))
    return FALSE;
  text = vigil_policy_to_data (policy);
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db, "SELECT value FROM meta WHERE key = 'policy'",
                                   &select) != VIGIL_SQL_OK)
    goto fail;
  rc = vigil_sql_step (select);
  if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
    goto fail;
  if (rc == VIGIL_SQL_ROW && g_strcmp0 (vigil_sql_column_text (select, 0), text) == 0)
    {
      vigil_store_rollback (self);
      return TRUE;
    }

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO meta (key, value) VALUES ('policy', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, text, -1);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  vigil_sha256_hex (text, strlen (text), digest);
  details = details_object ("sha256", digest, "policy", text,
                            "display_name", display_name (self, who), NULL);
  if (!vigil_store_append_event (self, who, "policy", "policy", details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not store the detection policy"));
  vigil_store_rollback (self);
  return FALSE;
}
