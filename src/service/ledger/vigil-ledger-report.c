/* vigil-ledger-report.c: the outcome of replaying the ledger
 *
 * The head of a database is one token, "H@D.A.E": H is the SHA-256 hex of the three chains'
 * heads (decisions, alerts, events, 64 hex characters each, concatenated), and D, A, E are the
 * ids of the rows those heads belong to. The ids let a later verification find the same point
 * in chains that have grown since, so a sealed head can be checked as a prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-ledger-report"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vigil-ledger-report.h"

#define N_TABLES 3

struct _VigilLedgerReport
{
  gatomicrefcount ref_count;
  char   *tables[N_TABLES];
  gint64  records[N_TABLES];
  gint64  last_id[N_TABLES];
  char   *heads[N_TABLES];
  char   *head;
  char   *broken_table;
  gint64  broken_id;
  char   *reason;
  gint64  rehashed;
  gint64  format1_records;   /* sealed under ledger format 1 */
  /* Set when only the records after a checkpoint were rehashed */
  gint64  checkpoint_event;
  char   *checkpoint_time;
  char   *checkpoint_actor;
  gint64  checkpoint_records;
  /* What a full verification checked besides the chains */
  guint      n_sealed_heads;
  guint      n_checkpoints;
  char      *expected_head;
  gboolean   schema_checked;
  GPtrArray *schema_problems;   /* the texts, in the order found */
  gint64     legacy_records;
  char      *witness_path;
  guint      n_witness_heads;
  guint      n_witness_signed;
  char      *witness_lines;
  /* The caches (acknowledgement, review, outcome and flag columns, raised_at, the daily
   * roll-ups, the model list) recomputed from the chained facts */
  gboolean   caches_checked;
  gint64     n_cache_differences;
  GPtrArray *cache_differences; /* the first VIGIL_LEDGER_REPORT_MAX_NAMED of them */
  char      *damage;            /* what quick_check found, when the file is damaged */
  char      *unrecorded;        /* why an intact result could not be recorded */
};

G_DEFINE_BOXED_TYPE (VigilLedgerReport, vigil_ledger_report,
                     vigil_ledger_report_ref, vigil_ledger_report_unref)

VigilLedgerReport *
vigil_ledger_report_new (void)
{
  VigilLedgerReport *self = g_new0 (VigilLedgerReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

VigilLedgerReport *
vigil_ledger_report_ref (VigilLedgerReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_ledger_report_unref (VigilLedgerReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < N_TABLES; i++)
    {
      g_free (self->tables[i]);
      g_free (self->heads[i]);
    }
  g_free (self->head);
  g_free (self->broken_table);
  g_free (self->reason);
  g_free (self->checkpoint_time);
  g_free (self->checkpoint_actor);
  g_free (self->witness_path);
  g_free (self->witness_lines);
  g_free (self->expected_head);
  g_free (self->damage);
  g_free (self->unrecorded);
  g_clear_pointer (&self->schema_problems, g_ptr_array_unref);
  g_clear_pointer (&self->cache_differences, g_ptr_array_unref);
  g_free (self);
}

void
vigil_ledger_report_set_table (VigilLedgerReport *self,
                               guint              index,
                               const char        *table,
                               gint64             records,
                               gint64             last_id,
                               const char        *head)
{
  g_return_if_fail (index < N_TABLES);

  g_free (self->tables[index]);
  self->tables[index] = g_strdup (table);
  self->records[index] = records;
  self->last_id[index] = last_id;
  g_free (self->heads[index]);
  self->heads[index] = g_strdup (head);
}

void
vigil_ledger_report_set_broken (VigilLedgerReport *self,
                                const char        *table,
                                gint64             id,
                                const char        *reason)
{
  g_free (self->broken_table);
  self->broken_table = g_strdup (table);
  self->broken_id = id;
  g_free (self->reason);
  self->reason = g_strdup (reason);
}

void
vigil_ledger_report_seal (VigilLedgerReport *self)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < N_TABLES; i++)
    g_checksum_update (sum, (const guchar *) self->heads[i], -1);

  g_free (self->head);
  self->head = g_strdup_printf ("%s@%" PRId64 ".%" PRId64 ".%" PRId64,
                                g_checksum_get_string (sum), self->last_id[0], self->last_id[1],
                                self->last_id[2]);
}

void
vigil_ledger_report_set_rehashed (VigilLedgerReport *self,
                                  gint64             rehashed)
{
  self->rehashed = rehashed;
}

void
vigil_ledger_report_set_format1_records (VigilLedgerReport *self,
                                        gint64             records)
{
  self->format1_records = records;
}

