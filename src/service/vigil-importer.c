/* vigil-importer.c: JSON Lines import of decisions, streaming and validated
 *
 * The calling thread reads and checks lines (vigil-json-parser.c); a writer thread appends each
 * full batch to the ledger, several batches to a transaction. Batches are recycled through two
 * queues, so memory stays constant whatever the file's size, and a crash leaves only whole
 * batches behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-importer"

#include "config.h"

#include <inttypes.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vigil-importer.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-store-private.h"

#define DEFAULT_BATCH_SIZE 4096
#define N_BATCHES          3
#define READ_CHUNK         (256 * 1024)

struct _VigilImporter
{
  GObject               parent_instance;
  VigilStore           *store;
  char                 *quarantine_path;
  char                 *actor;
  guint                 batch_size;
  VigilImportProgress   progress;
  gpointer              progress_data;
  VigilImportRejection  rejection;
  gpointer              rejection_data;

  /* Following a growing file (vigil_importer_set_follow()) */
  VigilImportCommitFunc commit_func;
  gpointer              commit_data;
  gint64                start_offset;
  gint64                start_line;

  gint64                lines;
  gint64                imported;
  gint64                rejected;
  gint64                first_id;
  gint64                last_id;
};

G_DEFINE_FINAL_TYPE (VigilImporter, vigil_importer, G_TYPE_OBJECT)

typedef struct
{
  VigilRecord  *records;
  guint         n;
  GStringChunk *strings;
  gboolean      last;
  gint64        end_offset;
  gint64        end_line;
  VigilRollupTally *tally;  /* the records' daily roll-ups, tallied by the reader */
} Batch;

typedef struct
{
  VigilImporter *importer;
  GAsyncQueue   *full;
  GAsyncQueue   *free;
  GError        *error;
  gint           failed;
  gssize         committed;
  gint64         first_id;
  gint64         last_id;
  gint64         hook_offset;
} Pipeline;

/* Lines of a stream without holding more than one line and one read in memory. */
typedef struct
{
  GInputStream *stream;
  char         *buf;
  gsize         start;
  gsize         end;
  gsize         capacity;
  gboolean      eof;
  gint64        consumed;
  gboolean      complete_only;
} LineReader;

static void
vigil_importer_finalize (GObject *object)
{
  VigilImporter *self = (VigilImporter *) object;

  g_clear_object (&self->store);
  g_free (self->quarantine_path);
  g_free (self->actor);

  G_OBJECT_CLASS (vigil_importer_parent_class)->finalize (object);
}

static void
vigil_importer_class_init (VigilImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_importer_finalize;
}

static void
vigil_importer_init (VigilImporter *self)
{
  self->batch_size = DEFAULT_BATCH_SIZE;
}

