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

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-importer.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-output.h"
#include "vigil-sha256.h"
#include "vigil-store-private.h"

#define DEFAULT_BATCH_SIZE 4096
#define N_BATCHES          3
#define READ_CHUNK         (256 * 1024)
#define HASH_CHUNK         (1024 * 1024)

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

  /* The file being imported, where it has an identity (not a pipe) */
  gboolean              again;
  gboolean              identified;
  guint64               device;
  guint64               inode;
  gint64                size;
  char                  sha256[65];
  gint64                seen_event_id;   /* the content's latest import event when we looked */
  gint64                quarantine_start;  /* the quarantine's recorded size when resuming */

  /* What an earlier import of the same content had done */
  gboolean              already;
  gint64                resumed_after;
  gint64                previous_lines;
  char                 *previous_date;

  gint64                lines;
  gint64                imported;
  gint64                rejected;
  gboolean              outcomes;          /* an import of outcome lines, not decisions */
  gint64                outcomes_recorded;
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
  gint64        end_rejected;    /* lines rejected up to end_line, from the start of this run */
  gint64        end_quarantine;  /* the quarantine file's size after those */
  gboolean      end_of_source;
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
  gint64         committed_line;
  gint64         committed_rejected;
  const char    *source_name;
  gboolean       outcome_tx;      /* the reader holds a transaction of outcome lines */
  guint          outcome_rows;
  GHashTable    *event_ids;       /* "model\037event_id" of this run's decisions: line */
  VigilStore    *lookup;          /* the reader's own connection, for event ids logged before */
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
  gint64        limit;      /* bytes that may be read, or -1 for all there are */
  gint64        read;
  gboolean      complete_only;
} LineReader;

static void
vigil_importer_finalize (GObject *object)
{
  VigilImporter *self = (VigilImporter *) object;

  g_clear_object (&self->store);
  g_free (self->quarantine_path);
  g_free (self->actor);
  g_free (self->previous_date);

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
 * vigil_importer_default_quarantine_path:
 * @path: the file imported or followed, or "-" for standard input
 *
 * Where the lines rejected from @path go unless told otherwise, for `vigilctl import`, `follow`
 * and the app alike: FILE.rejected beside it, or stdin.rejected in the current folder.
 *
 * Returns: (transfer full): the quarantine's path
 */
char *
vigil_importer_default_quarantine_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, "-"))
    return g_strdup ("stdin.rejected");
  return g_strconcat (path, ".rejected", NULL);
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

/**
 * vigil_importer_set_outcomes:
 * @outcomes: whether the lines are outcomes
 *
 * Makes the next imports record outcome lines (see vigil_json_parse_outcome()) instead of
 * logging decisions: each names its decision by id, by its model and event_id, or by its
 * model and timestamp; a decision line, or an outcome for a decision that is not there, is
 * rejected like any invalid line. A second outcome for a decision is recorded as an event
 * that supersedes the first, which stays in the ledger.
 */
void
vigil_importer_set_outcomes (VigilImporter *self,
                             gboolean       outcomes)
{
  g_return_if_fail (VIGIL_IS_IMPORTER (self));
  self->outcomes = outcomes;
}

/* The outcomes the last import recorded */
gint64
vigil_importer_get_outcomes_recorded (VigilImporter *self)
{
  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), 0);
  return self->outcomes_recorded;
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

/* The action of an import's events: decisions and outcomes are told apart, so that a file's
 * import of one kind is not taken for the other's. */
static const char *
import_action (VigilImporter *self)
{
  return self->outcomes ? "import_outcomes" : "import";
}

/* Inside the transaction of a batch or more: one import event naming the lines and the
 * decisions it commits, so that an interrupted import can resume after them, and a file
 * imported in full is recognised. */