/**
 * vigil_ledger_report_get_format1_records:
 *
 * Returns: how many of the records verified were sealed under ledger format 1, which wrote a
 *   REAL negative zero as "-0" (SQLite reads it back as 0); they are intact
 */
gint64
vigil_ledger_report_get_format1_records (VigilLedgerReport *self)
{
  return self->format1_records;
}

void
vigil_ledger_report_set_checkpoint (VigilLedgerReport *self,
                                    gint64             event_id,
                                    const char        *time,
                                    const char        *actor,
                                    gint64             records)
{
  self->checkpoint_event = event_id;
  g_free (self->checkpoint_time);
  self->checkpoint_time = g_strdup (time);
  g_free (self->checkpoint_actor);
  self->checkpoint_actor = g_strdup (actor);
  self->checkpoint_records = records;
}

void
vigil_ledger_report_set_prefixes (VigilLedgerReport *self,
                                  guint              n_sealed_heads,
                                  guint              n_checkpoints,
                                  const char        *expected_head)
{
  self->n_sealed_heads = n_sealed_heads;
  self->n_checkpoints = n_checkpoints;
  g_free (self->expected_head);
  self->expected_head = g_strdup (expected_head);
}

void
vigil_ledger_report_set_schema_checked (VigilLedgerReport *self)
{
  self->schema_checked = TRUE;
}

void
vigil_ledger_report_set_legacy_records (VigilLedgerReport *self,
                                        gint64             records)
{
  self->legacy_records = records;
}

gint64
vigil_ledger_report_get_legacy_records (VigilLedgerReport *self)
{
  return self->legacy_records;
}

void
vigil_ledger_report_set_witness (VigilLedgerReport *self,
                                 const char        *path,
                                 guint              n_heads,
                                 guint              n_signed,
                                 const char        *lines)
{
  g_free (self->witness_path);
  self->witness_path = g_strdup (path);
  self->n_witness_heads = n_heads;
  self->n_witness_signed = n_signed;
  g_free (self->witness_lines);
  self->witness_lines = g_strdup (lines);
}

const char *
vigil_ledger_report_get_witness_path (VigilLedgerReport *self)
{
  return self->witness_path;
}

guint
vigil_ledger_report_get_n_witness_heads (VigilLedgerReport *self)
{
  return self->n_witness_heads;
}

guint
vigil_ledger_report_get_n_witness_signed (VigilLedgerReport *self)
{
  return self->n_witness_signed;
}

const char *
vigil_ledger_report_get_witness_lines (VigilLedgerReport *self)
{
  return self->witness_lines;
}

/* A problem with the schema that guards @table: a missing or altered trigger, a table or view
 * that shadows it. The first row that breaks, if any, stays the reason; the problems are named
 * after it. */
void
vigil_ledger_report_add_schema_problem (VigilLedgerReport *self,
                                        const char        *table,
                                        const char        *problem)
{
  if (self->schema_problems == NULL)
    self->schema_problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->schema_problems, g_strdup (problem));
  if (self->reason == NULL)
    vigil_ledger_report_set_broken (self, table, 0, problem);
}

/* A cache that differs from the chained facts it caches: the ledger is then NOT intact, as
 * what a report reads from the cache is not what the chains say. The first difference is the
 * reason when no row breaks; the first VIGIL_LEDGER_REPORT_MAX_NAMED are kept, the rest
 * counted. */
void
vigil_ledger_report_add_cache_difference (VigilLedgerReport *self,
                                          const char        *table,
                                          gint64             id,
                                          const char        *difference)
{
  if (self->cache_differences == NULL)
    self->cache_differences = g_ptr_array_new_with_free_func (g_free);
  self->n_cache_differences++;
  if (self->cache_differences->len < VIGIL_LEDGER_REPORT_MAX_NAMED)
    g_ptr_array_add (self->cache_differences, g_strdup (difference));
  if (self->reason == NULL)
    vigil_ledger_report_set_broken (self, table, id, difference);
}

/* Differences counted without a text (beyond the ones named). */
void
vigil_ledger_report_add_unnamed_cache_differences (VigilLedgerReport *self,
                                                   gint64             n)
{
  self->n_cache_differences += MAX (n, 0);
}

void
vigil_ledger_report_set_caches_checked (VigilLedgerReport *self)
{
  self->caches_checked = TRUE;
}

/* Whether the caches were recomputed from the chained facts (a full verification of intact
 * chains does). */
gboolean
vigil_ledger_report_get_caches_checked (VigilLedgerReport *self)
{
  return self->caches_checked;
}

/* Every difference found, named or not. */
gint64
vigil_ledger_report_get_n_cache_differences (VigilLedgerReport *self)
{
  return self->n_cache_differences;
}