VigilImporter *
vigil_importer_new (VigilStore *store)
{
  VigilImporter *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  self = g_object_new (VIGIL_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * vigil_importer_set_quarantine_path:
 * @path: (nullable): where rejected lines are written, verbatim; not written when %NULL
 */
void
vigil_importer_set_quarantine_path (VigilImporter *self,
                                    const char    *path)
{
  g_free (self->quarantine_path);
  self->quarantine_path = g_strdup (path);
}

void
vigil_importer_set_batch_size (VigilImporter *self,
                               guint          batch_size)
{
  self->batch_size = CLAMP (batch_size, 1, 1000000);
}

/**
 * vigil_importer_set_actor:
 *
 * Who the import event is recorded for; the login name by default.
 */
void
vigil_importer_set_actor (VigilImporter *self,
                          const char    *actor)
{
  g_free (self->actor);
  self->actor = g_strdup (actor);
}

void
vigil_importer_set_progress_func (VigilImporter       *self,
                                  VigilImportProgress  func,
                                  gpointer             user_data)
{
  self->progress = func;
  self->progress_data = user_data;
}

void
vigil_importer_set_rejection_func (VigilImporter        *self,
                                   VigilImportRejection  func,
                                   gpointer              user_data)
{
  self->rejection = func;
  self->rejection_data = user_data;
}

gint64
vigil_importer_get_imported (VigilImporter *self)
{
  return self->imported;
}

gint64
vigil_importer_get_rejected (VigilImporter *self)
{
  return self->rejected;
}

gint64
vigil_importer_get_lines (VigilImporter *self)
{
  return self->lines;
}

gint64
vigil_importer_get_first_id (VigilImporter *self)
{
  return self->first_id;
}

gint64
vigil_importer_get_last_id (VigilImporter *self)
{
  return self->last_id;
}

const char *
vigil_importer_get_quarantine_path (VigilImporter *self)
{
  return self->quarantine_path;
}

static Batch *
batch_new (guint size)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->records = g_new0 (VigilRecord, size);
  batch->strings = g_string_chunk_new (64 * 1024);
  batch->tally = vigil_rollup_tally_new ();
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_free (batch->records);
  g_string_chunk_free (batch->strings);
  vigil_rollup_tally_free (batch->tally);
  g_free (batch);
}

static const char *
intern_into_batch (gpointer    data,
                   const char *str)
{
  return g_string_chunk_insert (((Batch *) data)->strings, str);
}

/* One transaction spans several batches, up to TX_MAX_ROWS rows or TX_MAX_USEC: each COMMIT
 * writes every index page its rows touched to the WAL, and decisions out of time order touch
 * most of them, so fewer, larger transactions write several times less. */
#define TX_MAX_ROWS 262144
#define TX_MAX_USEC G_USEC_PER_SEC

static gpointer
writer_thread (gpointer data)
{
  Pipeline *p = data;
  VigilStore *store = p->importer->store;
  gboolean in_tx = FALSE;
  gint64 tx_start = 0, tx_first = 0, tx_last = 0;
  gint64 tx_end_offset = 0, tx_end_line = 0;
  gssize tx_rows = 0;
  VigilImportCommitFunc commit_func = p->importer->commit_func;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (p->full);
      gboolean last = batch->last;

      /* A following import also commits a batch of only rejected or blank lines, to move its
       * offset past them. */
      if ((batch->n > 0 || (commit_func != NULL && batch->end_offset > p->hook_offset)) &&
          !g_atomic_int_get (&p->failed))
        {
          GError *error = NULL;
          gboolean ok = TRUE;

          if (!in_tx)
            {
              ok = vigil_store_begin_write (store, &error);
              if (ok)
                {
                  in_tx = TRUE;
                  tx_start = g_get_monotonic_time ();
                  tx_rows = 0;
                  tx_first = 0;
                }
            }
          if (ok && batch->n > 0)
            ok = vigil_store_append_tallied_records (store, batch->records, batch->n, batch->tally,
                                                     &error);
          if (ok && batch->n > 0)
            {
              if (tx_first == 0)
                tx_first = batch->records[0].id;
              tx_last = batch->records[batch->n - 1].id;
              tx_rows += (gssize) batch->n;
            }
          if (ok)
            {
              tx_end_offset = batch->end_offset;
              tx_end_line = batch->end_line;
            }
          else
            {
              vigil_store_rollback (store);
              in_tx = FALSE;
              p->error = error;
              g_atomic_int_set (&p->failed, 1);
            }
        }

      /* Commit at the end, when the transaction is big or old enough, and before waiting for
       * a reader that has nothing ready (a slow pipe), so the write lock is never held idle. */
      if (in_tx && (last || tx_rows >= TX_MAX_ROWS ||
                    g_get_monotonic_time () - tx_start >= TX_MAX_USEC ||
                    g_async_queue_length (p->full) <= 0))
        {
          GError *error = NULL;

          if (commit_func != NULL &&
              !commit_func (store, tx_end_offset, tx_end_line, p->importer->commit_data, &error))
            {
              vigil_store_rollback (store);
              p->error = error;
              g_atomic_int_set (&p->failed, 1);
            }
          else if (!vigil_store_commit (store, &error))
            {
              p->error = error;
              g_atomic_int_set (&p->failed, 1);
            }
          else
            {
              p->hook_offset = tx_end_offset;
              if (p->first_id == 0)
                p->first_id = tx_first;
              p->last_id = tx_last;
              g_atomic_pointer_add (&p->committed, tx_rows);
            }
          in_tx = FALSE;
        }

      batch->n = 0;
      batch->last = FALSE;
      g_string_chunk_clear (batch->strings);
      vigil_rollup_tally_clear (batch->tally);
      g_async_queue_push (p->free, batch);
      if (last)
        break;
    }
  return NULL;
}