static gboolean
append_import_event (Pipeline     *p,
                     gint64        first_line,
                     gint64        last_line,
                     gint64        end_offset,
                     gint64        rows,
                     gint64        first_id,
                     gint64        last_id,
                     gint64        rejected,
                     gint64        quarantine_size,
                     gboolean      end_of_source,
                     GError      **error)
{
  VigilImporter *self = p->importer;
  g_autoptr(GString) details = g_string_new ("{\"source\":");
  gboolean complete;

  if (self->identified)
    {
      VigilImportMark newer;

      /* Two imports of the same file at once would each add every line. */
      if (!vigil_store_find_import (self->store, import_action (self), self->sha256,
                                    self->seen_event_id, &newer,
                                    error))
        return FALSE;
      if (newer.event_id != 0)
        {
          vigil_import_mark_clear (&newer);
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                       _("another process is importing %s at the same time; this one stopped "
                         "so that no decision is imported twice. Run the command again once "
                         "the other is done: it imports what is left"), p->source_name);
          return FALSE;
        }
    }

  vigil_json_write_string (details, p->source_name);
  if (self->identified)
    {
      g_string_append_printf (details,
                              ",\"device\":%" G_GUINT64_FORMAT ",\"inode\":%" G_GUINT64_FORMAT
                              ",\"size\":%" G_GINT64_FORMAT ",\"sha256\":\"%s\"",
                              self->device, self->inode, self->size, self->sha256);
      complete = end_offset >= self->size;
    }
  else
    complete = end_of_source;
  g_string_append_printf (details,
                          ",\"first_line\":%" G_GINT64_FORMAT ",\"last_line\":%" G_GINT64_FORMAT
                          ",\"end_offset\":%" G_GINT64_FORMAT
                          ",\"imported\":%" G_GINT64_FORMAT ",\"rejected\":%" G_GINT64_FORMAT,
                          first_line, last_line, end_offset, rows, rejected);
  if (rows > 0)
    g_string_append_printf (details, ",\"first_id\":%" G_GINT64_FORMAT
                            ",\"last_id\":%" G_GINT64_FORMAT, first_id, last_id);
  if (self->quarantine_path != NULL)
    {
      g_string_append (details, ",\"quarantine\":");
      vigil_json_write_string (details, self->quarantine_path);
      g_string_append_printf (details, ",\"quarantine_size\":%" G_GINT64_FORMAT,
                              quarantine_size);
    }
  g_string_append_printf (details, ",\"complete\":%s}", complete ? "true" : "false");

  if (!vigil_store_append_event (self->store, self->actor ? self->actor : g_get_user_name (),
                                 import_action (self), p->source_name, details->str, error))
    return FALSE;
  self->seen_event_id = vigil_store_get_last_event_id (self->store);
  return TRUE;
}

static gpointer
writer_thread (gpointer data)
{
  Pipeline *p = data;
  VigilStore *store = p->importer->store;
  gboolean in_tx = FALSE;
  gint64 tx_start = 0, tx_first = 0, tx_last = 0;
  gint64 tx_end_offset = 0, tx_end_line = 0, tx_end_rejected = 0, tx_end_quarantine = 0;
  gboolean tx_end_of_source = FALSE;
  gssize tx_rows = 0;
  VigilImportCommitFunc commit_func = p->importer->commit_func;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (p->full);
      gboolean last = batch->last;

      /* A batch of only rejected or blank lines (the last one, or a following import's) is
       * committed too, so that the recorded offset moves past them. */
      if ((batch->n > 0 || batch->end_offset > p->hook_offset) &&
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
              tx_end_rejected = batch->end_rejected;
              tx_end_quarantine = batch->end_quarantine;
              tx_end_of_source = batch->end_of_source;
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

          if ((commit_func != NULL &&
               !commit_func (store, tx_end_offset, tx_end_line, p->importer->commit_data,
                             &error)) ||
              (commit_func == NULL &&
               !append_import_event (p, p->committed_line + 1, tx_end_line, tx_end_offset,
                                     tx_rows, tx_first, tx_last,
                                     tx_end_rejected - p->committed_rejected, tx_end_quarantine,
                                     tx_end_of_source, &error)))
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
              p->committed_line = tx_end_line;
              p->committed_rejected = tx_end_rejected;
              if (p->first_id == 0)
                p->first_id = tx_first;
              p->last_id = tx_last;
              g_atomic_pointer_add (&p->committed, tx_rows);
            }
          in_tx = FALSE;
        }

      batch->n = 0;
      batch->last = FALSE;
      batch->end_of_source = FALSE;
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
  gsize want = READ_CHUNK;

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
  /* A file is read up to the size that was hashed; lines appended since are not part of it. */
  if (r->limit >= 0)
    want = (gsize) MIN ((gint64) READ_CHUNK, r->limit - r->read);
  n = want > 0 ? g_input_stream_read (r->stream, r->buf + r->end, want, cancellable, error) : 0;
  if (n < 0)
    return -1;
  if (n == 0)
    r->eof = TRUE;
  r->end += (gsize) n;
  r->read += n;
  return n;
}

typedef struct
{
  VigilImporter  *self;
  const char     *source;
  int             fd;
  gint64          size;       /* the quarantine file's size */
  gboolean        append;
  GError         *error;
} Rejects;

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The quarantine file is created at the first rejected line, so that a valid file imports
 * from a folder nobody may write to; O_NOFOLLOW, so that a link planted after the check is
 * not followed. */