/* The differences kept with their text, at most VIGIL_LEDGER_REPORT_MAX_NAMED. */
guint
vigil_ledger_report_get_n_named_cache_differences (VigilLedgerReport *self)
{
  return self->cache_differences ? self->cache_differences->len : 0;
}

const char *
vigil_ledger_report_get_cache_difference (VigilLedgerReport *self,
                                          guint              index)
{
  g_return_val_if_fail (index < vigil_ledger_report_get_n_named_cache_differences (self), NULL);
  return g_ptr_array_index (self->cache_differences, index);
}

/**
 * vigil_ledger_report_set_damaged:
 * @damage: what PRAGMA quick_check found, as a sentence
 * @readable: (nullable): what could still be read of the chains
 *
 * The file is damaged: that is the reason the ledger is not intact, whatever the chains showed
 * as far as they could be read; a break they showed is kept as a further problem.
 */
void
vigil_ledger_report_set_damaged (VigilLedgerReport *self,
                                 const char        *damage,
                                 const char        *readable)
{
  if (self->schema_problems == NULL)
    self->schema_problems = g_ptr_array_new_with_free_func (g_free);
  if (self->reason != NULL && self->broken_id != 0)
    g_ptr_array_add (self->schema_problems,
                     g_strdup_printf (_("table %s, row %" PRId64 ": %s"), self->broken_table,
                                      self->broken_id, self->reason));
  else if (self->reason != NULL &&
           !g_ptr_array_find_with_equal_func (self->schema_problems, self->reason, g_str_equal,
                                              NULL))
    g_ptr_array_add (self->schema_problems, g_strdup (self->reason));
  if (readable != NULL)
    g_ptr_array_add (self->schema_problems, g_strdup (readable));
  g_free (self->damage);
  self->damage = g_strdup (damage);
  vigil_ledger_report_set_broken (self, "database", 0, damage);
}

/* What quick_check found when the file is damaged, else %NULL. */
const char *
vigil_ledger_report_get_damage (VigilLedgerReport *self)
{
  return self->damage;
}

/* Why the intact result was not recorded as a checkpoint; %NULL when it was, or when none was
 * to be recorded. */
void
vigil_ledger_report_set_unrecorded (VigilLedgerReport *self,
                                    const char        *why)
{
  g_free (self->unrecorded);
  self->unrecorded = g_strdup (why);
}

const char *
vigil_ledger_report_get_unrecorded (VigilLedgerReport *self)
{
  return self->unrecorded;
}

guint
vigil_ledger_report_get_n_sealed_heads (VigilLedgerReport *self)
{
  return self->n_sealed_heads;
}

guint
vigil_ledger_report_get_n_checkpoints (VigilLedgerReport *self)
{
  return self->n_checkpoints;
}

/* The head the verification was asked to find as a prefix (--expect-head), or %NULL. */
const char *
vigil_ledger_report_get_expected_head (VigilLedgerReport *self)
{
  return self->expected_head;
}

/* Whether the schema was checked (a full verification does). */
gboolean
vigil_ledger_report_get_schema_checked (VigilLedgerReport *self)
{
  return self->schema_checked;
}

guint
vigil_ledger_report_get_n_schema_problems (VigilLedgerReport *self)
{
  return self->schema_problems ? self->schema_problems->len : 0;
}

const char *
vigil_ledger_report_get_schema_problem (VigilLedgerReport *self,
                                        guint              index)
{
  g_return_val_if_fail (index < vigil_ledger_report_get_n_schema_problems (self), NULL);
  return g_ptr_array_index (self->schema_problems, index);
}

gboolean
vigil_ledger_report_is_intact (VigilLedgerReport *self)
{
  return self->reason == NULL;
}

gint64
vigil_ledger_report_get_records (VigilLedgerReport *self)
{
  return self->records[0] + self->records[1] + self->records[2];
}

static int
table_index (VigilLedgerReport *self,
             const char        *table)
{
  for (guint i = 0; i < N_TABLES; i++)
    if (g_strcmp0 (self->tables[i], table) == 0)
      return (int) i;
  return -1;
}

gint64
vigil_ledger_report_get_table_records (VigilLedgerReport *self,
                                       const char        *table)
{
  int i = table_index (self, table);
  return i < 0 ? 0 : self->records[i];
}

const char *
vigil_ledger_report_get_table_head (VigilLedgerReport *self,
                                    const char        *table)
{
  int i = table_index (self, table);
  return i < 0 ? NULL : self->heads[i];
}

/**
 * vigil_ledger_report_get_head:
 *
 * Returns: the database's head token; when the ledger is broken, the head of the chains as
 *   found (their stored last hashes and ids), which proves nothing but records what was there
 */