static gssize
reader_fill (LineReader    *r,
             GCancellable  *cancellable,
             GError       **error)
{
  gssize n;

  if (r->start > 0)
    {
      memmove (r->buf, r->buf + r->start, r->end - r->start);
      r->end -= r->start;
      r->start = 0;
    }
  if (r->end + READ_CHUNK > r->capacity)
    {
      r->capacity = r->end + READ_CHUNK;
      r->buf = g_realloc (r->buf, r->capacity);
    }
  n = g_input_stream_read (r->stream, r->buf + r->end, READ_CHUNK, cancellable, error);
  if (n < 0)
    return -1;
  if (n == 0)
    r->eof = TRUE;
  r->end += (gsize) n;
  return n;
}

typedef enum
{
  LINE_OK,
  LINE_TOO_LONG,
  LINE_EOF,
  LINE_ERROR,
} LineStatus;

/* Returns the next line without its end of line, NUL-terminated in place. A line over the
 * limit is passed to @overflow piece by piece and skipped. */
static LineStatus
reader_next (LineReader    *r,
             char         **out_line,
             gsize         *out_len,
             GOutputStream *overflow,
             GCancellable  *cancellable,
             GError       **error)
{
  gboolean too_long = FALSE;

  for (;;)
    {
      char *nl = r->end > r->start ? memchr (r->buf + r->start, '\n', r->end - r->start) : NULL;

      /* A following reader leaves an unterminated last line for later: it is being written. */
      if (nl != NULL || (r->eof && r->end > r->start && !r->complete_only))
        {
          gsize len = nl ? (gsize) (nl - (r->buf + r->start)) : r->end - r->start;
          char *line = r->buf + r->start;

          r->start += len + (nl ? 1 : 0);
          r->consumed += (gint64) (len + (nl ? 1 : 0));
          if (too_long)
            {
              if (overflow)
                {
                  g_output_stream_write_all (overflow, line, len, NULL, NULL, NULL);
                  g_output_stream_write_all (overflow, "\n", 1, NULL, NULL, NULL);
                }
              return LINE_TOO_LONG;
            }
          if (len > VIGIL_IMPORT_MAX_LINE)
            {
              if (overflow)
                {
                  g_output_stream_write_all (overflow, line, len, NULL, NULL, NULL);
                  g_output_stream_write_all (overflow, "\n", 1, NULL, NULL, NULL);
                }
              return LINE_TOO_LONG;
            }
          if (len > 0 && line[len - 1] == '\r')
            len--;
          line[len] = '\0';
          *out_line = line;
          *out_len = len;
          return LINE_OK;
        }

      if (r->eof)
        return too_long ? LINE_TOO_LONG : LINE_EOF;

      if (r->end - r->start > VIGIL_IMPORT_MAX_LINE)
        {
          /* Hand the long line's head to the quarantine and forget it. */
          if (overflow)
            g_output_stream_write_all (overflow, r->buf + r->start, r->end - r->start, NULL,
                                       NULL, NULL);
          r->consumed += (gint64) (r->end - r->start);
          r->start = r->end;
          too_long = TRUE;
        }

      if (reader_fill (r, cancellable, error) < 0)
        return LINE_ERROR;
    }
}