static void
quarantine_write (Rejects    *rj,
                  const char *data,
                  gsize       len,
                  gboolean    end_line)
{
  const char *path = rj->self->quarantine_path;

  if (path == NULL || rj->error != NULL)
    return;
  if (rj->fd < 0)
    {
      int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (rj->append ? O_APPEND : O_TRUNC);
      struct stat st;

      rj->fd = g_open (path, flags, 0600);
      if (rj->fd < 0)
        {
          int saved = errno;

          if (saved == ELOOP)
            g_set_error (&rj->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Could not create the quarantine file “%s”: it is a symbolic link"),
                         path);
          else
            g_set_error (&rj->error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Could not create the quarantine file “%s”: %s"), path,
                         g_strerror (saved));
          return;
        }
      rj->size = fstat (rj->fd, &st) == 0 ? st.st_size : 0;
    }
  if (!write_all (rj->fd, data, len) || (end_line && !write_all (rj->fd, "\n", 1)))
    {
      int saved = errno;

      g_set_error (&rj->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write to the quarantine file “%s”: %s"), path,
                   g_strerror (saved));
      return;
    }
  rj->size += (gint64) len + (end_line ? 1 : 0);
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
             Rejects       *overflow,
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
          if (too_long || len > VIGIL_IMPORT_MAX_LINE)
            {
              quarantine_write (overflow, line, len, TRUE);
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
          quarantine_write (overflow, r->buf + r->start, r->end - r->start, FALSE);
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

  if (line != NULL)
    quarantine_write (rj, line, len, TRUE);
}

/* Commits the reader's transaction of outcome lines, with the offset @end_offset (absolute)
 * reached after @end_line lines. */
static gboolean
outcome_commit (VigilImporter  *self,
                Pipeline       *p,
                const Rejects  *rj,
                gint64          end_offset,
                gint64          end_line,
                gboolean        end_of_source,
                GError        **error)
{
  gboolean saved;

  p->outcome_tx = FALSE;
  /* Followed, the offset reached; imported, an import event for the lines, as the writer's */
  if (self->commit_func != NULL)
    saved = self->commit_func (self->store, end_offset, end_line, self->commit_data, error);
  else
    saved = append_import_event (p, p->committed_line + 1, end_line, end_offset, 0, 0, 0,
                                 self->rejected - p->committed_rejected, rj->size,
                                 end_of_source, error);
  if (!saved)
    {
      vigil_store_rollback (self->store);
      return FALSE;
    }
  if (!vigil_store_commit (self->store, error))
    return FALSE;
  p->hook_offset = end_offset;
  p->committed_line = end_line;
  p->committed_rejected = self->rejected;
  return TRUE;
}

/* An outcome line, while following: the decisions read before it are committed first (the
 * writer is idle once every batch is back), then it is recorded in a transaction the reader
 * holds, with the outcome lines that follow it, up to the next decision; that transaction also
 * saves the offset reached. An outcome whose decision is not there is rejected like any
 * invalid line (nothing was written for it, so the transaction goes on). Returns FALSE, with
 * @error, when the database failed. */
static gboolean
follow_outcome (VigilImporter     *self,
                Pipeline          *p,
                Batch            **batch,
                Rejects           *rj,
                VigilOutcomeLine  *outcome,
                gint64             line_start,
                gint64             line_end,
                const char        *line,
                gsize              len,
                GError           **error)
{
  gint64 line_no = self->start_line + self->lines;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  gint64 id = outcome->decision_id;

  /* On a server, a login of vigil_ingest alone may follow but not record outcomes: the line is
   * set aside rather than stopping the spool at it. */
  if (!(vigil_store_get_rights (self->store) & VIGIL_STORE_MAY_REVIEW))
    {
      reject (rj, line_no, "an outcome line, which this login may not record (recording "
              "outcomes needs the vigil_reviewer role); follow the rejected lines as a login "
              "that may, or record it with “vigilctl outcome”", line, len);
      return TRUE;
    }

  if (!p->outcome_tx)
    {
      Batch *held[N_BATCHES];

      (*batch)->end_offset = self->start_offset + line_start;
      (*batch)->end_line = line_no - 1;
      (*batch)->end_rejected = self->rejected;
      (*batch)->end_quarantine = rj->size;
      g_async_queue_push (p->full, *batch);
      for (guint i = 0; i < N_BATCHES; i++)
        held[i] = g_async_queue_pop (p->free);
      *batch = held[0];
      for (guint i = 1; i < N_BATCHES; i++)
        g_async_queue_push (p->free, held[i]);
      if (g_atomic_int_get (&p->failed))
        return TRUE;
      if (!vigil_store_begin_write (self->store, error))
        return FALSE;
      p->outcome_tx = TRUE;
      p->outcome_rows = 0;
    }

  if (id == 0 && outcome->event_id != NULL)
    {
      if (!vigil_store_find_event_id (self->store, outcome->model_name, outcome->event_id, &id,
                                      error))
        goto failed;
      if (id == 0)
        why = g_strdup_printf ("an outcome for the decision of “%s” with event_id “%s”, which "
                               "that model has not logged", outcome->model_name,
                               outcome->event_id);
    }
  else if (id == 0)
    {
      gint64 ids[2];
      int n = vigil_store_find_decisions_at (self->store, outcome->model_name,
                                             outcome->decision_timestamp, ids, 2, error);

      if (n < 0)
        goto failed;
      else if (n == 0)
        why = g_strdup_printf ("an outcome for a decision of “%s” at %s, which has none at that "
                               "instant", outcome->model_name, outcome->decision_timestamp);
      else if (n > 1)
        why = g_strdup_printf ("an outcome for a decision of “%s” at %s, which has several at "
                               "that instant; name it by its decision_id",
                               outcome->model_name, outcome->decision_timestamp);
      else
        id = ids[0];
    }
  /* A refusal comes before any write (an unknown id updates no row), so the transaction
   * holds only the outcomes recorded. */
  if (why == NULL &&
      !vigil_store_record_outcome_in_transaction (self->store, id, outcome->value,
                                                  outcome->outcome_date[0] ? outcome->outcome_date
                                                                           : NULL,
                                                  outcome->recorded_by, &local_error))
    {
      if (!g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      why = g_strdup_printf ("an outcome that cannot be recorded: %s", local_error->message);
    }
  if (why != NULL)
    reject (rj, line_no, why, line, len);
  if (why == NULL)
    self->outcomes_recorded++;
  if (++p->outcome_rows >= self->batch_size)
    return outcome_commit (self, p, rj, self->start_offset + line_end, line_no, FALSE, error);
  return TRUE;

failed:
  vigil_store_rollback (self->store);
  p->outcome_tx = FALSE;
  return FALSE;
}

/* Whether the store may be imported into, and the quarantine file written where it is. */
static gboolean
check_import_target (VigilImporter  *self,
                     const char     *source_name,
                     GError        **error)
{
  if (vigil_store_is_read_only (self->store))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” is open read-only; nothing can be imported into it"),
                   vigil_store_get_path (self->store));
      return FALSE;
    }
  if (self->quarantine_path != NULL)
    {
      const char *inputs[] = { source_name, NULL };

      if (!vigil_output_check_path (self->quarantine_path, vigil_store_get_path (self->store), inputs, error))
        {
          g_prefix_error (error, _("The quarantine file: "));
          return FALSE;
        }
    }
  return TRUE;
}

