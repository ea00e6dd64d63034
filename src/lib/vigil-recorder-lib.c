/* vigil-recorder-lib.c: libvigil-recorder-1, decisions and outcomes appended to a spool
 *
 * Each decision is checked with the import's own rules (vigil_record_check(), the canonical
 * JSON of vigil-json-parser.c), written as vigil_record_to_json() writes it, and appended with
 * one write() on a descriptor opened with O_APPEND for that line, as vigil_capture.py does: a
 * line is whole or absent, lines of several threads and processes never interleave, and a
 * rotated spool (renamed away) is left at once. Only the vigil_recorder_* functions of
 * vigil-recorder.h are exported; everything else is hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder-lib"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-record.h"
#include "vigil-recorder.h"
#include "vigil-recorder-version.h"
#include "vigil-timestamp.h"

struct _VigilRecorder
{
  char   *spool_path;
  GMutex  lock;
};

/* The calling thread's last error */
static GPrivate last_error = G_PRIVATE_INIT (g_free);

/* The last timestamp given to a decision without one, for the whole process */
static GMutex clock_lock;
static gint64 clock_last;

static int
set_error (int         status,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static int
set_error (int         status,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_private_replace (&last_error, g_strdup_vprintf (format, args));
  va_end (args);
  return status;
}

static int
ok (void)
{
  g_private_replace (&last_error, NULL);
  return VIGIL_RECORDER_OK;
}

const char *
vigil_recorder_last_error (void)
{
  const char *message = g_private_get (&last_error);

  return message != NULL ? message : "";
}

const char *
vigil_recorder_get_version (void)
{
  return VIGIL_RECORDER_VERSION_STRING;
}

/* Opens @path for one line: created when absent, never truncated. */
static int
open_spool (const char  *path,
            const char  *where,
            int         *out_fd)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      int saved = errno;
      return set_error (VIGIL_RECORDER_ERROR_IO, "%s: cannot open the spool %s for appending: %s",
                        where, path, g_strerror (saved));
    }
  *out_fd = fd;
  return VIGIL_RECORDER_OK;
}

VigilRecorder *
vigil_recorder_open (const char *spool_path)
{
  VigilRecorder *self;
  int fd = -1;

  if (spool_path == NULL || *spool_path == '\0')
    {
      set_error (VIGIL_RECORDER_ERROR_INVALID, "vigil_recorder_open: the spool path is %s",
                 spool_path == NULL ? "NULL" : "empty");
      return NULL;
    }
  if (open_spool (spool_path, "vigil_recorder_open", &fd) != VIGIL_RECORDER_OK)
    return NULL;
  close (fd);

  self = g_new0 (VigilRecorder, 1);
  self->spool_path = g_strdup (spool_path);
  g_mutex_init (&self->lock);
  ok ();
  return self;
}

void
vigil_recorder_free (VigilRecorder *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_free (self->spool_path);
  g_free (self);
}

/* Appends @line (with its newline) with one write(): whole, or not at all. */
static int
append_line (VigilRecorder *self,
             GString       *line,
             const char    *where)
{
  ssize_t written;
  int fd = -1, status, saved = 0;

  g_mutex_lock (&self->lock);
  status = open_spool (self->spool_path, where, &fd);
  if (status == VIGIL_RECORDER_OK)
    {
      do
        written = write (fd, line->str, line->len);
      while (written < 0 && errno == EINTR);
      saved = errno;
      close (fd);
      if (written < 0)
        status = set_error (VIGIL_RECORDER_ERROR_IO, "%s: cannot write to the spool %s: %s",
                            where, self->spool_path, g_strerror (saved));
      else if ((gsize) written != line->len)
        /* The rest written later could land after another writer's line; `vigilctl follow`
         * sets the torn start aside and keeps the next whole line. */
        status = set_error (VIGIL_RECORDER_ERROR_IO,
                            "%s: only %zd of the %zu bytes of a line were written to %s (is "
                            "the disk full?); the line was: %.*s", where, written, line->len,
                            self->spool_path, (int) line->len - 1, line->str);
    }
  g_mutex_unlock (&self->lock);
  return status;
}