static gboolean
is_blank_line (const char *line,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* Why @line is not a line of UTF-8 text, naming the column of the first bad byte. */
static char *
why_not_text (const char *line,
              gsize       len)
{
  const char *bad = line;

  g_utf8_validate (line, (gssize) len, &bad);
  if (*bad == '\0')
    return g_strdup_printf ("a NUL byte at column %zu: a line of text holds none",
                            (gsize) (bad - line) + 1);
  return g_strdup_printf ("not valid UTF-8: byte 0x%02X at column %zu", (guchar) *bad,
                          (gsize) (bad - line) + 1);
}

/* Most places a whole decision is looked for after a torn line's head */
#define TORN_TRIES 64

/* A writer that dies mid-line leaves a line without its end; the next writer's line then
 * follows it on the same line. Finds, past the "{" that starts @line, the first "{" from which
 * the rest of the line is one valid decision: parsed into @record, its column minus one is
 * returned. 0 when there is none. */
static gsize
split_torn_line (const char  *line,
                 gsize        len,
                 VigilRecord *record,
                 Batch       *batch,
                 GString     *scratch)
{
  guint tries = 0;

  /* A writer's line starts as an object does */
  if (len == 0 || line[0] != '{')
    return 0;
  for (gsize i = 1; i + 1 < len && tries < TORN_TRIES; i++)
    {
      g_autofree char *reason = NULL;

      if (line[i] != '{' || line[i + 1] != '"')
        continue;
      tries++;
      if (vigil_json_parse_decision (line + i, len - i, record, intern_into_batch, batch,
                                     scratch, &reason))
        return i;
    }
  return 0;
}

typedef struct
{
  VigilImporter  *self;
  const char     *source;
  GFileOutputStream *quarantine;
} Rejects;

static void
reject (Rejects    *rj,
        gint64      line_no,
        const char *reason,
        const char *line,
        gsize       len)
{
  VigilImporter *self = rj->self;

  self->rejected++;
  if (self->rejection)
    self->rejection (rj->source, line_no, reason, self->rejection_data);

  if (line != NULL && rj->quarantine != NULL)
    {
      GOutputStream *out = G_OUTPUT_STREAM (rj->quarantine);

      g_output_stream_write_all (out, line, len, NULL, NULL, NULL);
      g_output_stream_write_all (out, "\n", 1, NULL, NULL, NULL);
    }
}

static gboolean
open_quarantine (VigilImporter  *self,
                 Rejects        *rj,
                 GError        **error)
{
  g_autoptr(GFile) file = NULL;

  if (self->quarantine_path == NULL)
    return TRUE;
  file = g_file_new_for_path (self->quarantine_path);
  if (self->commit_func != NULL)
    rj->quarantine = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  else
    rj->quarantine = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (rj->quarantine == NULL)
    {
      g_prefix_error (error, _("Could not create the quarantine file “%s”: "),
                      self->quarantine_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_importer_import_stream:
 * @source_name: how rejected lines are located in messages ("file.jsonl:12")
 * @size: the stream's size in bytes, or -1 when unknown
 *
 * Imports one decision per line. Lines that are not valid decisions are reported, written to
 * the quarantine file, and skipped; the valid ones are logged in batches. Blank lines are
 * skipped. An import event records the outcome.
 *
 * Returns: %FALSE with @error only when the import could not go on (the database failed, the
 *   source could not be read, or @cancellable fired); the batches committed before stay.
 */
gboolean
vigil_importer_import_stream (VigilImporter  *self,
                              GInputStream   *stream,
                              const char     *source_name,
                              gint64          size,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  g_autoptr(GString) tail = g_string_sized_new (1024);
  g_autoptr(GError) local_error = NULL;
  LineReader reader = { 0 };
  Rejects rj = { 0 };
  Pipeline p = { 0 };
  GThread *writer;
  Batch *batch;
  gboolean ok = TRUE;
  gint64 last_progress = 0;

  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  self->lines = self->imported = self->rejected = 0;
  self->first_id = self->last_id = 0;
  rj.self = self;
  rj.source = source_name;

  if (vigil_store_is_read_only (self->store))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” is open read-only; nothing can be imported into it"),
                   vigil_store_get_path (self->store));
      return FALSE;
    }
  if (!open_quarantine (self, &rj, error))
    return FALSE;

  p.importer = self;
  p.hook_offset = self->start_offset;
  p.full = g_async_queue_new ();
  p.free = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (p.free, batch_new (self->batch_size));
  writer = g_thread_new ("vigil-import-writer", writer_thread, &p);

  reader.stream = stream;
  reader.complete_only = self->commit_func != NULL;
  batch = g_async_queue_pop (p.free);

  for (;;)
    {
      char *line = NULL;
      gsize len = 0;
      LineStatus status;
      g_autofree char *reason = NULL;

      if (g_atomic_int_get (&p.failed))
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          ok = FALSE;
          break;
        }

      status = reader_next (&reader, &line, &len, rj.quarantine ? G_OUTPUT_STREAM (rj.quarantine) : NULL,
                            cancellable, &local_error);
      if (status == LINE_EOF)
        break;
      if (status == LINE_ERROR)
        {
          g_prefix_error (&local_error, _("Could not read %s: "), source_name);
          ok = FALSE;
          break;
        }

      self->lines++;
      if (status == LINE_TOO_LONG)
        {
          g_autofree char *why = g_strdup_printf ("line is longer than %d bytes",
                                                  VIGIL_IMPORT_MAX_LINE);
          reject (&rj, self->start_line + self->lines, why, NULL, 0);
          continue;
        }
      /* A byte-order mark is allowed at the start of the file, and skipped. */
      if (self->start_offset == 0 && self->lines == 1 && len >= 3 &&
          memcmp (line, "\xEF\xBB\xBF", 3) == 0)
        {
          line += 3;
          len -= 3;
        }
      if (is_blank_line (line, len))
        continue;

      if (!g_utf8_validate (line, (gssize) len, NULL))
        {
          g_autofree char *why = why_not_text (line, len);

          reject (&rj, self->start_line + self->lines, why, line, len);
          continue;
        }
      if (!vigil_json_parse_decision (line, len, &batch->records[batch->n], intern_into_batch,
                                      batch, scratch, &reason))
        {
          gsize torn = split_torn_line (line, len, &batch->records[batch->n], batch, scratch);
          g_autofree char *why = NULL;

          if (torn == 0)
            {
              reject (&rj, self->start_line + self->lines, reason, line, len);
              continue;
            }
          /* Only the torn head goes to the quarantine; the whole decision after it is kept. */
          why = g_strdup_printf ("a torn line: its first %zu bytes are the start of a line a "
                                 "writer left unfinished; the whole decision after them, from "
                                 "column %zu, was kept", torn, torn + 1);
          reject (&rj, self->start_line + self->lines, why, line, torn);
        }
      {
        VigilRecord *r = &batch->records[batch->n];

        g_string_truncate (tail, 0);
        vigil_ledger_decision_tail (tail, r);
        r->ledger_tail = g_string_chunk_insert_len (batch->strings, tail->str, (gssize) tail->len);
        r->ledger_tail_len = tail->len;
        vigil_rollup_tally_add (batch->tally, r);
      }

      if (++batch->n == self->batch_size)
        {
          batch->end_offset = self->start_offset + reader.consumed;
          batch->end_line = self->start_line + self->lines;
          g_async_queue_push (p.full, batch);
          batch = g_async_queue_pop (p.free);

          if (self->progress && reader.consumed - last_progress > 1024 * 1024)
            {
              last_progress = reader.consumed;
              self->progress (reader.consumed, size, (gint64) g_atomic_pointer_get (&p.committed),
                              self->rejected,
                              self->progress_data);
            }
        }
    }

  /* On cancellation or a read error, what was read and checked is still committed. */
  batch->last = TRUE;
  batch->end_offset = self->start_offset + reader.consumed;
  batch->end_line = self->start_line + self->lines;
  g_async_queue_push (p.full, batch);
  g_thread_join (writer);

  while ((batch = g_async_queue_try_pop (p.free)) != NULL)
    batch_free (batch);
  g_async_queue_unref (p.full);
  g_async_queue_unref (p.free);
  g_free (reader.buf);

  self->imported = (gint64) p.committed;
  self->first_id = p.first_id;
  self->last_id = p.last_id;

  if (rj.quarantine != NULL)
    {
      g_output_stream_close (G_OUTPUT_STREAM (rj.quarantine), NULL, NULL);
      g_clear_object (&rj.quarantine);
      if (self->rejected == 0)
        {
          GStatBuf st;

          /* A following import appends: only a quarantine it created and left empty goes. */
          if (self->commit_func == NULL ||
              (g_stat (self->quarantine_path, &st) == 0 && st.st_size == 0))
            g_unlink (self->quarantine_path);
        }
    }

  if (self->progress)
    self->progress (reader.consumed, size, self->imported, self->rejected, self->progress_data);

  if (p.error != NULL)
    {
      g_propagate_prefixed_error (error, p.error,
                                  _("The import stopped after %" PRId64 " decisions: "),
                                  self->imported);
      ok = FALSE;
    }
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  /* A following import is recorded by its caller, once, not at every new line. */
  if ((self->imported > 0 || self->rejected > 0) && self->commit_func == NULL)
    {
      g_autoptr(GString) details = g_string_new ("{\"source\":");
      g_autoptr(GError) event_error = NULL;

      vigil_json_write_string (details, source_name);
      g_string_append_printf (details,
                              ",\"imported\":%" PRId64 ",\"rejected\":%" PRId64
                              ",\"first_id\":%" PRId64 ",\"last_id\":%" PRId64
                              ",\"complete\":%s}",
                              self->imported, self->rejected, self->first_id, self->last_id,
                              ok ? "true" : "false");
      if (!vigil_store_record_event (self->store, self->actor ? self->actor : g_get_user_name (),
                                     "import", source_name, details->str, &event_error))
        g_warning ("Could not record the import event: %s", event_error->message);
    }

  return ok;
}

/**
 * vigil_importer_set_follow:
 * @start_offset: the byte offset in the source where the stream given to the import starts
 * @start_line: the number of lines before @start_offset
 * @func: (nullable): called inside each transaction with the offset reached; %NULL for a
 *   plain import
 *
 * Makes the next imports follow a file that is still growing: an unterminated last line is
 * left unread (it is being written), line numbers and offsets count from @start_offset, the
 * quarantine file is appended to, and @func records the offset reached in the same
 * transaction as the rows, so that a restart resumes exactly there. A batch holding only
 * rejected or blank lines is committed too, to move the offset past them. No import event is
 * recorded: the caller records what it followed.
 */
void
vigil_importer_set_follow (VigilImporter         *self,
                           gint64                 start_offset,
                           gint64                 start_line,
                           VigilImportCommitFunc  func,
                           gpointer               user_data)
{
  g_return_if_fail (VIGIL_IS_IMPORTER (self));
  g_return_if_fail (start_offset >= 0 && start_line >= 0);

  self->start_offset = start_offset;
  self->start_line = start_line;
  self->commit_func = func;
  self->commit_data = user_data;
}

/**
 * vigil_importer_import_file:
 * @path: a JSON Lines file, or "-" for standard input
 */
gboolean
vigil_importer_import_file (VigilImporter  *self,
                            const char     *path,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  gint64 size = -1;

  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), FALSE);

  if (g_strcmp0 (path, "-") == 0)
    stream = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = NULL;

      stream = G_INPUT_STREAM (g_file_read (file, cancellable, error));
      if (stream == NULL)
        {
          g_prefix_error (error, _("Could not open %s: "), path);
          return FALSE;
        }
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                NULL, NULL);
      if (info != NULL)
        size = g_file_info_get_size (info);
    }

  return vigil_importer_import_stream (self, stream, path, size, cancellable, error);
}