/* Fills the free queue with empty batches and starts the writer thread on the full one. */
static GThread *
pipeline_start (VigilImporter *self,
                Pipeline      *p,
                const char    *source_name)
{
  p->importer = self;
  p->source_name = source_name;
  p->hook_offset = self->start_offset;
  p->committed_line = self->start_line;
  p->full = g_async_queue_new ();
  p->free = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (p->free, batch_new (self->batch_size));
  return g_thread_new ("vigil-import-writer", writer_thread, p);
}

/* Hands @batch to the writer, ending where the reader is: @consumed bytes into the stream,
 * after the lines read so far. */
static void
batch_send (VigilImporter *self,
            Pipeline      *p,
            Batch         *batch,
            const Rejects *rj,
            gint64         consumed)
{
  batch->end_offset = self->start_offset + consumed;
  batch->end_line = self->start_line + self->lines;
  batch->end_rejected = self->rejected;
  batch->end_quarantine = rj->size;
  g_async_queue_push (p->full, batch);
}

/* Screens a line before it is parsed: a line too long, or not UTF-8, is rejected, a blank one
 * skipped, and the byte-order mark that may start the file dropped. Returns whether the line
 * is to be parsed. */
static gboolean
screen_line (VigilImporter  *self,
             Rejects        *rj,
             LineStatus      status,
             char          **line,
             gsize          *len)
{
  if (status == LINE_TOO_LONG)
    {
      g_autofree char *why = g_strdup_printf ("line is longer than %d bytes",
                                              VIGIL_IMPORT_MAX_LINE);
      reject (rj, self->start_line + self->lines, why, NULL, 0);
      return FALSE;
    }
  /* A byte-order mark is allowed at the start of the file, and skipped. */
  if (self->start_offset == 0 && self->lines == 1 && *len >= 3 &&
      memcmp (*line, "\xEF\xBB\xBF", 3) == 0)
    {
      *line += 3;
      *len -= 3;
    }
  if (is_blank_line (*line, *len))
    return FALSE;

  if (!g_utf8_validate (*line, (gssize) *len, NULL))
    {
      g_autofree char *why = why_not_text (*line, *len);

      reject (rj, self->start_line + self->lines, why, *line, *len);
      return FALSE;
    }
  return TRUE;
}

typedef enum
{
  OTHER_SKIPPED,  /* rejected, or an outcome dealt with */
  OTHER_TORN,     /* its torn head rejected, the decision after it is the batch's next record */
  OTHER_FAILED,   /* the database failed: the pipeline's error says why */
} OtherLine;