const char *
vigil_ledger_report_get_head (VigilLedgerReport *self)
{
  return self->head;
}

gint64
vigil_ledger_report_get_table_last_id (VigilLedgerReport *self,
                                       const char        *table)
{
  int i = table_index (self, table);
  return i < 0 ? 0 : self->last_id[i];
}

/**
 * vigil_ledger_report_is_full:
 *
 * Returns: %TRUE when every record was rehashed; %FALSE when only those after a checkpoint
 *   were, the ones before it having been verified in full when the checkpoint was recorded
 */
gboolean
vigil_ledger_report_is_full (VigilLedgerReport *self)
{
  return self->checkpoint_time == NULL;
}

/* Records rehashed by this verification (all of them when it was full). */
gint64
vigil_ledger_report_get_rehashed (VigilLedgerReport *self)
{
  return self->rehashed;
}

/* When the checkpoint the verification started from was recorded; %NULL when full. */
const char *
vigil_ledger_report_get_checkpoint_time (VigilLedgerReport *self)
{
  return self->checkpoint_time;
}

const char *
vigil_ledger_report_get_checkpoint_actor (VigilLedgerReport *self)
{
  return self->checkpoint_actor;
}

/* Records the checkpoint covered, verified in full when it was recorded. */
gint64
vigil_ledger_report_get_checkpoint_records (VigilLedgerReport *self)
{
  return self->checkpoint_records;
}

/* The id of the checkpoint's ledger_verified event; 0 when full. */
gint64
vigil_ledger_report_get_checkpoint_event (VigilLedgerReport *self)
{
  return self->checkpoint_event;
}

const char *
vigil_ledger_report_get_broken_table (VigilLedgerReport *self)
{
  return self->broken_table;
}

gint64
vigil_ledger_report_get_broken_id (VigilLedgerReport *self)
{
  return self->broken_id;
}

const char *
vigil_ledger_report_get_reason (VigilLedgerReport *self)
{
  return self->reason;
}

char *
vigil_ledger_report_to_string (VigilLedgerReport *self)
{
  if (self->reason == NULL && self->checkpoint_time != NULL)
    return g_strdup_printf (_("intact: %" PRId64 " records, head %s (the %" PRId64 " records "
                              "since the checkpoint of %s rehashed; those before it were "
                              "verified in full then)"),
                            vigil_ledger_report_get_records (self), self->head, self->rehashed,
                            self->checkpoint_time);
  if (self->reason == NULL)
    return g_strdup_printf (_("intact: %" PRId64 " records, head %s"),
                            vigil_ledger_report_get_records (self), self->head);

  {
    GString *out = g_string_new (NULL);

    if (self->damage != NULL)
      g_string_append_printf (out, _("damaged: %s"), self->damage);
    else if (self->n_cache_differences > 0 && self->cache_differences != NULL &&
             strcmp (g_ptr_array_index (self->cache_differences, 0), self->reason) == 0)
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "broken: %" PRId64 " cache differs from the "
                                                "chained facts: %s",
                                                "broken: %" PRId64 " caches differ from the "
                                                "chained facts: %s",
                                                (gulong) MIN (self->n_cache_differences,
                                                              G_MAXINT)),
                              self->n_cache_differences, self->reason);
    else if (self->broken_id > 0)
      g_string_append_printf (out, _("broken: table %s, row %" PRId64 ": %s"),
                              self->broken_table, self->broken_id, self->reason);
    else
      g_string_append_printf (out, _("broken: table %s: %s"), self->broken_table, self->reason);
    for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (self); i++)
      {
        const char *problem = g_ptr_array_index (self->schema_problems, i);

        if (strcmp (problem, self->reason) != 0)
          g_string_append_printf (out, "; %s", problem);
      }
    if (self->head != NULL)
      g_string_append_printf (out, _("; head as found: %s"), self->head);
    for (guint i = 0; i < vigil_ledger_report_get_n_named_cache_differences (self); i++)
      {
        const char *difference = g_ptr_array_index (self->cache_differences, i);

        if (strcmp (difference, self->reason) != 0)
          g_string_append_printf (out, _("\n  also: %s"), difference);
      }
    if (self->n_cache_differences > (gint64) vigil_ledger_report_get_n_named_cache_differences (self))
      {
        gint64 more = self->n_cache_differences -
                      vigil_ledger_report_get_n_named_cache_differences (self);

        g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                  "\n  and %" PRId64 " more cache difference",
                                                  "\n  and %" PRId64 " more cache differences",
                                                  (gulong) MIN (more, G_MAXINT)),
                                more);
      }
    return g_string_free (out, FALSE);
  }
}