/* A timestamp for a decision logged now, later than the last one given in this process. */
static void
next_timestamp (char out[VIGIL_TIMESTAMP_LEN])
{
  gint64 now = g_get_real_time ();

  g_mutex_lock (&clock_lock);
  if (now <= clock_last)
    now = clock_last + 1;
  clock_last = now;
  g_mutex_unlock (&clock_lock);
  vigil_timestamp_format (now, out);
}

static int
parse_timestamp (const char *text,
                 const char *where,
                 const char *name,
                 char        out[VIGIL_TIMESTAMP_LEN])
{
  const char *why = NULL;
  gint64 usec;

  if (strlen (text) > 64 || !g_utf8_validate (text, -1, NULL))
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s is not a timestamp (too long, or "
                      "not UTF-8); use ISO 8601 like 2026-11-26T09:30:00Z", where, name);
  if (!vigil_timestamp_parse (text, &usec, &why))
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s “%s” is not a timestamp (%s); use "
                      "ISO 8601 like 2026-11-26T09:30:00Z", where, name, text, why);
  vigil_timestamp_format (usec, out);
  return VIGIL_RECORDER_OK;
}

int
vigil_recorder_record (VigilRecorder               *self,
                       const VigilRecorderDecision *decision,
                       char                         reference[VIGIL_RECORDER_REFERENCE_SIZE])
{
  static const char where[] = "vigil_recorder_record";
  g_autoptr(GString) features = g_string_new (NULL);
  g_autoptr(GString) line = NULL;
  g_autofree char *reason = NULL;
  VigilRecord record = { 0 };
  int status;

  if (self == NULL || decision == NULL)
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: the %s is NULL", where,
                      self == NULL ? "recorder" : "decision");
  for (guint i = 0; i < G_N_ELEMENTS (decision->reserved); i++)
    if (decision->reserved[i] != NULL)
      return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: the decision's reserved fields must "
                        "be zero (initialize it with = { 0 })", where);

  if (decision->input_features != NULL)
    {
      gsize len = strlen (decision->input_features);

      if (len > 4 * VIGIL_MAX_FEATURES_LEN)
        return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: input_features is %zu bytes long, "
                          "over the limit of %d", where, len, VIGIL_MAX_FEATURES_LEN);
      if (!vigil_json_canonicalize (decision->input_features, len, features, &reason))
        return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: input_features is not valid "
                          "JSON: %s", where, reason);
      if (features->str[0] != '{')
        return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: input_features must be a JSON "
                          "object, not %.32s", where, features->str);
    }
  else
    g_string_assign (features, "{}");

  if (decision->timestamp != NULL)
    {
      status = parse_timestamp (decision->timestamp, where, "timestamp", record.timestamp);
      if (status != VIGIL_RECORDER_OK)
        return status;
    }
  record.model_name = decision->model_name;
  record.model_version = decision->model_version;
  record.decision_type = decision->decision_type;
  record.prediction = decision->prediction;
  record.has_confidence = decision->has_confidence != 0;
  record.confidence = decision->confidence;
  record.input_features = features->str;
  record.explanation = decision->explanation;
  record.ticker = decision->ticker;
  record.sector = decision->sector;
  record.portfolio_id = decision->portfolio_id;
  record.user_id = decision->user_id;
  record.event_id = decision->event_id;
  if (!vigil_record_check (&record, &reason))
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s", where, reason);
  /* -0 is 0: one value, one sealed text */
  if (record.has_confidence && record.confidence == 0.0)
    record.confidence = 0.0;

  if (decision->timestamp == NULL)
    next_timestamp (record.timestamp);
  line = g_string_sized_new (512 + features->len);
  vigil_record_to_json (&record, line);
  g_string_append_c (line, '\n');
  status = append_line (self, line, where);
  if (status != VIGIL_RECORDER_OK)
    return status;
  if (reference != NULL)
    g_strlcpy (reference, record.timestamp, VIGIL_RECORDER_REFERENCE_SIZE);
  return ok ();
}