/* A line that is not a decision (@reason says why): an outcome line, recorded when following;
 * a torn line, a writer's unfinished line with a whole decision after it; else rejected. */
static OtherLine
handle_other_line (VigilImporter  *self,
                   Pipeline       *p,
                   Batch         **batch,
                   Rejects        *rj,
                   const char     *line,
                   gsize           len,
                   const char     *reason,
                   gint64          line_start,
                   gint64          line_end,
                   GString        *scratch)
{
  gint64 line_no = self->start_line + self->lines;
  VigilOutcomeLine outcome;
  g_autofree char *outcome_reason = NULL;
  int is_outcome = vigil_json_parse_outcome (line, len, &outcome, &outcome_reason);
  g_autofree char *why = NULL;
  gsize torn;

  if (is_outcome == 0)
    {
      reject (rj, line_no, outcome_reason, line, len);
      return OTHER_SKIPPED;
    }
  if (is_outcome > 0)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean outcome_ok = TRUE;

      if (self->commit_func == NULL && !self->outcomes)
        reject (rj, line_no,
                "an outcome line, which “vigilctl follow” records, not an import; "
                "record it with “vigilctl outcome”", line, len);
      else
        outcome_ok = follow_outcome (self, p, batch, rj, &outcome, line_start, line_end, line,
                                     len, &local_error);
      vigil_outcome_line_clear (&outcome);
      if (!outcome_ok)
        {
          p->error = g_steal_pointer (&local_error);
          g_atomic_int_set (&p->failed, 1);
          return OTHER_FAILED;
        }
      return OTHER_SKIPPED;
    }

  torn = split_torn_line (line, len, &(*batch)->records[(*batch)->n], *batch, scratch);
  if (torn == 0)
    {
      reject (rj, line_no, reason, line, len);
      return OTHER_SKIPPED;
    }
  /* Only the torn head goes to the quarantine; the whole decision after it is kept. */
  why = g_strdup_printf ("a torn line: its first %zu bytes are the start of a line a "
                         "writer left unfinished; the whole decision after them, from "
                         "column %zu, was kept", torn, torn + 1);
  reject (rj, line_no, why, line, torn);
  return OTHER_TORN;
}

typedef enum
{
  EVENT_ID_NEW,
  EVENT_ID_TAKEN,    /* @out_reason says where it was given before */
  EVENT_ID_FAILED,   /* the database failed: @error says why */
} EventIdCheck;

/* Whether the event id of @r, a decision read on line @line_no, is one its model has not used:
 * neither by a decision logged before (read through the reader's own connection, since the
 * writer's is busy) nor by one read earlier in this run and not committed yet. */
static EventIdCheck
check_event_id (VigilImporter      *self,
                Pipeline           *p,
                const VigilRecord  *r,
                gint64              line_no,
                char              **out_reason,
                GError            **error)
{
  g_autofree char *key = g_strconcat (r->model_name, "\037", r->event_id, NULL);
  gpointer earlier;
  gint64 id = 0;

  if (p->event_ids == NULL)
    p->event_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (p->event_ids, key, NULL, &earlier))
    {
      *out_reason = g_strdup_printf ("event_id “%s” of “%s” is already the key of the decision "
                                     "on line %" G_GINT64_FORMAT "; an event id names one "
                                     "decision of its model", r->event_id, r->model_name,
                                     (gint64) GPOINTER_TO_SIZE (earlier));
      return EVENT_ID_TAKEN;
    }
  if (p->lookup == NULL)
    {
      p->lookup = vigil_store_open (vigil_store_get_path (self->store),
                                    VIGIL_STORE_OPEN_READ_ONLY, error);
      if (p->lookup == NULL)
        return EVENT_ID_FAILED;
    }
  if (!vigil_store_find_event_id (p->lookup, r->model_name, r->event_id, &id, error))
    return EVENT_ID_FAILED;
  if (id != 0)
    {
      *out_reason = g_strdup_printf ("event_id “%s” of “%s” is already the key of decision %"
                                     G_GINT64_FORMAT ", logged before; an event id names one "
                                     "decision of its model", r->event_id, r->model_name, id);
      return EVENT_ID_TAKEN;
    }
  g_hash_table_insert (p->event_ids, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) line_no));
  return EVENT_ID_NEW;
}

/* Readies the batch's next record for the writer: the text of its chained fields, and its
 * share of the daily roll-ups, are made here on the reading thread. */
static inline void
seal_record (Batch   *batch,
             GString *tail)
{
  VigilRecord *r = &batch->records[batch->n];

  g_string_truncate (tail, 0);
  vigil_ledger_decision_tail (tail, r);
  r->ledger_tail = g_string_chunk_insert_len (batch->strings, tail->str, (gssize) tail->len);
  r->ledger_tail_len = tail->len;
  vigil_rollup_tally_add (batch->tally, r);
}

/* Sends the full @batch to the writer and returns an empty one, reporting progress after each
 * MiB read. */
static Batch *
batch_ship (VigilImporter *self,
            Pipeline      *p,
            Batch         *batch,
            const Rejects *rj,
            gint64         consumed,
            gint64         size,
            gint64        *last_progress)
{
  batch_send (self, p, batch, rj, consumed);
  batch = g_async_queue_pop (p->free);

  if (self->progress && consumed - *last_progress > 1024 * 1024)
    {
      *last_progress = consumed;
      self->progress (consumed, size, (gint64) g_atomic_pointer_get (&p->committed),
                      self->rejected,
                      self->progress_data);
    }
  return batch;
}

/* A line rejected but not written to the quarantine is not covered by the last event, so
 * that a run after the fault rejects it again: the reader stops before it. */
static void
unread_line (VigilImporter *self,
             LineReader    *reader,
             gint64         line_start,
             gint64         lines_before)
{
  if (self->lines > lines_before)
    self->rejected--;
  reader->consumed = line_start;
  self->lines = lines_before;
}

/* Commits the outcome lines still held, hands the writer the last batch, waits for it to end
 * and frees the batches. */
static void
pipeline_finish (VigilImporter *self,
                 Pipeline      *p,
                 Batch         *batch,
                 const Rejects *rj,
                 gint64         consumed,
                 GThread       *writer)
{
  if (p->outcome_tx)
    {
      GError *tx_error = NULL;

      /* What was read is committed, as the batches are, also on cancellation. */
      if (!outcome_commit (self, p, rj, self->start_offset + consumed,
                           self->start_line + self->lines, batch->end_of_source, &tx_error))
        {
          p->error = tx_error;
          g_atomic_int_set (&p->failed, 1);
        }
    }
  batch->last = TRUE;
  batch_send (self, p, batch, rj, consumed);
  g_thread_join (writer);

  while ((batch = g_async_queue_try_pop (p->free)) != NULL)
    batch_free (batch);
  g_async_queue_unref (p->full);
  g_async_queue_unref (p->free);
}

static void
close_quarantine (VigilImporter *self,
                  Rejects       *rj)
{
  if (rj->fd >= 0)
    close (rj->fd);
  else if (self->quarantine_path != NULL && self->commit_func == NULL &&
           self->resumed_after == 0 && rj->error == NULL)
    {
      /* A quarantine left by an earlier import of this path no longer says anything true. */
      g_unlink (self->quarantine_path);
    }
}

/* Why the import stopped, if it did: the database's failure, else the quarantine's, each
 * with the decisions kept; else the reading's or the cancellation's (@read_error). */