static int
check_text (const char *value,
            const char *where,
            const char *name,
            gsize       max_len,
            gboolean    required)
{
  gsize len;

  if (value == NULL)
    return required ? set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s is NULL", where, name)
                    : VIGIL_RECORDER_OK;
  len = strlen (value);
  if (len == 0 || len > max_len)
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s must be 1 to %zu bytes long, not "
                      "%zu", where, name, max_len, len);
  if (!g_utf8_validate (value, (gssize) len, NULL))
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: %s is not valid UTF-8", where, name);
  return VIGIL_RECORDER_OK;
}

static int
record_outcome (VigilRecorder *self,
                const char    *where,
                const char    *model_name,
                const char    *reference,
                gint64         decision_id,
                const char    *outcome,
                const char    *outcome_date,
                const char    *recorded_by)
{
  g_autoptr(GString) line = g_string_sized_new (256);
  char decision_time[VIGIL_TIMESTAMP_LEN];
  char date[VIGIL_TIMESTAMP_LEN];
  int status;

  if (self == NULL)
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "%s: the recorder is NULL", where);
  if (decision_id == 0 &&
      ((status = check_text (model_name, where, "model_name", VIGIL_MAX_NAME_LEN, TRUE)) ||
       (status = check_text (reference, where, "the decision reference", 64, TRUE)) ||
       (status = parse_timestamp (reference, where, "the decision reference", decision_time))))
    return status;
  if ((status = check_text (outcome, where, "outcome", VIGIL_MAX_PREDICTION_LEN, TRUE)) ||
      (status = check_text (recorded_by, where, "recorded_by", VIGIL_MAX_NAME_LEN, FALSE)) ||
      (outcome_date != NULL &&
       (status = parse_timestamp (outcome_date, where, "outcome_date", date))))
    return status;

  g_string_append (line, "{\"outcome\":");
  vigil_json_write_string (line, outcome);
  if (decision_id != 0)
    g_string_append_printf (line, ",\"decision_id\":%" G_GINT64_FORMAT, decision_id);
  else
    {
      g_string_append (line, ",\"model_name\":");
      vigil_json_write_string (line, model_name);
      g_string_append (line, ",\"decision_timestamp\":");
      vigil_json_write_string (line, decision_time);
    }
  if (outcome_date != NULL)
    {
      g_string_append (line, ",\"outcome_date\":");
      vigil_json_write_string (line, date);
    }
  if (recorded_by != NULL)
    {
      g_string_append (line, ",\"recorded_by\":");
      vigil_json_write_string (line, recorded_by);
    }
  g_string_append (line, "}\n");
  status = append_line (self, line, where);
  return status != VIGIL_RECORDER_OK ? status : ok ();
}

int
vigil_recorder_record_outcome (VigilRecorder *self,
                               const char    *model_name,
                               const char    *reference,
                               const char    *outcome,
                               const char    *outcome_date,
                               const char    *recorded_by)
{
  return record_outcome (self, "vigil_recorder_record_outcome", model_name, reference, 0,
                         outcome, outcome_date, recorded_by);
}

int
vigil_recorder_record_outcome_for_id (VigilRecorder *self,
                                      int64_t        decision_id,
                                      const char    *outcome,
                                      const char    *outcome_date,
                                      const char    *recorded_by)
{
  if (decision_id <= 0)
    return set_error (VIGIL_RECORDER_ERROR_INVALID, "vigil_recorder_record_outcome_for_id: a "
                      "decision id is a whole number from 1, not %" PRId64, decision_id);
  return record_outcome (self, "vigil_recorder_record_outcome_for_id", NULL, NULL, decision_id,
                         outcome, outcome_date, recorded_by);
}