static gboolean
import_result (VigilImporter  *self,
               Pipeline       *p,
               Rejects        *rj,
               gboolean        ok,
               GError        **read_error,
               GError        **error)
{
  if (p->error != NULL)
    {
      g_propagate_prefixed_error (error, p->error,
                                  _("The import stopped after %" PRId64 " decisions: "),
                                  self->imported);
      ok = FALSE;
    }
  else if (rj->error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&rj->error),
                                  _("The import stopped after %" PRId64 " decisions: "),
                                  self->imported);
      ok = FALSE;
    }
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (read_error));
  g_clear_error (&rj->error);
  return ok;
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
static gboolean
import_stream (VigilImporter  *self,
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
  gint64 line_start = 0, lines_before = 0;

  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  self->lines = self->imported = self->rejected = self->outcomes_recorded = 0;
  self->first_id = self->last_id = 0;
  rj.self = self;
  rj.source = source_name;
  rj.fd = -1;
  rj.append = self->commit_func != NULL || self->resumed_after > 0;
  rj.size = self->resumed_after > 0 ? MAX (self->quarantine_start, 0) : 0;

  if (!check_import_target (self, source_name, error))
    return FALSE;

  writer = pipeline_start (self, &p, source_name);
  reader.stream = stream;
  reader.limit = self->identified ? self->size - self->start_offset : -1;
  reader.complete_only = self->commit_func != NULL;
  batch = g_async_queue_pop (p.free);

  for (;;)
    {
      char *line = NULL;
      gsize len = 0;
      LineStatus status;
      g_autofree char *reason = NULL;

      if (g_atomic_int_get (&p.failed) || rj.error != NULL)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          ok = FALSE;
          break;
        }

      line_start = reader.consumed;
      lines_before = self->lines;
      status = reader_next (&reader, &line, &len, &rj, cancellable, &local_error);
      if (status == LINE_EOF)
        {
          batch->end_of_source = TRUE;
          break;
        }
      if (status == LINE_ERROR)
        {
          g_prefix_error (&local_error, _("Could not read %s: "), source_name);
          ok = FALSE;
          break;
        }

      self->lines++;
      if (!screen_line (self, &rj, status, &line, &len))
        continue;
      if (!vigil_json_parse_decision (line, len, &batch->records[batch->n], intern_into_batch,
                                      batch, scratch, &reason))
        {
          OtherLine other = handle_other_line (self, &p, &batch, &rj, line, len, reason,
                                               line_start, reader.consumed, scratch);

          if (other == OTHER_FAILED)
            break;
          if (other == OTHER_SKIPPED)
            continue;
        }
      if (self->outcomes)
        {
          reject (&rj, self->start_line + self->lines,
                  "a decision, not an outcome: “vigilctl import” imports decisions", line, len);
          continue;
        }
      if (batch->records[batch->n].event_id != NULL)
        {
          gint64 line_no = self->start_line + self->lines;

          g_clear_pointer (&reason, g_free);
          switch (check_event_id (self, &p, &batch->records[batch->n], line_no, &reason,
                                  &local_error))
            {
            case EVENT_ID_NEW:
              break;
            case EVENT_ID_TAKEN:
              reject (&rj, line_no, reason, line, len);
              continue;
            case EVENT_ID_FAILED:
              p.error = g_steal_pointer (&local_error);
              g_atomic_int_set (&p.failed, 1);
              break;
            }
          if (p.error != NULL)
            break;
        }
      if (p.outcome_tx &&
          !outcome_commit (self, &p, &rj, self->start_offset + line_start,
                           self->start_line + self->lines - 1, FALSE, &local_error))
        {
          p.error = g_steal_pointer (&local_error);
          g_atomic_int_set (&p.failed, 1);
          break;
        }
      seal_record (batch, tail);

      if (++batch->n == self->batch_size)
        batch = batch_ship (self, &p, batch, &rj, reader.consumed, size, &last_progress);
    }

  /* On cancellation or a read error, what was read and checked is still committed. */
  if (rj.error != NULL)
    {
      ok = FALSE;
      unread_line (self, &reader, line_start, lines_before);
    }
  pipeline_finish (self, &p, batch, &rj, reader.consumed, writer);
  g_free (reader.buf);
  g_clear_pointer (&p.event_ids, g_hash_table_unref);
  g_clear_object (&p.lookup);

  self->imported = (gint64) p.committed;
  self->first_id = p.first_id;
  self->last_id = p.last_id;
  close_quarantine (self, &rj);

  if (self->progress)
    self->progress (reader.consumed, size, self->imported, self->rejected, self->progress_data);

  return import_result (self, &p, &rj, ok, &local_error, error);
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
 * vigil_importer_import_stream:
 * @source_name: how rejected lines are located in messages ("file.jsonl:12")
 * @size: the stream's size in bytes, or -1 when unknown
 *
 * Imports one decision per line. Lines that are not valid decisions are reported, written to
 * the quarantine file (created at the first one), and skipped; the valid ones are logged in
 * batches. Blank lines are skipped. Each transaction records an import event naming the lines
 * and the decisions it committed. A stream has no identity: it is neither recognised as
 * imported before nor resumed (vigil_importer_import_file() does both for a file).
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
  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  self->identified = FALSE;
  self->already = FALSE;
  self->resumed_after = 0;
  return import_stream (self, stream, source_name, size, cancellable, error);
}

/* SHA-256 of the whole file, read in the calling thread before the import reads it again
 * (from the page cache by then). */
static gboolean
hash_file (int            fd,
           const char    *path,
           gint64        *out_size,
           char           out_hex[65],
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guint8 *buf = g_malloc (HASH_CHUNK);
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  gint64 total = 0;

  sha256_init (&ctx);
  for (;;)
    {
      gssize n = read (fd, buf, HASH_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      sha256_update (&ctx, (size_t) n, buf);
      total += n;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
  vigil_sha256_digest_to_hex (digest, out_hex);
  *out_size = total;
  if (lseek (fd, 0, SEEK_SET) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_importer_set_again:
 * @again: %TRUE to import a file that was imported before, all over again
 *
 * By default vigil_importer_import_file() imports nothing from a file whose content was
 * imported in full before (vigil_importer_was_already_imported() then says so), and resumes an
 * interrupted import of it after its last committed line.
 */
void
vigil_importer_set_again (VigilImporter *self,
                          gboolean       again)
{
  g_return_if_fail (VIGIL_IS_IMPORTER (self));
  self->again = again;
}

/**
 * vigil_importer_was_already_imported:
 *
 * Whether the last vigil_importer_import_file() found the file's content imported in full
 * before, and imported nothing.
 */
gboolean
vigil_importer_was_already_imported (VigilImporter *self)
{
  return self->already;
}

/**
 * vigil_importer_get_resumed_after:
 *
 * Returns: the line after which the last import resumed an interrupted one, or 0
 */
gint64
vigil_importer_get_resumed_after (VigilImporter *self)
{
  return self->resumed_after;
}

/**
 * vigil_importer_get_previous_lines:
 *
 * Returns: the lines an earlier import of the same content had committed (1 to this)
 */
gint64
vigil_importer_get_previous_lines (VigilImporter *self)
{
  return self->previous_lines;
}

/**
 * vigil_importer_get_previous_date:
 *
 * Returns: (nullable): when the earlier import of the same content last committed, as a
 *   timestamp
 */
const char *
vigil_importer_get_previous_date (VigilImporter *self)
{
  return self->previous_date;
}

/**
 * vigil_importer_get_sha256:
 *
 * Returns: (nullable): the SHA-256 of the file last imported, or %NULL for a stream
 */
const char *
vigil_importer_get_sha256 (VigilImporter *self)
{
  return self->identified ? self->sha256 : NULL;
}

/**
 * vigil_importer_import_file:
 * @path: a JSON Lines file, or "-" for standard input
 *
 * Imports a file as vigil_importer_import_stream() does, identified by its device, inode and
 * the SHA-256 of its content, which every import event records. A file whose content was
 * imported in full before is not imported again unless vigil_importer_set_again() says so; an
 * import of it that was interrupted resumes after its last committed line. Standard input and
 * other pipes cannot be read twice, so they are imported as they come, with no identity.
 */
gboolean
vigil_importer_import_file (VigilImporter  *self,
                            const char     *path,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  VigilImportMark mark = { 0 };
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (VIGIL_IS_IMPORTER (self), FALSE);

  self->identified = FALSE;
  self->already = FALSE;
  self->resumed_after = 0;
  self->previous_lines = 0;
  self->lines = self->imported = self->rejected = 0;
  self->first_id = self->last_id = 0;
  g_clear_pointer (&self->previous_date, g_free);

  if (self->quarantine_path != NULL)
    {
      const char *inputs[] = { path, NULL };

      if (!vigil_output_check_path (self->quarantine_path, vigil_store_get_path (self->store), inputs, error))
        {
          g_prefix_error (error, _("The quarantine file: "));
          return FALSE;
        }
    }

  if (g_strcmp0 (path, "-") == 0)
    {
      stream = g_unix_input_stream_new (0, FALSE);
      return import_stream (self, stream, path, -1, cancellable, error);
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  stream = g_unix_input_stream_new (fd, TRUE);
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return import_stream (self, stream, path, -1, cancellable, error);

  if (vigil_store_is_read_only (self->store))
    return import_stream (self, stream, path, -1, cancellable, error);  /* says why */
  if (!hash_file (fd, path, &self->size, self->sha256, cancellable, error) ||
      !vigil_store_find_import (self->store, import_action (self), self->sha256, 0, &mark,
                                error))
    return FALSE;
  self->identified = TRUE;
  self->device = (guint64) st.st_dev;
  self->inode = (guint64) st.st_ino;
  self->seen_event_id = mark.event_id;

  if (mark.event_id != 0 && !self->again)
    {
      self->previous_lines = mark.last_line;
      self->previous_date = g_strdup (mark.timestamp);
      if (mark.end_offset >= self->size)
        {
          self->already = TRUE;
          vigil_import_mark_clear (&mark);
          return TRUE;
        }
      if (mark.end_offset > 0 && lseek (fd, mark.end_offset, SEEK_SET) == mark.end_offset)
        {
          self->resumed_after = mark.last_line;
          self->start_offset = mark.end_offset;
          self->start_line = mark.last_line;
          self->quarantine_start = 0;
          /* What the interrupted run wrote past its last commit is rejected again now. */
          if (self->quarantine_path != NULL && mark.quarantine_size >= 0 &&
              g_strcmp0 (mark.quarantine, self->quarantine_path) == 0 &&
              vigil_output_check_path (self->quarantine_path, vigil_store_get_path (self->store), NULL, NULL))
            {
              GStatBuf qst;

              self->quarantine_start = mark.quarantine_size;
              if (g_stat (self->quarantine_path, &qst) == 0 &&
                  qst.st_size > mark.quarantine_size &&
                  truncate (self->quarantine_path, mark.quarantine_size) != 0)
                g_debug ("Could not truncate %s: %s", self->quarantine_path, g_strerror (errno));
            }
        }
    }
  vigil_import_mark_clear (&mark);

  ok = import_stream (self, stream, path, self->size - self->start_offset, cancellable, error);
  self->start_offset = 0;
  self->start_line = 0;
  return ok;
}
