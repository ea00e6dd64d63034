/* test-cli.c: vigilctl as its users run it: commands, exit statuses, messages, bad databases
 *
 * Every test drives the built binary ($VIGILCTL) in a temporary folder and checks what a person
 * or a script would see: the exit status, what is printed, the files written. The service API
 * and the sqlite3 C API are used only to set up what the command line cannot (an alert) and to
 * tamper with a database the way an attacker would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "vigil-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define BATCH_SIZE 4096
#define MAX_LINE   (1024 * 1024)

/* Fixture ---------------------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "vigil.db", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static char *
fixture_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Running vigilctl ------------------------------------------------------------------------- */

typedef struct
{
  char *command;
  int   status;   /* the exit status; -1 when a signal ended it */
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->command);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static const char *
vigilctl_path (void)
{
  const char *path = g_getenv ("VIGILCTL");

  if (path == NULL)
    g_error ("Set VIGILCTL to the vigilctl binary (meson test does)");
  return path;
}

/* vigilctl runs in the fixture's folder, where even its default database would be. */
static GSubprocessLauncher *
new_launcher (Fixture          *f,
              GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *data_home = fixture_path (f, "data-home");

  g_subprocess_launcher_set_cwd (launcher, f->dir);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "VIGIL_DB");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  return launcher;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data ? data : "", len);
}

/* Runs vigilctl with @args (--db @db first when @db is set), @input on its standard input. */
static Run *
run_argv (Fixture           *f,
          const char        *db,
          GBytes            *input,
          const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, (char *) vigilctl_path ());
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run->command = g_strjoinv (" ", (char **) argv->pdata);

  launcher = new_launcher (f, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  empty = g_bytes_new_static ("", 0);
  g_subprocess_communicate (proc, input ? input : empty, NULL, &out, &err, &error);
  g_assert_no_error (error);

  run->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
  g_test_message ("$ %s -> %d", run->command, run->status);
  return run;
}

static Run *
run_va (Fixture    *f,
        const char *db,
        GBytes     *input,
        const char *first,
        va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  g_ptr_array_add (args, NULL);
  return run_argv (f, db, input, (const char *const *) args->pdata);
}

/* vigilctl --db <the fixture's database> ARGS… */
static Run *
vigilctl (Fixture    *f,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static Run *
vigilctl (Fixture    *f,
          const char *first,
          ...)
{
  va_list ap;
  Run *run;

  va_start (ap, first);
  run = run_va (f, f->db, NULL, first, ap);
  va_end (ap);
  return run;
}

/* vigilctl [--db DB] ARGS…, without --db when @db is NULL */
static Run *
vigilctl_on (Fixture    *f,
             const char *db,
             const char *first,
             ...) G_GNUC_NULL_TERMINATED;

static Run *
vigilctl_on (Fixture    *f,
             const char *db,
             const char *first,
             ...)
{
  va_list ap;
  Run *run;

  va_start (ap, first);
  run = run_va (f, db, NULL, first, ap);
  va_end (ap);
  return run;
}

static Run *
vigilctl_stdin (Fixture    *f,
                const char *input,
                const char *first,
                ...) G_GNUC_NULL_TERMINATED;

static Run *
vigilctl_stdin (Fixture    *f,
                const char *input,
                const char *first,
                ...)
{
  g_autoptr(GBytes) bytes = g_bytes_new (input, strlen (input));
  va_list ap;
  Run *run;

  va_start (ap, first);
  run = run_va (f, f->db, bytes, first, ap);
  va_end (ap);
  return run;
}

static void
assert_exit_impl (const char *file,
                  int         line,
                  const char *func,
                  Run        *run,
                  int         expected)
{
  if (run->status != expected)
    {
      g_autofree char *message =
        g_strdup_printf ("“%s” exited %d, not %d\n--- stdout:\n%.4000s\n--- stderr:\n%.4000s",
                         run->command, run->status, expected, run->out, run->err);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

#define assert_exit(run, expected) \
  assert_exit_impl (__FILE__, __LINE__, G_STRFUNC, (run), (expected))

static void
assert_contains_impl (const char *file,
                      int         line,
                      const char *func,
                      const char *text,
                      const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("“%.4000s” does not contain “%s”",
                                                  text ? text : "(null)", needle);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

#define assert_contains(text, needle) \
  assert_contains_impl (__FILE__, __LINE__, G_STRFUNC, (text), (needle))

static void
assert_matches_impl (const char *file,
                     int         line,
                     const char *func,
                     const char *text,
                     const char *pattern)
{
  if (text == NULL || !g_regex_match_simple (pattern, text, G_REGEX_CASELESS, 0))
    {
      g_autofree char *message = g_strdup_printf ("“%.4000s” does not match /%s/",
                                                  text ? text : "(null)", pattern);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

#define assert_matches(text, pattern) \
  assert_matches_impl (__FILE__, __LINE__, G_STRFUNC, (text), (pattern))

/* JSON output ------------------------------------------------------------------------------ */

typedef struct
{
  char       *text;
  JsonObject *object;
} JsonLine;

static void
json_line_clear (gpointer data)
{
  JsonLine *line = data;

  g_free (line->text);
  json_object_unref (line->object);
}

/* Every line of @text must be one JSON object. */
static GArray *
parse_json_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *result = g_array_new (FALSE, TRUE, sizeof (JsonLine));

  g_array_set_clear_func (result, json_line_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonLine line;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      line.text = g_strdup (lines[i]);
      line.object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      g_array_append_val (result, line);
    }
  return result;
}

static JsonObject *
json_at (GArray *lines,
         guint   i)
{
  g_assert_cmpuint (i, <, lines->len);
  return g_array_index (lines, JsonLine, i).object;
}

/* A string member, NULL when it is null; the member must be there. */
static const char *
member_str (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  if (json_object_get_null_member (object, name))
    return NULL;
  return json_object_get_string_member (object, name);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

/* The raw text of input_features in a `decisions --json` line, as the database holds it:
 * the object after the key, up to its matching brace. */
static char *
raw_features (const char *line)
{
  const char *start = strstr (line, "\"input_features\":{");
  const char *p;
  gboolean in_string = FALSE;
  int depth = 0;

  g_assert_nonnull (start);
  start += strlen ("\"input_features\":");
  for (p = start; *p; p++)
    {
      if (in_string && *p == '\\')
        p++;
      else if (*p == '"')
        in_string = !in_string;
      else if (!in_string && (*p == '{' || *p == '['))
        depth++;
      else if (!in_string && (*p == '}' || *p == ']') && --depth == 0)
        break;
    }
  g_assert_true (*p == '}');
  return g_strndup (start, p + 1 - start);
}

static char *
read_file (const char *path,
           gsize      *out_len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, out_len, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* Sample decisions ------------------------------------------------------------------------- */

/* One decision as written to a JSON Lines file, and what Vigil must keep of it. */
typedef struct
{
  char       *line;
  char       *timestamp;       /* as stored: UTC, microseconds */
  const char *model_name;
  char       *model_version;
  const char *decision_type;
  const char *prediction;
  gboolean    has_confidence;
  double      confidence;
  char       *input_features;  /* canonical: compact, keys sorted */
  const char *explanation;
  const char *ticker;
  const char *sector;
  char       *portfolio_id;
  char       *user_id;
} Sample;

static void
sample_clear (gpointer data)
{
  Sample *s = data;

  g_free (s->line);
  g_free (s->timestamp);
  g_free (s->model_version);
  g_free (s->input_features);
  g_free (s->portfolio_id);
  g_free (s->user_id);
}

static const char *explanations[] = {
  NULL,
  "Momentum crossover, 5d above 20d",
  "Analyst said \"hold\",\nthen \"buy\"",            /* comma, quote and newline */
  "信用スコア良好 ✓ 🙂 — Überprüfung nicht nötig",
  "plain",
};

#define QUOTED_EXPLANATION 2

static void
put_json_string (GString    *out,
                 const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
put_member (GString    *out,
            const char *name,
            const char *value)
{
  g_string_append_printf (out, "%s\"%s\": ", out->len > 1 ? ", " : "", name);
  if (value)
    put_json_string (out, value);
  else
    g_string_append (out, "null");
}

/* Sample @i: two models, timestamps 7 minutes apart written in four zone styles, null, absent,
 * integer and fractional confidences, features with unsorted keys and spaces, optional fields
 * present, null or absent. */
static void
make_sample (guint   i,
             Sample *s)
{
  static const char *signals[] = { "BUY", "SELL", "HOLD" };
  static const char *tickers[] = { "AAPL", "MSFT", "NVDA" };
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 3, 2, 0, 0, 0);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *written_time = NULL;
  GString *line = g_string_new ("{");
  gboolean credit = i % 3 == 0;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  memset (s, 0, sizeof *s);
  utc = g_date_time_add (base, (GTimeSpan) i * 7 * G_TIME_SPAN_MINUTE + (i % 4 == 0 ? 250000 : 0));
  s->timestamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%f");
  switch (i % 4)
    {
    case 0:
      written_time = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
      break;
    case 1:
    case 2:
      zone = g_time_zone_new_offset (i % 4 == 1 ? 2 * 3600 : -(5 * 3600 + 30 * 60));
      local = g_date_time_to_timezone (utc, zone);
      written_time = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
      break;
    default:
      written_time = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");
      break;
    }
  put_member (line, "timestamp", written_time);

  s->model_name = credit ? "CreditXGBoost" : "MomentumSignal";
  s->model_version = g_strdup_printf ("2.%u", i % 4);
  s->decision_type = credit ? "credit_approval" : "trade_signal";
  s->prediction = credit ? (i % 2 ? "APPROVE" : "DECLINE") : signals[(i / 3) % 3];
  put_member (line, "model_name", s->model_name);
  put_member (line, "model_version", s->model_version);
  put_member (line, "decision_type", s->decision_type);
  put_member (line, "prediction", s->prediction);

  switch (i % 10)
    {
    case 0:
      g_string_append (line, ", \"confidence\": null");
      break;
    case 1:
      break;
    case 2:
    case 3:
      s->has_confidence = TRUE;
      s->confidence = i % 10 == 2 ? 0.0 : 1.0;
      g_string_append_printf (line, ", \"confidence\": %d", i % 10 == 2 ? 0 : 1);
      break;
    default:
      s->has_confidence = TRUE;
      s->confidence = (double) ((i * 37) % 1000) / 1000.0 + 1e-4;
      g_ascii_formatd (number, sizeof number, "%.17g", s->confidence);
      g_string_append_printf (line, ", \"confidence\": %s", number);
      break;
    }

  if (i % 10 == 5)
    s->input_features = g_strdup ("{}");
  else if (i % 10 == 6)
    {
      s->input_features = g_strdup ("{}");
      g_string_append (line, ", \"input_features\": null");
    }
  else if (credit)
    {
      guint fico = 300 + (i * 13) % 550, income = 20000 + i * 100;

      g_string_append_printf (line, ", \"input_features\": {\"zip\": \"75%03u\", \"income\": "
                              "%u.5, \"fico\": %u, \"flags\": [\"a\", null, true]}",
                              i, income, fico);
      s->input_features = g_strdup_printf ("{\"fico\":%u,\"flags\":[\"a\",null,true],"
                                           "\"income\":%u.5,\"zip\":\"75%03u\"}", fico, income, i);
    }
  else
    {
      g_string_append_printf (line, ", \"input_features\": { \"window\" : {\"short\": 5, "
                              "\"long\": 20}, \"returns\": [0.25, -1.5e-3, %u], "
                              "\"name\": \"Café \\\"Ω\\\"\" }", i);
      s->input_features = g_strdup_printf ("{\"name\":\"Café \\\"Ω\\\"\",\"returns\":"
                                           "[0.25,-0.0015,%u],\"window\":{\"long\":20,"
                                           "\"short\":5}}", i);
    }

  s->explanation = explanations[i % G_N_ELEMENTS (explanations)];
  if (s->explanation)
    put_member (line, "explanation", s->explanation);
  s->ticker = credit ? NULL : tickers[i % 3];
  if (s->ticker)
    put_member (line, "ticker", s->ticker);
  s->sector = credit ? NULL : "Technology";
  put_member (line, "sector", s->sector);
  s->portfolio_id = i % 2 ? g_strdup_printf ("PF-%03u", i % 7) : NULL;
  put_member (line, "portfolio_id", s->portfolio_id);
  s->user_id = credit ? g_strdup_printf ("officer-ü%u", i % 4) : NULL;
  if (s->user_id)
    put_member (line, "user_id", s->user_id);

  g_string_append_c (line, '}');
  s->line = g_string_free (line, FALSE);
}

/* Samples first .. first + n - 1 */
static GArray *
make_samples (guint first,
              guint n)
{
  GArray *samples = g_array_sized_new (FALSE, TRUE, sizeof (Sample), n);

  g_array_set_clear_func (samples, sample_clear);
  g_array_set_size (samples, n);
  for (guint i = 0; i < n; i++)
    make_sample (first + i, &g_array_index (samples, Sample, i));
  return samples;
}

static char *
samples_text (GArray *samples)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < samples->len; i++)
    g_string_append_printf (text, "%s\n", g_array_index (samples, Sample, i).line);
  return g_string_free (text, FALSE);
}

/* Writes samples to @name in the fixture's folder; returns the path. */
static char *
write_samples (Fixture    *f,
               const char *name,
               GArray     *samples)
{
  g_autofree char *text = samples_text (samples);
  char *path = fixture_path (f, name);

  write_file (path, text, -1);
  return path;
}

static void
assert_decision_is (JsonLine     *row,
                    const Sample *s)
{
  JsonObject *o = row->object;
  g_autofree char *features = raw_features (row->text);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->input_features, -1);

  g_assert_cmpstr (member_str (o, "timestamp"), ==, s->timestamp);
  g_assert_cmpstr (member_str (o, "model_name"), ==, s->model_name);
  g_assert_cmpstr (member_str (o, "model_version"), ==, s->model_version);
  g_assert_cmpstr (member_str (o, "decision_type"), ==, s->decision_type);
  g_assert_cmpstr (member_str (o, "prediction"), ==, s->prediction);
  g_assert_true (json_object_has_member (o, "confidence"));
  if (s->has_confidence)
    g_assert_cmpfloat (json_object_get_double_member (o, "confidence"), ==, s->confidence);
  else
    g_assert_true (json_object_get_null_member (o, "confidence"));
  g_assert_cmpstr (features, ==, s->input_features);
  g_assert_cmpstr (member_str (o, "input_hash"), ==, hash);
  g_assert_cmpstr (member_str (o, "explanation"), ==, s->explanation);
  g_assert_cmpstr (member_str (o, "ticker"), ==, s->ticker);
  g_assert_cmpstr (member_str (o, "sector"), ==, s->sector);
  g_assert_cmpstr (member_str (o, "portfolio_id"), ==, s->portfolio_id);
  g_assert_cmpstr (member_str (o, "user_id"), ==, s->user_id);
  g_assert_cmpstr (member_str (o, "review_status"), ==, "pending");
  g_assert_null (member_str (o, "reviewed_by"));
  g_assert_null (member_str (o, "actual_outcome"));
  g_assert_cmpint (member_int (o, "anomaly_flag"), ==, 0);
  g_assert_cmpuint (strlen (member_str (o, "record_hash")), ==, 64);
}

/* Database helpers (sqlite3 C API) --------------------------------------------------------- */

static sqlite3 *
db_open (const char *path,
         int         flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, flags, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* Runs @sql on @path as another program would, triggers and all. */
static void
db_exec (const char *path,
         const char *sql)
{
  g_autoptr(sqlite3) db = db_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
db_query_int (sqlite3    *db,
              const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
db_count (const char *path,
          const char *sql)
{
  g_autoptr(sqlite3) db = db_open (path, SQLITE_OPEN_READONLY);

  return db_query_int (db, sql);
}

/* Init and import @samples into @db; asserts both succeed. */
static void
import_samples (Fixture    *f,
                const char *db,
                const char *name,
                GArray     *samples)
{
  g_autofree char *path = write_samples (f, name, samples);
  g_autoptr(Run) init = vigilctl_on (f, db, "init", NULL);
  g_autoptr(Run) import = vigilctl_on (f, db, "import", path, NULL);
  g_autofree char *expected = g_strdup_printf ("Imported %u decisions, rejected 0 lines",
                                               samples->len);

  assert_exit (init, 0);
  assert_exit (import, 0);
  assert_contains (import->out, expected);
}

/* The head printed by `verify --no-checkpoint` on an intact ledger; asserts it is intact with
 * @records. Decisions that no event records adding (an import killed before it recorded one)
 * and that precede every range event are counted on a line of their own. */
static char *
verify_head (Fixture    *f,
             const char *db,
             gint64      records)
{
  g_autoptr(Run) run = vigilctl_on (f, db, "verify", "--no-checkpoint", NULL);
  g_autoptr(GRegex) regex = g_regex_new ("^intact: ([0-9]+) records, head ([0-9a-f]{64}@[0-9]+"
                                         "\\.[0-9]+\\.[0-9]+)\n(legacy: [^\n]*\n)?$", 0, 0,
                                         NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *count = NULL;

  assert_exit (run, 0);
  if (!g_regex_match (regex, run->out, 0, &match))
    g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, run->out);
  count = g_match_info_fetch (match, 1);
  if (records >= 0)
    g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, records);
  return g_match_info_fetch (match, 2);
}

/* --help ----------------------------------------------------------------------------------- */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const struct {
    const char *command;
    const char *options[8];
  } commands[] = {
    { "init", { "--purpose" } },
    { "import", { "--quarantine", "--json" } },
    { "export", { "--model", "--from", "--to", "--format", "--output" } },
    { "decisions", { "--model", "--from", "--to", "--status", "--flagged", "--limit", "--json" } },
    { "alerts", { "--model", "--severity", "--unacknowledged", "--from", "--to", "--json" } },
    { "ack", { "--by", "--note" } },
    { "review", { "--by", "--status", "--notes" } },
    { "outcome", { "--value", "--date", "--by" } },
    { "models", { "--json" } },
    { "stats", { "--model", "--from", "--to", "--json" } },
    { "verify", { "--expect-head", "--json" } },
  };
  g_autoptr(Run) help = vigilctl_on (f, NULL, "--help", NULL);
  g_autoptr(Run) unknown = vigilctl_on (f, NULL, "frobnicate", NULL);
  const char *const no_args[] = { NULL };
  g_autoptr(Run) none = run_argv (f, NULL, NULL, no_args);
  g_autoptr(Run) bad_option = vigilctl (f, "decisions", "--colour", NULL);

  assert_exit (help, 0);
  assert_contains (help->out, "Usage: vigilctl");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = vigilctl_on (f, NULL, commands[i].command, "--help", NULL);
      g_autofree char *listed = g_strdup_printf ("\n  %s", commands[i].command);

      assert_contains (help->out, listed);
      assert_exit (run, 0);
      assert_contains (run->out, "--db");
      for (guint j = 0; commands[i].options[j] != NULL; j++)
        assert_contains (run->out, commands[i].options[j]);
    }

  assert_exit (unknown, 2);
  assert_contains (unknown->err, "unknown command");
  assert_contains (unknown->err, "frobnicate");
  assert_exit (none, 2);
  assert_contains (none->err, "Usage: vigilctl");
  assert_exit (bad_option, 2);
  assert_contains (bad_option->err, "--colour");
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

/* The usage line of a command's --help is what a person types: "vigilctl import [OPTION…]
 * FILE|-", not the command name twice and no program. */
static void
test_help_usage (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *command;
    const char *usage;
  } commands[] = {
    { "init", "Usage:\n  vigilctl init [OPTION…]\n" },
    { "import", "Usage:\n  vigilctl import [OPTION…] FILE|-\n" },
    { "ack", "Usage:\n  vigilctl ack [OPTION…] ALERT_ID…\n" },
    { "verify", "Usage:\n  vigilctl verify [OPTION…]\n" },
  };

  g_autoptr(GString) wrong = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = vigilctl_on (f, NULL, commands[i].command, "--help", NULL);
      g_auto(GStrv) lines = g_strsplit (run->out, "\n", 3);

      assert_exit (run, 0);
      if (strstr (run->out, commands[i].usage) == NULL)
        g_string_append_printf (wrong, "%s“vigilctl %s --help” says “%s”",
                                wrong->len ? "; " : "", commands[i].command,
                                lines[0] && lines[1] ? g_strstrip (lines[1]) : run->out);
    }
  /* Fails without stopping the other tests. */
  if (wrong->len > 0)
    g_test_fail_printf ("usage lines do not show how to run the command: %s", wrong->str);
}

/* init ------------------------------------------------------------------------------------- */

static void
test_init (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 3);
  g_autofree char *path = write_samples (f, "three.jsonl", samples);
  g_autoptr(Run) init = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) training = NULL;
  g_autoptr(Run) bogus = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) to_production = NULL;
  g_autoptr(Run) still = NULL;

  /* --db after the command works as well as before it. */
  init = vigilctl_on (f, NULL, "init", "--db", f->db, NULL);
  assert_exit (init, 0);
  assert_contains (init->out, "production");
  g_assert_true (g_file_test (f->db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (db_count (f->db, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);

  again = vigilctl (f, "init", NULL);
  assert_exit (again, 0);

  bogus = vigilctl (f, "init", "--purpose", "testing", NULL);
  assert_exit (bogus, 2);
  assert_contains (bogus->err, "production or training");

  training = vigilctl (f, "init", "--purpose", "training", NULL);
  assert_exit (training, 0);
  assert_contains (training->out, "training");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'set_purpose'"),
                   ==, 1);

  import = vigilctl (f, "import", path, NULL);
  assert_exit (import, 0);

  to_production = vigilctl (f, "init", "--purpose", "production", NULL);
  assert_exit (to_production, 1);
  assert_contains (to_production->err, "already holds 3 training decisions");
  assert_contains (to_production->err, "cannot change");

  still = vigilctl (f, "init", NULL);
  assert_exit (still, 0);
  assert_contains (still->out, "training");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM decisions"), ==, 3);
}

/* import ----------------------------------------------------------------------------------- */

static void
test_import_good (Fixture       *f,
                  gconstpointer  data)
{
  const guint n = 120;
  g_autoptr(GArray) samples = make_samples (0, n);
  g_autofree char *path = write_samples (f, "good.jsonl", samples);
  g_autofree char *rejected = g_strconcat (path, ".rejected", NULL);
  g_autoptr(Run) import = vigilctl (f, "import", "good.jsonl", NULL);
  g_autoptr(Run) list = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  g_autoptr(Run) newest = vigilctl (f, "decisions", "--json", "--limit", "7", NULL);
  g_autoptr(Run) table = vigilctl (f, "decisions", "--model", "CreditXGBoost", NULL);
  g_autoptr(Run) models = vigilctl (f, "models", "--json", NULL);
  g_autoptr(Run) stats = vigilctl (f, "stats", "--json", NULL);
  g_autoptr(Run) credit_stats = vigilctl (f, "stats", "--json", "--model", "CreditXGBoost", NULL);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) newest_rows = NULL;
  g_autoptr(GArray) model_rows = NULL;
  g_autoptr(GArray) stats_rows = NULL;
  g_autoptr(GArray) credit_rows = NULL;
  const char *names[] = { "CreditXGBoost", "MomentumSignal" };
  double sum = 0, credit_sum = 0;
  guint n_conf = 0, credit_conf = 0, credit_n = 0;
  JsonObject *o;

  assert_exit (import, 0);
  assert_contains (import->out, "Imported 120 decisions, rejected 0 lines");
  g_assert_false (g_file_test (rejected, G_FILE_TEST_EXISTS));

  /* Every field of every decision, as written. */
  assert_exit (list, 0);
  rows = parse_json_lines (list->out);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonLine *row = &g_array_index (rows, JsonLine, i);
      gint64 id = member_int (row->object, "id");

      /* Newest first; ids follow the file's order. */
      g_assert_cmpint (id, ==, n - i);
      assert_decision_is (row, &g_array_index (samples, Sample, id - 1));
    }

  assert_exit (newest, 0);
  newest_rows = parse_json_lines (newest->out);
  g_assert_cmpuint (newest_rows->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (member_int (json_at (newest_rows, i), "id"), ==, n - i);

  assert_exit (table, 0);
  assert_contains (table->out, "TIMESTAMP");
  assert_contains (table->out, "CreditXGBoost");
  g_assert_null (strstr (table->out, "MomentumSignal"));

  /* The model list: counts, first and last times. */
  assert_exit (models, 0);
  model_rows = parse_json_lines (models->out);
  g_assert_cmpuint (model_rows->len, ==, 2);
  for (guint m = 0; m < 2; m++)
    {
      const char *first = NULL, *last = NULL;
      gint64 count = 0;

      o = json_at (model_rows, m);
      for (guint i = 0; i < n; i++)
        {
          Sample *s = &g_array_index (samples, Sample, i);

          if (!g_str_equal (s->model_name, names[m]))
            continue;
          count++;
          if (first == NULL || strcmp (s->timestamp, first) < 0)
            first = s->timestamp;
          if (last == NULL || strcmp (s->timestamp, last) > 0)
            last = s->timestamp;
        }
      g_assert_cmpstr (member_str (o, "model_name"), ==, names[m]);
      g_assert_cmpint (member_int (o, "decisions"), ==, count);
      g_assert_cmpstr (member_str (o, "first_timestamp"), ==, first);
      g_assert_cmpstr (member_str (o, "last_timestamp"), ==, last);
    }

  for (guint i = 0; i < n; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);
      gboolean credit = g_str_equal (s->model_name, "CreditXGBoost");

      credit_n += credit;
      if (!s->has_confidence)
        continue;
      sum += s->confidence;
      n_conf++;
      if (credit)
        {
          credit_sum += s->confidence;
          credit_conf++;
        }
    }

  assert_exit (stats, 0);
  stats_rows = parse_json_lines (stats->out);
  g_assert_cmpuint (stats_rows->len, ==, 1);
  o = json_at (stats_rows, 0);
  g_assert_null (member_str (o, "model_name"));
  g_assert_cmpint (member_int (o, "total_decisions"), ==, n);
  g_assert_cmpint (member_int (o, "pending_reviews"), ==, n);
  g_assert_cmpint (member_int (o, "reviewed"), ==, 0);
  g_assert_cmpint (member_int (o, "flagged"), ==, 0);
  g_assert_cmpint (member_int (o, "alerts"), ==, 0);
  g_assert_cmpstr (member_str (o, "from"), ==, g_array_index (samples, Sample, 0).timestamp);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean_confidence"),
                                  sum / n_conf, 1e-9);

  assert_exit (credit_stats, 0);
  credit_rows = parse_json_lines (credit_stats->out);
  o = json_at (credit_rows, 0);
  g_assert_cmpstr (member_str (o, "model_name"), ==, "CreditXGBoost");
  g_assert_cmpint (member_int (o, "total_decisions"), ==, credit_n);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "mean_confidence"),
                                  credit_sum / credit_conf, 1e-9);

  g_free (verify_head (f, f->db, n + 1));
}

typedef struct
{
  GString    *line;       /* without its end of line */
  const char *reason;     /* a regex the reason vigilctl gives must match; NULL: a good line */
} MixedLine;

static void
mixed_line_clear (gpointer data)
{
  MixedLine *m = data;

  g_string_free (m->line, TRUE);
}

static void
add_line (GArray     *lines,
          const char *reason,
          const char *text,
          gssize      len)
{
  MixedLine m = { g_string_new_len (text, len < 0 ? (gssize) strlen (text) : len), reason };

  g_array_append_val (lines, m);
}

#define GOOD_HEAD "{\"model_name\": \"MomentumSignal\", \"model_version\": \"1\", " \
                  "\"decision_type\": \"trade_signal\", \"prediction\": \"BUY\""

/* Good lines with every kind of bad line between them. */
static GArray *
make_mixed_lines (GArray *good)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (MixedLine));
  g_autoptr(GString) long_name = g_string_new ("{\"model_name\": \"");
  g_autoptr(GString) huge = g_string_new (GOOD_HEAD ", \"explanation\": \"");
  guint next = 0;

  g_array_set_clear_func (lines, mixed_line_clear);

  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_name, 'm');
  g_string_append (long_name, "\", \"model_version\": \"1\", \"decision_type\": \"t\", "
                              "\"prediction\": \"BUY\"}");
  while (huge->len <= MAX_LINE + 4096)
    g_string_append (huge, "lorem ipsum dolor sit amet ");
  g_string_append (huge, "\"}");

#define GOOD() add_line (lines, NULL, g_array_index (good, Sample, next++).line, -1)
  GOOD ();
  GOOD ();
  add_line (lines, "JSON|expected", "{\"model_name\": \"MomentumSignal\", \"model_version\": \"1\"",
            -1);
  GOOD ();
  add_line (lines, "missing.*“prediction”",
            "{\"model_name\": \"M\", \"model_version\": \"1\", \"decision_type\": \"t\"}", -1);
  add_line (lines, "unknown field.*“colour”", GOOD_HEAD ", \"colour\": \"red\"}", -1);
  GOOD ();
  add_line (lines, "“confidence”.*number", GOOD_HEAD ", \"confidence\": \"high\"}", -1);
  add_line (lines, "“model_name”.*string",
            "{\"model_name\": 42, \"model_version\": \"1\", \"decision_type\": \"t\", "
            "\"prediction\": \"BUY\"}", -1);
  add_line (lines, "outside \\[0, 1\\]", GOOD_HEAD ", \"confidence\": 1.5}", -1);
  GOOD ();
  add_line (lines, "outside \\[0, 1\\]", GOOD_HEAD ", \"confidence\": -0.1}", -1);
  /* JSON has no NaN or infinity: refused as JSON or as a number out of range. */
  add_line (lines, ".", GOOD_HEAD ", \"confidence\": NaN}", -1);
  add_line (lines, ".", GOOD_HEAD ", \"confidence\": 1e999}", -1);
  add_line (lines, "timestamp.*2026-02-30",
            GOOD_HEAD ", \"timestamp\": \"2026-02-30T10:00:00Z\"}", -1);
  GOOD ();
  add_line (lines, "UTF-8", "{\"model_name\": \"Mom\xff\xfentum\", \"model_version\": \"1\", "
            "\"decision_type\": \"t\", \"prediction\": \"BUY\"}", -1);
  add_line (lines, "“model_name”.*(limit|long)", long_name->str, long_name->len);
  add_line (lines, "longer than|too long", huge->str, huge->len);
  add_line (lines, "object", "[\"BUY\", 0.5]", -1);
  add_line (lines, NULL, "", 0);                         /* blank: skipped, still counted */
  GOOD ();
  {
    /* A CRLF line end is accepted. */
    g_autofree char *crlf = g_strconcat (g_array_index (good, Sample, next++).line, "\r", NULL);
    add_line (lines, NULL, crlf, -1);
  }
  while (next < good->len)
    GOOD ();
#undef GOOD
  return lines;
}

static char *
mixed_text (GArray   *lines,
            gboolean  bad_only,
            gsize    *out_len)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      MixedLine *m = &g_array_index (lines, MixedLine, i);

      if (bad_only && m->reason == NULL)
        continue;
      g_string_append_len (text, m->line->str, m->line->len);
      g_string_append_c (text, '\n');
    }
  *out_len = text->len;
  return g_string_free (text, FALSE);
}

static guint
count_bad (GArray *lines)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_array_index (lines, MixedLine, i).reason != NULL;
  return n;
}

static void
test_import_mixed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) good = make_samples (0, 12);
  g_autoptr(GArray) lines = make_mixed_lines (good);
  g_autofree char *path = fixture_path (f, "mixed.jsonl");
  g_autofree char *quarantine = fixture_path (f, "mixed.jsonl.rejected");
  g_autofree char *text = NULL, *expected_rejects = NULL, *rejects = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(GArray) rows = NULL;
  g_auto(GStrv) err_lines = NULL;
  gsize len, expected_len, rejects_len;
  guint n_bad = count_bad (lines), named = 0;

  text = mixed_text (lines, FALSE, &len);
  write_file (path, text, len);
  expected_rejects = mixed_text (lines, TRUE, &expected_len);

  import = vigilctl (f, "import", "mixed.jsonl", NULL);
  assert_exit (import, 3);
  summary = g_strdup_printf ("Imported %u decisions, rejected %u lines", good->len, n_bad);
  assert_contains (import->out, summary);
  assert_contains (import->out, "mixed.jsonl.rejected");

  /* FILE:LINE: reason, for each bad line and no other. */
  err_lines = g_strsplit (import->err, "\n", -1);
  for (guint i = 0; i < lines->len; i++)
    {
      MixedLine *m = &g_array_index (lines, MixedLine, i);
      g_autofree char *where = g_strdup_printf ("mixed.jsonl:%u: ", i + 1);
      const char *reason = NULL;

      for (guint j = 0; err_lines[j] && reason == NULL; j++)
        if (g_str_has_prefix (err_lines[j], where))
          reason = err_lines[j] + strlen (where);
      if (m->reason == NULL)
        g_assert_null (reason);
      else
        assert_matches (reason, m->reason);
    }
  for (guint i = 0; err_lines[i]; i++)
    named += g_str_has_prefix (err_lines[i], "mixed.jsonl:");
  g_assert_cmpuint (named, ==, n_bad);

  /* The quarantine holds the bad lines as they were, in order. */
  rejects = read_file (quarantine, &rejects_len);
  g_assert_cmpmem (rejects, rejects_len, expected_rejects, expected_len);

  /* The good lines, all of them. */
  list = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  assert_exit (list, 0);
  rows = parse_json_lines (list->out);
  g_assert_cmpuint (rows->len, ==, good->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonLine *row = &g_array_index (rows, JsonLine, i);
      assert_decision_is (row, &g_array_index (good, Sample, member_int (row->object, "id") - 1));
    }
  g_free (verify_head (f, f->db, good->len + 1));
}

static void
test_import_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) good = make_samples (0, 12);
  g_autoptr(GArray) lines = make_mixed_lines (good);
  g_autofree char *path = fixture_path (f, "mixed.jsonl");
  g_autofree char *quarantine = fixture_path (f, "held back.txt");
  g_autofree char *default_quarantine = fixture_path (f, "mixed.jsonl.rejected");
  g_autofree char *text = NULL, *expected_rejects = NULL, *rejects = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(GArray) out = NULL;
  gsize len, expected_len, rejects_len;
  guint n_bad = count_bad (lines), k = 0;
  JsonObject *o;

  text = mixed_text (lines, FALSE, &len);
  write_file (path, text, len);
  expected_rejects = mixed_text (lines, TRUE, &expected_len);

  import = vigilctl (f, "import", "--json", "--quarantine", quarantine, path, NULL);
  assert_exit (import, 3);
  out = parse_json_lines (import->out);
  g_assert_cmpuint (out->len, ==, n_bad + 1);

  for (guint i = 0; i < lines->len; i++)
    {
      MixedLine *m = &g_array_index (lines, MixedLine, i);

      if (m->reason == NULL)
        continue;
      o = json_at (out, k);
      /* "kind" first, so that a script can tell the lines apart before reading the rest */
      g_assert_true (g_str_has_prefix (g_array_index (out, JsonLine, k).text,
                                       "{\"kind\":\"rejection\","));
      k++;
      g_assert_cmpstr (member_str (o, "source"), ==, path);
      g_assert_cmpint (member_int (o, "line"), ==, i + 1);
      assert_matches (member_str (o, "reason"), m->reason);
    }

  o = json_at (out, n_bad);
  g_assert_true (g_str_has_prefix (g_array_index (out, JsonLine, n_bad).text,
                                   "{\"kind\":\"summary\","));
  g_assert_cmpstr (member_str (o, "source"), ==, path);
  g_assert_cmpint (member_int (o, "lines"), ==, lines->len);
  g_assert_cmpint (member_int (o, "imported"), ==, good->len);
  g_assert_cmpint (member_int (o, "rejected"), ==, n_bad);
  g_assert_cmpint (member_int (o, "first_id"), ==, 1);
  g_assert_cmpint (member_int (o, "last_id"), ==, good->len);
  g_assert_cmpstr (member_str (o, "quarantine"), ==, quarantine);
  g_assert_true (json_object_get_boolean_member (o, "complete"));

  rejects = read_file (quarantine, &rejects_len);
  g_assert_cmpmem (rejects, rejects_len, expected_rejects, expected_len);
  g_assert_false (g_file_test (default_quarantine, G_FILE_TEST_EXISTS));
}

/* Now plus @seconds, in Vigil's stored form without the fraction */
static char *
utc_now_text (int seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) t = g_date_time_add_seconds (now, seconds);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
}

/* "Decisions per day" over a period that reaches into today counts a day that is not over:
 * stats says so, and how to ask for complete days. */
static void
test_stats_today (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) stats = NULL;
  g_autoptr(Run) whole = NULL;

  import = vigilctl_stdin (f, GOOD_HEAD "}\n", "import", "-", NULL);
  assert_exit (import, 0);

  stats = vigilctl (f, "stats", NULL);
  assert_exit (stats, 0);
  assert_contains (stats->out, "reaches into today");
  assert_contains (stats->out, today);

  whole = vigilctl (f, "stats", "--to", today, NULL);
  assert_exit (whole, 0);
  g_assert_null (strstr (whole->out, "reaches into today"));
}

static void
test_import_stdin (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 3);
  g_autofree char *quarantine = fixture_path (f, "stdin.rejected");
  g_autofree char *rejects = NULL, *input = NULL, *before = NULL, *after = NULL;
  const char *bad = "{\"model_name\": \"M\", \"prediction\": \"BUY\"}";
  const char *undated = GOOD_HEAD "}";
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) clean = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(GArray) rows = NULL;

  input = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n", g_array_index (samples, Sample, 0).line,
                           g_array_index (samples, Sample, 1).line, bad, undated,
                           g_array_index (samples, Sample, 2).line);

  before = utc_now_text (-1);
  import = vigilctl_stdin (f, input, "import", "-", NULL);
  after = utc_now_text (+1);
  assert_exit (import, 3);
  assert_contains (import->out, "Imported 4 decisions, rejected 1 lines");
  assert_matches (import->err, "(^|\n)[^\n]*:3: missing");
  rejects = read_file (quarantine, NULL);
  g_assert_cmpstr (rejects, ==, "{\"model_name\": \"M\", \"prediction\": \"BUY\"}\n");

  /* A decision without a timestamp is logged at the time of the import. */
  list = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  assert_exit (list, 0);
  rows = parse_json_lines (list->out);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonLine *row = &g_array_index (rows, JsonLine, i);
      gint64 id = member_int (row->object, "id");

      if (id == 3)
        {
          const char *ts = member_str (row->object, "timestamp");

          g_assert_cmpstr (ts, >=, before);
          g_assert_cmpstr (ts, <=, after);
          g_assert_cmpstr (member_str (row->object, "prediction"), ==, "BUY");
        }
      else
        assert_decision_is (row, &g_array_index (samples, Sample, id < 3 ? id - 1 : id - 2));
    }

  clean = vigilctl_stdin (f, g_array_index (samples, Sample, 0).line, "import", "-", NULL);
  assert_exit (clean, 0);
  assert_contains (clean->out, "Imported 1 decisions, rejected 0 lines");
}

/* The decimal value of a JSON number as "digits e exponent", without redundant zeros, so that
 * 1.5e3, 1500 and 15E2 compare equal. */
static char *
decimal_value (const char *number)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = number;
  gboolean negative = *p == '-';
  gint64 exponent = 0;

  if (*p == '-' || *p == '+')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    g_string_append_c (digits, *p);
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, exponent--)
      g_string_append_c (digits, *p);
  if (*p == 'e' || *p == 'E')
    exponent += g_ascii_strtoll (p + 1, NULL, 10);
  while (digits->len > 1 && digits->str[0] == '0')
    g_string_erase (digits, 0, 1);
  while (digits->len > 1 && digits->str[digits->len - 1] == '0')
    {
      g_string_truncate (digits, digits->len - 1);
      exponent++;
    }
  if (g_str_equal (digits->str, "0"))
    negative = FALSE, exponent = 0;
  return g_strdup_printf ("%s%se%" G_GINT64_FORMAT, negative ? "-" : "", digits->str, exponent);
}

/* A line is either rejected or logged as written: the log must never hold a decision other
 * than the one the model gave. Text with an escaped NUL (\u0000) and integers beyond 64 bits
 * are valid JSON that a C string or a gint64 cannot hold as they are. */
static void
test_import_no_silent_change (Fixture       *f,
                              gconstpointer  data)
{
  static const struct {
    const char *line;
    const char *account;    /* the number written, when the line is about one */
  } cases[] = {
    { GOOD_HEAD ", \"explanation\": \"NUL \\u0000 inside\"}", NULL },
    { "{\"model_name\": \"MomentumSignal\", \"model_version\": \"1\", \"decision_type\": \"t\", "
      "\"prediction\": \"BUY\\u0000SELL\"}", NULL },
    { GOOD_HEAD ", \"input_features\": {\"account\": 123456789012345678901234567890}}",
      "123456789012345678901234567890" },
    { GOOD_HEAD ", \"input_features\": {\"account\": 18446744073709551615}}",
      "18446744073709551615" },
    { GOOD_HEAD ", \"input_features\": {\"account\": -9223372036854775809}}",
      "-9223372036854775809" },
  };

  g_autoptr(GString) wrong = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("case%u.jsonl", i);
      g_autofree char *path = fixture_path (f, name);
      g_autofree char *db = g_strdup_printf ("%s/case%u.db", f->dir, i);
      g_autofree char *line = g_strconcat (cases[i].line, "\n", NULL);
      g_autofree char *features = NULL;
      g_autoptr(Run) import = NULL;
      g_autoptr(Run) list = NULL;
      g_autoptr(GArray) rows = NULL;
      JsonLine *row;
      gboolean changed;

      write_file (path, line, -1);
      import = vigilctl_on (f, db, "import", name, NULL);
      if (import->status == 3)
        continue;
      assert_exit (import, 0);
      list = vigilctl_on (f, db, "decisions", "--json", NULL);
      rows = parse_json_lines (list->out);
      g_assert_cmpuint (rows->len, ==, 1);
      row = &g_array_index (rows, JsonLine, 0);
      features = raw_features (row->text);

      if (cases[i].account)
        {
          g_autofree char *written = decimal_value (cases[i].account);
          g_autofree char *kept = NULL;

          g_assert_true (g_str_has_prefix (features, "{\"account\":"));
          kept = decimal_value (features + strlen ("{\"account\":"));
          changed = !g_str_equal (written, kept);
        }
      else if (i == 0)
        changed = g_strcmp0 (member_str (row->object, "explanation"), "NUL ") == 0;
      else
        changed = g_strcmp0 (member_str (row->object, "prediction"), "BUY") == 0;
      if (changed)
        {
          g_test_message ("%s was logged as %s", cases[i].line, row->text);
          g_string_append_printf (wrong, "%sline %u", wrong->len ? ", " : "", i + 1);
        }
    }

  /* Fails without stopping the other tests. */
  if (wrong->len > 0)
    g_test_fail_printf ("lines accepted and logged with other contents: %s", wrong->str);
}

/* export ----------------------------------------------------------------------------------- */

static char *
decisions_chain_head (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (db, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(VigilLedgerReport) report = NULL;

  g_assert_no_error (error);
  report = vigil_store_verify (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
  return g_strdup (vigil_ledger_report_get_table_head (report, "decisions"));
}

static void
test_export_jsonl (Fixture       *f,
                   gconstpointer  data)
{
  const guint n = 90;
  g_autoptr(GArray) samples = make_samples (0, n);
  g_autofree char *copy = fixture_path (f, "copy.db");
  g_autofree char *file = fixture_path (f, "export.jsonl");
  g_autofree char *written = NULL;
  g_autofree char *head_a = NULL, *head_b = NULL, *chain_a = NULL, *chain_b = NULL;
  g_autoptr(Run) to_stdout = NULL;
  g_autoptr(Run) to_file = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) list_a = NULL;
  g_autoptr(Run) list_b = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) model = NULL;
  g_autoptr(Run) range = NULL;
  g_autoptr(Run) bad_range = NULL;
  g_autoptr(GArray) model_rows = NULL;
  g_autoptr(GArray) range_rows = NULL;
  const char *from = "2026-03-02T03:00:00+01:00", *to = "2026-03-02T06:30:00Z";
  const char *from_utc = "2026-03-02T02:00:00.000000", *to_utc = "2026-03-02T06:30:00.000000";
  guint n_credit = 0, n_range = 0;

  import_samples (f, f->db, "samples.jsonl", samples);

  to_stdout = vigilctl (f, "export", NULL);
  assert_exit (to_stdout, 0);
  to_file = vigilctl (f, "export", "--format", "jsonl", "-o", file, NULL);
  assert_exit (to_file, 0);
  assert_contains (to_file->err, "Exported 90 decisions");
  written = read_file (file, NULL);
  g_assert_cmpstr (written, ==, to_stdout->out);

  /* Into an empty database: the same decisions, ids and record hashes. */
  import = vigilctl_on (f, copy, "import", file, NULL);
  assert_exit (import, 0);
  list_a = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  list_b = vigilctl_on (f, copy, "decisions", "--json", "--limit", "0", NULL);
  assert_exit (list_a, 0);
  assert_exit (list_b, 0);
  g_assert_cmpuint (strlen (list_a->out), >, 1000);
  g_assert_cmpstr (list_a->out, ==, list_b->out);

  head_a = verify_head (f, f->db, n + 1);
  head_b = verify_head (f, copy, n + 1);
  g_assert_cmpstr (strchr (head_a, '@'), ==, strchr (head_b, '@'));
  chain_a = decisions_chain_head (f->db);
  chain_b = decisions_chain_head (copy);
  g_assert_cmpstr (chain_a, ==, chain_b);

  again = vigilctl_on (f, copy, "export", NULL);
  assert_exit (again, 0);
  g_assert_cmpstr (again->out, ==, to_stdout->out);

  /* Filters */
  for (guint i = 0; i < n; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      n_credit += g_str_equal (s->model_name, "CreditXGBoost");
      n_range += strcmp (s->timestamp, from_utc) >= 0 && strcmp (s->timestamp, to_utc) < 0;
    }
  g_assert_cmpuint (n_range, >, 0);
  g_assert_cmpuint (n_range, <, n);

  model = vigilctl (f, "export", "--model", "CreditXGBoost", NULL);
  assert_exit (model, 0);
  model_rows = parse_json_lines (model->out);
  g_assert_cmpuint (model_rows->len, ==, n_credit);
  for (guint i = 0; i < model_rows->len; i++)
    g_assert_cmpstr (member_str (json_at (model_rows, i), "model_name"), ==, "CreditXGBoost");

  range = vigilctl (f, "export", "--from", from, "--to", to, NULL);
  assert_exit (range, 0);
  range_rows = parse_json_lines (range->out);
  g_assert_cmpuint (range_rows->len, ==, n_range);
  for (guint i = 0; i < range_rows->len; i++)
    {
      const char *ts = member_str (json_at (range_rows, i), "timestamp");

      g_assert_cmpstr (ts, >=, from_utc);
      g_assert_cmpstr (ts, <, to_utc);
    }

  bad_range = vigilctl (f, "export", "--from", "2026-02-30", NULL);
  assert_exit (bad_range, 2);
  assert_contains (bad_range->err, "--from");
}

/* RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for a quote. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *record = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; ; p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
          {
            g_assert_true (*p != '"');
            g_string_append_c (field, *p++);
          }

      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      /* A record ends with CRLF, never a bare LF. */
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (record, NULL);
      g_ptr_array_add (records, g_ptr_array_free (record, FALSE));
      record = g_ptr_array_new ();
    }
  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_free (record, TRUE);
  g_string_free (field, TRUE);
  return records;
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  static const char *header[] = {
    "id", "timestamp", "model_name", "model_version", "decision_type", "input_features",
    "input_hash", "prediction", "confidence", "explanation", "ticker", "sector", "portfolio_id",
    "user_id", "actual_outcome", "outcome_date", "reviewed_by", "review_date", "review_status",
    "review_notes", "anomaly_flag", "anomaly_reason", "record_hash", "event_id", NULL,
  };
  const guint n = 40;
  g_autoptr(GArray) samples = make_samples (0, n);
  g_autofree char *file = fixture_path (f, "decisions.csv");
  g_autofree char *text = NULL;
  g_autoptr(Run) csv = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) model = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) model_records = NULL;
  g_autoptr(GArray) rows = NULL;
  guint n_momentum = 0, quoted = 0;

  import_samples (f, f->db, "samples.jsonl", samples);
  csv = vigilctl (f, "export", "--format", "csv", "--output", file, NULL);
  assert_exit (csv, 0);
  text = read_file (file, NULL);
  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, n + 1);
  g_assert_cmpstrv ((char **) g_ptr_array_index (records, 0), header);

  list = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  assert_exit (list, 0);
  rows = parse_json_lines (list->out);

  for (guint r = 1; r < records->len; r++)
    {
      char **fields = g_ptr_array_index (records, r);
      Sample *s = &g_array_index (samples, Sample, r - 1);
      JsonObject *o = json_at (rows, n - r);    /* the listing is newest first */
      g_autofree char *id = g_strdup_printf ("%u", r);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length ((char **) header));
      g_assert_cmpstr (fields[0], ==, id);
      g_assert_cmpstr (fields[1], ==, s->timestamp);
      g_assert_cmpstr (fields[2], ==, s->model_name);
      g_assert_cmpstr (fields[5], ==, s->input_features);
      g_assert_cmpstr (fields[6], ==, member_str (o, "input_hash"));
      g_assert_cmpstr (fields[7], ==, s->prediction);
      if (s->has_confidence)
        g_assert_cmpfloat (g_ascii_strtod (fields[8], NULL), ==, s->confidence);
      else
        g_assert_cmpstr (fields[8], ==, "");
      g_assert_cmpstr (fields[9], ==, s->explanation ? s->explanation : "");
      g_assert_cmpstr (fields[13], ==, s->user_id ? s->user_id : "");
      g_assert_cmpstr (fields[18], ==, "pending");
      g_assert_cmpstr (fields[20], ==, "0");
      g_assert_cmpstr (fields[22], ==, member_str (o, "record_hash"));
      quoted += s->explanation == explanations[QUOTED_EXPLANATION];
      n_momentum += g_str_equal (s->model_name, "MomentumSignal") &&
                    strcmp (s->timestamp, "2026-03-02T02:00:00") < 0;
    }
  g_assert_cmpuint (quoted, >, 0);

  model = vigilctl (f, "export", "--format", "csv", "--model", "MomentumSignal", "--to",
                    "2026-03-02T03:00:00+01:00", NULL);
  assert_exit (model, 0);
  model_records = parse_csv (model->out);
  g_assert_cmpuint (n_momentum, >, 0);
  g_assert_cmpuint (model_records->len, ==, n_momentum + 1);
  for (guint r = 1; r < model_records->len; r++)
    {
      char **fields = g_ptr_array_index (model_records, r);

      g_assert_cmpstr (fields[2], ==, "MomentumSignal");
      g_assert_cmpstr (fields[1], <, "2026-03-02T02:00:00");
    }

  bad = vigilctl (f, "export", "--format", "xlsx", NULL);
  assert_exit (bad, 2);
  assert_contains (bad->err, "jsonl or csv");
}

/* ack, review, outcome --------------------------------------------------------------------- */

static gint64
add_alert (const char *db,
           const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (db, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilAlert) alert = NULL;
  gboolean inserted = FALSE;

  g_assert_no_error (error);
  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                           "SELL share rose from 20% to 45%");
  vigil_alert_set_subject (alert, subject);
  vigil_alert_set_windows (alert, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z",
                           "2026-03-09T00:00:00Z");
  vigil_alert_set_evidence (alert, 0.45, 0.2, 0.2, 120, 840, 1e-6);
  vigil_store_add_alert (store, alert, &inserted, &error);
  g_assert_no_error (error);
  g_assert_true (inserted);
  return vigil_alert_get_id (alert);
}

static gint64
count_events (Fixture *f)
{
  return db_count (f->db, "SELECT count(*) FROM events");
}

/* Several ids: those acknowledged already or unknown are skipped and named, the others are
 * acknowledged, and the exit status says not all were; the app follows the same rule. */
static void
test_ack_many (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 10);
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) several = NULL;
  g_autoptr(Run) unacked = NULL;
  gint64 events;

  import_samples (f, f->db, "samples.jsonl", samples);
  g_assert_cmpint (add_alert (f->db, "SELL"), ==, 1);
  g_assert_cmpint (add_alert (f->db, "BUY"), ==, 2);
  g_assert_cmpint (add_alert (f->db, "HOLD"), ==, 3);

  first = vigilctl (f, "ack", "1", "--by", "Ana Risk", NULL);
  assert_exit (first, 0);
  events = count_events (f);

  several = vigilctl (f, "ack", "2", "1", "99", "3", "--by", "Bo Compliance", NULL);
  assert_exit (several, 1);
  assert_contains (several->out, "Alert 2 acknowledged by Bo Compliance\n"
                                 "Alert 3 acknowledged by Bo Compliance\n");
  assert_contains (several->err, "Alert 1 was already acknowledged by Ana Risk");
  assert_contains (several->err, "There is no alert 99");
  g_assert_cmpint (count_events (f), ==, events + 2);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM alerts WHERE acknowledged_by = "
                                    "'Ana Risk' AND id = 1"), ==, 1);

  unacked = vigilctl (f, "alerts", "--unacknowledged", "--json", NULL);
  assert_exit (unacked, 0);
  g_assert_cmpstr (unacked->out, ==, "");
}

static void
test_ack_review_outcome (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 10);
  g_autoptr(Run) alerts = NULL;
  g_autoptr(Run) ack = NULL;
  g_autoptr(Run) ack_again = NULL;
  g_autoptr(Run) ack_missing = NULL;
  g_autoptr(Run) ack_nobody = NULL;
  g_autoptr(Run) unacked = NULL;
  g_autoptr(Run) all = NULL;
  g_autoptr(Run) review_bad = NULL;
  g_autoptr(Run) review_missing = NULL;
  g_autoptr(Run) review = NULL;
  g_autoptr(Run) approved = NULL;
  g_autoptr(Run) outcome = NULL;
  g_autoptr(Run) outcome_missing = NULL;
  g_autoptr(Run) outcome_list = NULL;
  g_autoptr(GArray) rows = NULL;
  JsonObject *o;
  gint64 first, second, events;

  import_samples (f, f->db, "samples.jsonl", samples);
  first = add_alert (f->db, "SELL");
  second = add_alert (f->db, "BUY");
  g_assert_cmpint (first, ==, 1);
  g_assert_cmpint (second, ==, 2);

  alerts = vigilctl (f, "alerts", "--unacknowledged", "--json", NULL);
  assert_exit (alerts, 0);
  rows = parse_json_lines (alerts->out);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_array_unref);

  events = count_events (f);
  ack = vigilctl (f, "ack", "1", "--by", "Ana Risk", "--note", "Desk confirmed the sell-off", NULL);
  assert_exit (ack, 0);
  assert_contains (ack->out, "Alert 1 acknowledged by Ana Risk");
  g_assert_cmpint (count_events (f), ==, events + 1);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'acknowledge' "
                                    "AND actor = 'Ana Risk' AND target = 'alert:1'"), ==, 1);

  ack_again = vigilctl (f, "ack", "1", "--by", "Bo Compliance", NULL);
  assert_exit (ack_again, 1);
  assert_contains (ack_again->err, "already acknowledged by Ana Risk");
  ack_missing = vigilctl (f, "ack", "99", "--by", "Bo Compliance", NULL);
  assert_exit (ack_missing, 1);
  assert_contains (ack_missing->err, "no alert 99");
  ack_nobody = vigilctl (f, "ack", "2", NULL);
  assert_exit (ack_nobody, 2);
  assert_contains (ack_nobody->err, "--by");
  g_assert_cmpint (count_events (f), ==, events + 1);

  unacked = vigilctl (f, "alerts", "--unacknowledged", "--json", NULL);
  assert_exit (unacked, 0);
  rows = parse_json_lines (unacked->out);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (member_int (json_at (rows, 0), "id"), ==, 2);
  g_clear_pointer (&rows, g_array_unref);

  all = vigilctl (f, "alerts", "--json", NULL);
  assert_exit (all, 0);
  rows = parse_json_lines (all->out);
  g_assert_cmpuint (rows->len, ==, 2);
  o = member_int (json_at (rows, 0), "id") == 1 ? json_at (rows, 0) : json_at (rows, 1);
  g_assert_cmpint (member_int (o, "acknowledged"), ==, 1);
  g_assert_cmpstr (member_str (o, "acknowledged_by"), ==, "Ana Risk");
  g_assert_cmpstr (member_str (o, "ack_note"), ==, "Desk confirmed the sell-off");
  g_assert_nonnull (member_str (o, "acknowledged_at"));
  g_assert_cmpstr (member_str (o, "severity"), ==, "HIGH");
  g_assert_cmpstr (member_str (o, "subject"), ==, "SELL");
  g_assert_cmpint (member_int (o, "n_recent"), ==, 120);
  g_clear_pointer (&rows, g_array_unref);

  /* Reviews */
  events = count_events (f);
  review_bad = vigilctl (f, "review", "2", "--by", "Ana Risk", "--status", "fine", NULL);
  assert_exit (review_bad, 2);
  assert_contains (review_bad->err, "approved, escalated or overridden");
  review_missing = vigilctl (f, "review", "999", "--by", "Ana Risk", "--status", "approved", NULL);
  assert_exit (review_missing, 1);
  assert_contains (review_missing->err, "no decision 999");
  g_assert_cmpint (count_events (f), ==, events);

  review = vigilctl (f, "review", "2", "--by", "Ana Risk", "--status", "approved", "--notes",
                     "Within policy, «ok»", NULL);
  assert_exit (review, 0);
  g_assert_cmpint (count_events (f), ==, events + 1);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'review' "
                                    "AND actor = 'Ana Risk' AND target = 'decision:2'"), ==, 1);
  approved = vigilctl (f, "decisions", "--json", "--status", "approved", NULL);
  assert_exit (approved, 0);
  rows = parse_json_lines (approved->out);
  g_assert_cmpuint (rows->len, ==, 1);
  o = json_at (rows, 0);
  g_assert_cmpint (member_int (o, "id"), ==, 2);
  g_assert_cmpstr (member_str (o, "review_status"), ==, "approved");
  g_assert_cmpstr (member_str (o, "reviewed_by"), ==, "Ana Risk");
  g_assert_cmpstr (member_str (o, "review_notes"), ==, "Within policy, «ok»");
  g_assert_nonnull (member_str (o, "review_date"));
  g_clear_pointer (&rows, g_array_unref);

  /* Outcomes */
  outcome = vigilctl (f, "outcome", "3", "--value", "DEFAULTED", "--date",
                      "2026-04-01T12:00:00+02:00", "--by", "Ana Risk", NULL);
  assert_exit (outcome, 0);
  g_assert_cmpint (count_events (f), ==, events + 2);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'outcome' "
                                    "AND actor = 'Ana Risk' AND target = 'decision:3'"), ==, 1);
  outcome_missing = vigilctl (f, "outcome", "999", "--value", "x", NULL);
  assert_exit (outcome_missing, 1);
  assert_contains (outcome_missing->err, "no decision 999");
  g_assert_cmpint (count_events (f), ==, events + 2);

  outcome_list = vigilctl (f, "decisions", "--json", "--limit", "0", NULL);
  rows = parse_json_lines (outcome_list->out);
  for (guint i = 0; i < rows->len; i++)
    {
      o = json_at (rows, i);
      if (member_int (o, "id") != 3)
        continue;
      g_assert_cmpstr (member_str (o, "actual_outcome"), ==, "DEFAULTED");
      g_assert_cmpstr (member_str (o, "outcome_date"), ==, "2026-04-01T10:00:00.000000");
    }

  /* Decisions, alerts and the four events (import, ack, review, outcome) still verify. */
  g_free (verify_head (f, f->db, 10 + 2 + 4));
}

/* verify ----------------------------------------------------------------------------------- */

static void
test_verify_edit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 40);
  g_autoptr(Run) verify = NULL;
  g_autoptr(Run) verify_json = NULL;
  g_autoptr(GArray) rows = NULL;
  JsonObject *o;

  import_samples (f, f->db, "samples.jsonl", samples);
  g_free (verify_head (f, f->db, 41));

  db_exec (f->db, "DROP TRIGGER decisions_immutable;"
                  "UPDATE decisions SET prediction = 'SELL (edited)' WHERE id = 17;");
  verify = vigilctl (f, "verify", NULL);
  assert_exit (verify, 1);
  assert_contains (verify->out, "decisions");
  assert_contains (verify->out, "row 17");
  assert_contains (verify->out, "edited");
  g_assert_null (strstr (verify->out, "intact"));

  verify_json = vigilctl (f, "verify", "--json", NULL);
  assert_exit (verify_json, 1);
  rows = parse_json_lines (verify_json->out);
  o = json_at (rows, 0);
  g_assert_false (json_object_get_boolean_member (o, "intact"));
  g_assert_cmpstr (member_str (o, "broken_table"), ==, "decisions");
  g_assert_cmpint (member_int (o, "broken_id"), ==, 17);
  g_assert_null (member_str (o, "head"));
}

static void
test_verify_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 40);
  g_autoptr(Run) verify = NULL;

  import_samples (f, f->db, "samples.jsonl", samples);
  db_exec (f->db, "DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 23;");
  verify = vigilctl (f, "verify", NULL);
  assert_exit (verify, 1);
  assert_contains (verify->out, "decisions");
  assert_contains (verify->out, "row 23");
  assert_contains (verify->out, "deleted");
}

static void
test_verify_expect_head (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GArray) first = make_samples (0, 30);
  g_autoptr(GArray) more = make_samples (30, 20);
  g_autofree char *more_path = write_samples (f, "more.jsonl", more);
  g_autofree char *sealed = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) grown = NULL;
  g_autoptr(Run) tail_cut = NULL;
  g_autoptr(Run) sealed_cut = NULL;
  g_autoptr(Run) nonsense = NULL;

  import_samples (f, f->db, "first.jsonl", first);
  sealed = verify_head (f, f->db, 31);
  g_assert_true (g_str_has_suffix (sealed, "@30.0.1"));

  import = vigilctl (f, "import", more_path, NULL);
  assert_exit (import, 0);
  grown = vigilctl (f, "verify", "--expect-head", sealed, NULL);
  assert_exit (grown, 0);
  assert_contains (grown->out, "intact: 52 records");

  /* Rows after the sealed head may go unnoticed by it, but not the trigger dropped to delete
   * them; rows it sealed may not. */
  db_exec (f->db, "DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id > 40;");
  tail_cut = vigilctl (f, "verify", "--expect-head", sealed, NULL);
  assert_exit (tail_cut, 1);
  assert_contains (tail_cut->out, "trigger decisions_no_delete is missing");

  db_exec (f->db, "DROP TRIGGER IF EXISTS decisions_no_delete; "
                  "DELETE FROM decisions WHERE id > 27;");
  sealed_cut = vigilctl (f, "verify", "--expect-head", sealed, NULL);
  assert_exit (sealed_cut, 1);
  assert_contains (sealed_cut->out, "decisions");
  assert_contains (sealed_cut->out, "deleted");

  nonsense = vigilctl (f, "verify", "--expect-head", "cafe@1.2", NULL);
  assert_exit (nonsense, 1);
  assert_contains (nonsense->err, "not a ledger head");
}

/* Bad databases ---------------------------------------------------------------------------- */

static void
assert_file_is (const char *path,
                const char *contents,
                gsize       len)
{
  gsize now_len;
  g_autofree char *now = read_file (path, &now_len);

  g_assert_cmpmem (now, now_len, contents, len);
}

static void
test_db_missing (Fixture       *f,
                 gconstpointer  data)
{
  const char *commands[] = { "decisions", "models", "verify", "alerts", "stats", "export" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = vigilctl (f, commands[i], NULL);

      assert_exit (run, 1);
      assert_contains (run->err, "no database");
      assert_contains (run->err, f->db);
      g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
    }
}

/* Messages that say what is true: ":memory:" is no file, an empty file is no Vigil database
 * yet (not one "whose schema needs bringing up to date"). */
static void
test_db_not_a_log (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *empty = fixture_path (f, "empty.db");
  const char *commands[] = { "init", "verify", "decisions" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = vigilctl_on (f, ":memory:", commands[i], NULL);

      assert_exit (run, 1);
      assert_contains (run->err, "“:memory:” is not a file");
      g_assert_null (strstr (run->err, "not an error"));
    }

  /* Commands that only read open it read-only */
  write_file (empty, "", 0);
  {
    g_autoptr(Run) listed = vigilctl_on (f, empty, "decisions", NULL);
    g_autoptr(Run) verified = vigilctl_on (f, empty, "verify", "--no-checkpoint", NULL);
    g_autoptr(Run) init = NULL, verify = NULL;

    assert_exit (listed, 1);
    assert_exit (verified, 1);
    assert_contains (listed->err, "is an empty file, not yet a Vigil database");
    assert_contains (verified->err, "is an empty file, not yet a Vigil database");
    g_assert_null (strstr (listed->err, "brought up to date"));

    init = vigilctl_on (f, empty, "init", NULL);
    assert_exit (init, 0);
    verify = vigilctl_on (f, empty, "verify", "--no-checkpoint", NULL);
    assert_exit (verify, 0);
  }
}

/* A dry run tells the alerts it would store from those stored before. */
static void
test_detect_dry_run_labels (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *sim = fixture_path (f, "sim.db");
  g_autofree char *decisions = fixture_path (f, "decisions.jsonl");
  g_autoptr(Run) simulate = NULL, exported = NULL, imported = NULL;
  g_autoptr(Run) dry = NULL, real = NULL, again = NULL;

  simulate = vigilctl_on (f, sim, "simulate", "--start", "2026-01-01", "--days", "6", NULL);
  assert_exit (simulate, 0);
  exported = vigilctl_on (f, sim, "export", "--output", decisions, NULL);
  assert_exit (exported, 0);
  /* The same decisions, and no alert stored yet */
  imported = vigilctl (f, "import", decisions, NULL);
  assert_exit (imported, 0);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM alerts"), ==, 0);

  dry = vigilctl (f, "detect", "--dry-run", "--as-of", "2026-01-05", NULL);
  assert_exit (dry, 0);
  assert_contains (dry->out, "[would be new]");
  g_assert_null (strstr (dry->out, "[already recorded]"));
  assert_contains (dry->out, "of them would be new (dry run: nothing stored)");
  g_assert_null (strstr (dry->out, " 0 of them would be new"));
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM alerts"), ==, 0);

  real = vigilctl (f, "detect", "--as-of", "2026-01-05", NULL);
  assert_exit (real, 0);
  again = vigilctl (f, "detect", "--dry-run", "--as-of", "2026-01-05", NULL);
  assert_exit (again, 0);
  assert_contains (again->out, "[already recorded]");
  g_assert_null (strstr (again->out, "[would be new]"));
  assert_contains (again->out, ", 0 of them would be new");
}

/* Every command refuses the file with @message and leaves it as it was. */
static void
assert_refused (Fixture    *f,
                const char *message)
{
  g_autoptr(GArray) samples = make_samples (0, 2);
  g_autofree char *path = write_samples (f, "samples.jsonl", samples);
  g_autofree char *before = NULL;
  const char *const commands[][5] = {
    { "decisions", NULL }, { "verify", NULL }, { "models", NULL }, { "init", NULL },
    { "import", "samples.jsonl", NULL }, { "ack", "1", "--by", "Ana Risk", NULL },
  };
  gsize len;

  before = read_file (f->db, &len);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_argv (f, f->db, NULL, commands[i]);

      assert_exit (run, 1);
      assert_contains (run->err, message);
      assert_contains (run->err, "changed");
      assert_file_is (f->db, before, len);
    }
}

static void
test_db_garbage (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1789);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (guint i = 0; i < 64 * 1024; i++)
    {
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
      g_byte_array_append (bytes, &b, 1);
    }
  write_file (f->db, (const char *) bytes->data, bytes->len);
  assert_refused (f, "not a database Vigil can read");
}

static void
test_db_foreign (Fixture       *f,
                 gconstpointer  data)
{
  db_exec (f->db, "CREATE TABLE contacts (name TEXT, phone TEXT);"
                  "INSERT INTO contacts VALUES ('Ana', '+34 600 000 000');");
  assert_refused (f, "another application");
}

static void
test_db_newer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Run) init = vigilctl (f, "init", NULL);

  assert_exit (init, 0);
  db_exec (f->db, "PRAGMA user_version = 99");
  assert_refused (f, "newer Vigil");
}

static void
test_db_read_only (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 5);
  g_autofree char *path = write_samples (f, "more.jsonl", samples);
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) ack = NULL;

  import_samples (f, f->db, "samples.jsonl", samples);
  g_assert_cmpint (g_chmod (f->db, 0444), ==, 0);
  if (access (f->db, W_OK) == 0)
    {
      g_test_skip ("the tests run as a user whom file permissions do not stop (root)");
      return;
    }

  list = vigilctl (f, "decisions", "--json", NULL);
  assert_exit (list, 0);
  assert_contains (list->out, "\"id\":5");

  import = vigilctl (f, "import", path, NULL);
  assert_exit (import, 1);
  assert_contains (import->err, "read-only");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM decisions"), ==, 5);
}

static void
test_db_locked (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GArray) samples = make_samples (0, 5);
  g_autofree char *path = write_samples (f, "samples.jsonl", samples);
  g_autoptr(Run) init = vigilctl (f, "init", NULL);
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) later = NULL;
  g_autoptr(sqlite3) holder = NULL;
  gint64 start, elapsed;

  assert_exit (init, 0);
  holder = db_open (f->db, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  import = vigilctl (f, "import", path, NULL);
  elapsed = g_get_monotonic_time () - start;
  assert_exit (import, 1);
  assert_contains (import->err, "locked");
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);

  /* Reading does not wait for the writer. */
  list = vigilctl (f, "decisions", NULL);
  assert_exit (list, 0);

  g_assert_cmpint (sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&holder, sqlite3_close);
  later = vigilctl (f, "import", path, NULL);
  assert_exit (later, 0);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM decisions"), ==, 5);
}

/* Crash ------------------------------------------------------------------------------------ */

static void
test_kill_import (Fixture       *f,
                  gconstpointer  data)
{
  const guint n = 300000;
  g_autofree char *path = fixture_path (f, "large.jsonl");
  g_autoptr(GString) text = g_string_sized_new (n * 180);
  g_autoptr(Run) init = vigilctl (f, "init", NULL);
  g_autoptr(Run) models = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(GArray) model_rows = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) reader = NULL;
  g_autofree char *head = NULL;
  gint64 committed = 0, after, listed = 0, deadline;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "{\"timestamp\": \"2026-03-%02uT%02u:%02u:%02uZ\", "
                            "\"model_name\": \"Model%u\", \"model_version\": \"1\", "
                            "\"decision_type\": \"trade_signal\", \"prediction\": \"%s\", "
                            "\"confidence\": 0.%03u, \"input_features\": {\"i\": %u}}\n",
                            1 + i / 86400, i / 3600 % 24, i / 60 % 60, i % 60, i % 4,
                            i % 2 ? "BUY" : "SELL", i % 1000, i);
  write_file (path, text->str, text->len);
  assert_exit (init, 0);

  reader = db_open (f->db, SQLITE_OPEN_READONLY);
  launcher = new_launcher (f, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  proc = g_subprocess_launcher_spawn (launcher, &error, vigilctl_path (), "--db", f->db, "import",
                                      path, NULL);
  g_assert_no_error (error);

  /* Wait for a few committed batches, then kill it in the middle of its work. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while ((committed = db_query_int (reader, "SELECT count(*) FROM decisions")) < 2 * BATCH_SIZE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
  g_subprocess_send_signal (proc, SIGKILL);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
  g_clear_pointer (&reader, sqlite3_close);

  /* Only whole batches, each with its import event, the ledger intact, the model list in
   * step. */
  after = db_count (f->db, "SELECT count(*) FROM decisions");
  g_test_message ("killed after %" G_GINT64_FORMAT " decisions", after);
  g_assert_cmpint (after, >=, committed);
  g_assert_cmpint (after, <, n);
  g_assert_cmpint (after % BATCH_SIZE, ==, 0);
  g_assert_cmpint (db_count (f->db, "SELECT max(json_extract(details, '$.last_id')) FROM events "
                                    "WHERE action = 'import'"), ==, after);
  head = verify_head (f, f->db, -1);
  g_clear_pointer (&head, g_free);

  models = vigilctl (f, "models", "--json", NULL);
  assert_exit (models, 0);
  model_rows = parse_json_lines (models->out);
  for (guint i = 0; i < model_rows->len; i++)
    listed += member_int (json_at (model_rows, i), "decisions");
  g_assert_cmpint (listed, ==, after);

  /* Run again, the import resumes after the last committed line: every line once. */
  again = vigilctl (f, "import", path, NULL);
  assert_exit (again, 0);
  assert_contains (again->out, "Resumed after line ");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM decisions"), ==, n);
  g_assert_cmpint (db_count (f->db, "SELECT count(DISTINCT json_extract(input_features, '$.i')) "
                                    "FROM decisions"), ==, n);
  head = verify_head (f, f->db, -1);
}

/* policy ----------------------------------------------------------------------------------- */

static void
test_policy (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *good = fixture_path (f, "credit.ini");
  g_autofree char *bad = fixture_path (f, "bad.ini");
  g_autofree char *sim = fixture_path (f, "sim.db");
  g_autoptr(Run) init = vigilctl (f, "init", NULL);
  g_autoptr(Run) shown = NULL, set = NULL, after = NULL, refused = NULL, lone_by = NULL;
  g_autoptr(Run) verify = NULL, simulate = NULL, detect = NULL, detect_file = NULL;
  g_autoptr(Run) sim_set = NULL, detect_segments = NULL, detect_segments_bad = NULL;
  g_autofree char *segments = fixture_path (f, "segments.ini");

  assert_exit (init, 0);

  /* A new database's policy is the notebook's */
  shown = vigilctl (f, "policy", NULL);
  assert_exit (shown, 0);
  assert_contains (shown->out, "[distribution_shift]\nenabled = true\nseverity = HIGH\n"
                               "threshold = 0.2\n");
  assert_contains (shown->out, "min_samples = 20\n");

  write_file (good, "[volume_anomaly]\nhigh_ratio = 3\n\n"
                    "[model CreditXGBoost]\ndistribution_shift.threshold = 0.05\n"
                    "concentration_risk.enabled = false\n", -1);
  set = vigilctl (f, "policy", "--set", good, "--by", "Ana Risk", NULL);
  assert_exit (set, 0);
  assert_contains (set->out, "now the one in force");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'policy' "
                                    "AND actor = 'Ana Risk' AND target = 'policy'"), ==, 1);

  after = vigilctl (f, "policy", NULL);
  assert_exit (after, 0);
  assert_contains (after->out, "[volume_anomaly]\nenabled = true\nseverity = LOW\n"
                               "high_ratio = 3\n");
  assert_contains (after->out, "[model CreditXGBoost]\ndistribution_shift.threshold = 0.05\n"
                               "concentration_risk.enabled = false\n");

  /* A bad file is refused by line, and changes nothing */
  write_file (bad, "[defaults]\nwindow_days = 1\nbaseline_days = soon\n", -1);
  refused = vigilctl (f, "policy", "--set", bad, NULL);
  assert_exit (refused, 1);
  assert_contains (refused->err, "bad.ini:3: “baseline_days” must be a number");
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'policy'"), ==, 1);
  lone_by = vigilctl (f, "policy", "--by", "Ana Risk", NULL);
  assert_exit (lone_by, 2);
  assert_contains (lone_by->err, "--by goes with --set");

  /* The change is in the ledger, which is intact */
  verify = vigilctl (f, "verify", NULL);
  assert_exit (verify, 0);

  /* detect uses the database's policy, unless --policy names another */
  simulate = vigilctl_on (f, sim, "simulate", "--start", "2026-01-01", "--days", "6", NULL);
  assert_exit (simulate, 0);
  sim_set = vigilctl_on (f, sim, "policy", "--set", good, NULL);
  assert_exit (sim_set, 0);
  detect = vigilctl_on (f, sim, "detect", "--dry-run", "-v", "--json", "--model", "CreditXGBoost",
                        "--as-of", "2026-01-06T00:00:00Z", NULL);
  assert_exit (detect, 0);
  assert_contains (detect->out, "\"alert_type\":\"distribution_shift\"");
  assert_contains (detect->out, "\"threshold\":0.05");
  g_assert_null (strstr (detect->out, "\"alert_type\":\"concentration_risk\""));
  detect_file = vigilctl_on (f, sim, "detect", "--dry-run", "-v", "--json", "--model",
                             "CreditXGBoost", "--as-of", "2026-01-06T00:00:00Z", "--policy", bad,
                             NULL);
  assert_exit (detect_file, 1);
  assert_contains (detect_file->err, "bad.ini:3:");

  /* Checks per sector: each result names its segment */
  write_file (segments, "[model MomentumSignal]\nsegment_by = sector\nmin_segment_size = 5\n",
              -1);
  detect_segments = vigilctl_on (f, sim, "detect", "--dry-run", "-v", "--json", "--model",
                                 "MomentumSignal", "--as-of", "2026-01-06T00:00:00Z",
                                 "--policy", segments, NULL);
  assert_exit (detect_segments, 0);
  assert_contains (detect_segments->out, "\"segment_by\":\"sector\",\"segment\":\"Energy\"");
  assert_contains (detect_segments->out, "\"segment_by\":null,\"segment\":null");
  assert_contains (detect_segments->out, "sector “Energy”: ");
  write_file (segments, "[model MomentumSignal]\nsegment_by = desk\n", -1);
  detect_segments_bad = vigilctl_on (f, sim, "detect", "--dry-run", "--policy", segments, NULL);
  assert_exit (detect_segments_bad, 1);
  assert_contains (detect_segments_bad->err,
                   "segments.ini:2: “segment_by” must be one of sector, portfolio_id, user_id, "
                   "ticker, or none, not “desk”");
}

/* report: a simulated week to PDF and JSON, signed, recorded; verify accepts the head it printed */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *pdf = fixture_path (f, "week.pdf");
  g_autofree char *json = fixture_path (f, "week.json");
  g_autofree char *head = NULL, *text = NULL;
  g_autoptr(Run) simulate = NULL, report = NULL, verify = NULL, tampered = NULL;
  g_autoptr(Run) tampered_full = NULL;
  g_autoptr(Run) bad_signer = NULL, bad_paper = NULL, bad_model = NULL, empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *p;

  simulate = vigilctl (f, "simulate", "--start", "2026-11-01", "--days", "6", NULL);
  assert_exit (simulate, 0);
  report = vigilctl (f, "report", "--from", "2026-11-01", "--to", "2026-11-07", "--pdf", pdf,
                     "--json", json, "--paper", "letter", "--signer", "risk-officer=Alex Chen",
                     "--signer", "Head of Model Validation=Priya Rao", "--signer", "internal audit",
                     "--by", "Sam Preparer", NULL);
  assert_exit (report, 0);
  assert_contains (report->out, "Decisions: 900");
  p = strstr (report->out, "Sealed head: ");
  g_assert_nonnull (p);
  head = g_strndup (p + strlen ("Sealed head: "), strcspn (p + strlen ("Sealed head: "), "\n"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (json, &text, NULL, &error));
  assert_contains (text, head);
  assert_contains (text, "\"name\":\"Alex Chen\"");
  assert_contains (text, "\"role\":\"Risk Officer\"");
  assert_contains (text, "\"role\":\"Head of Model Validation\",\"name\":\"Priya Rao\"");
  assert_contains (text, "\"role\":\"internal audit\",\"name\":null");
  assert_contains (text, "\"prepared_by\":\"Sam Preparer\"");
  assert_contains (report->out, "Prepared by: Sam Preparer");
  assert_contains (report->out, "To be signed by: Head of Model Validation, Priya Rao");
  /* Named to sign is not signed: the reports row claims no signature */
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM reports WHERE signed_by IS NULL"),
                   ==, 1);
  {
    const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
    g_autofree char *pdf_out = NULL;
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_out, NULL, &status, &error));
    assert_contains (pdf_out, "Prepared by: Sam Preparer");
    assert_contains (pdf_out, "Head of Model Validation");
    assert_contains (pdf_out, "Priya Rao");
    assert_contains (pdf_out, "Signature");
  }
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM reports WHERE pdf_sha256 IS NOT NULL"),
                   ==, 1);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = 'report_exported'"),
                   ==, 1);

  /* The head still holds after the export's own event was appended */
  verify = vigilctl (f, "verify", "--expect-head", head, NULL);
  assert_exit (verify, 0);

  empty = vigilctl (f, "report", "--from", "2025-01-01", "--to", "2025-01-08", NULL);
  assert_exit (empty, 0);
  assert_contains (empty->out, "Decisions: 0");
  assert_contains (empty->out, "[NO DATA] Logging:");
  assert_contains (empty->out, "[NO DATA] Ongoing monitoring:");

  bad_signer = vigilctl (f, "report", "--signer", " =Someone", NULL);
  assert_exit (bad_signer, 2);
  assert_contains (bad_signer->err, "ROLE=NAME");
  bad_paper = vigilctl (f, "report", "--paper", "a5", NULL);
  assert_exit (bad_paper, 2);
  assert_contains (bad_paper->err, "a4 or letter");
  bad_model = vigilctl (f, "report", "--model", "Nope", NULL);
  assert_exit (bad_model, 1);
  assert_contains (bad_model->err, "Nope");

  /* A tampered log: the report says so, and exits 1 */
  {
    g_autoptr(sqlite3) db = NULL;

    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER decisions_immutable; UPDATE decisions SET "
                                   "prediction = prediction || 'X' WHERE id = 10", NULL, NULL, NULL),
                     ==, SQLITE_OK);
  }
  /* Row 10 is before the checkpoint the verify above recorded: every report verifies in full
   * all the same, and names the edit (this printed "Met" before). */
  tampered = vigilctl (f, "report", "--from", "2026-11-01", "--to", "2026-11-07", NULL);
  assert_exit (tampered, 1);
  assert_contains (tampered->out, "Ledger NOT intact");
  assert_contains (tampered->err, "table decisions, row 10: edited");
  assert_contains (tampered->err, "trigger decisions_immutable is missing");
  g_assert_null (strstr (tampered->out, "found only by a full verification"));
  tampered_full = vigilctl (f, "report", "--from", "2026-11-01", "--to", "2026-11-07",
                            "--full-verify", NULL);
  assert_exit (tampered_full, 1);
  assert_contains (tampered_full->out, "Ledger NOT intact");
  assert_contains (tampered_full->out, "[NOT MET] Logging: The ledger is broken");
  assert_contains (tampered_full->out, "[NOT MET] Ongoing monitoring: The ledger is broken");
}

/* verify records a checkpoint; the report starts from it and its head is accepted later */
static void
test_verify_checkpoint (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) first = make_samples (0, 30);
  g_autoptr(GArray) more = make_samples (30, 20);
  g_autofree char *more_path = write_samples (f, "more.jsonl", more);
  g_autofree char *before = NULL, *head = NULL, *expected = NULL;
  g_autoptr(Run) verify = NULL, verify_json = NULL, import = NULL, report = NULL;
  g_autoptr(Run) full = NULL, later = NULL, tampered = NULL;
  g_autoptr(GArray) rows = NULL;
  const char *p;

  import_samples (f, f->db, "first.jsonl", first);
  before = verify_head (f, f->db, 31);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = "
                                    "'ledger_verified'"), ==, 0);

  /* The head printed is that of the records verified, before the checkpoint's event */
  verify = vigilctl (f, "verify", NULL);
  assert_exit (verify, 0);
  expected = g_strdup_printf ("intact: 31 records, head %s\ncheckpoint: recorded as event 2 ",
                              before);
  assert_contains (verify->out, expected);
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = "
                                    "'ledger_verified' AND id = 2 AND details LIKE "
                                    "'%\"records\":31,%'"), ==, 1);
  verify_json = vigilctl (f, "verify", "--json", "--no-checkpoint", NULL);
  assert_exit (verify_json, 0);
  rows = parse_json_lines (verify_json->out);
  g_assert_cmpint (member_int (json_at (rows, 0), "records"), ==, 32);
  g_assert_null (member_str (json_at (rows, 0), "checkpoint_event"));
  g_assert_cmpint (db_count (f->db, "SELECT count(*) FROM events WHERE action = "
                                    "'ledger_verified'"), ==, 1);

  /* The report verifies every record all the same, and says what it checked */
  import = vigilctl (f, "import", more_path, NULL);
  assert_exit (import, 0);
  report = vigilctl (f, "report", "--from", "2026-01-01", "--to", "2026-12-31", NULL);
  assert_exit (report, 0);
  assert_contains (report->out, "Ledger intact: 53 records verified in full now");
  assert_contains (report->out, "no earlier report had sealed a head");
  p = strstr (report->out, "Sealed head: ");
  g_assert_nonnull (p);
  head = g_strndup (p + strlen ("Sealed head: "), strcspn (p + strlen ("Sealed head: "), "\n"));
  full = vigilctl (f, "report", "--from", "2026-01-01", "--to", "2026-12-31", "--full-verify",
                   NULL);
  assert_exit (full, 0);
  assert_contains (full->out, "verified in full now");
  assert_contains (full->out, head);

  later = vigilctl (f, "verify", "--expect-head", head, "--no-checkpoint", NULL);
  assert_exit (later, 0);

  /* An edit after the checkpoint is found by the default report */
  db_exec (f->db, "DROP TRIGGER decisions_immutable;"
                  "UPDATE decisions SET prediction = 'SELL (edited)' WHERE id = 45;");
  tampered = vigilctl (f, "report", "--from", "2026-01-01", "--to", "2026-12-31", NULL);
  assert_exit (tampered, 1);
  assert_contains (tampered->out, "Ledger NOT intact: table decisions, row 45: edited");
  assert_contains (tampered->out, "[NOT MET] Logging: The ledger is broken");
}

/* A simulation with its SELL surge on day 4 (2026-11-04): its alert is listed for a range of
 * that day, not the next, with when it was raised apart; acknowledged right after, it took
 * seconds, not a day. */
static void
test_alert_day (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Run) simulate = NULL, day = NULL, next = NULL, table = NULL, ack = NULL;
  g_autoptr(Run) report = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) next_rows = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = fixture_path (f, "day.json");
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o = NULL, *root;
  JsonArray *alerts;
  g_autoptr(GError) error = NULL;

  simulate = vigilctl (f, "simulate", "--start", "2026-11-01", "--days", "6", "--anomaly",
                       "sell_surge", NULL);
  assert_exit (simulate, 0);

  day = vigilctl (f, "alerts", "--from", "2026-11-04", "--to", "2026-11-05", "--model",
                  "MomentumSignal", "--json", NULL);
  assert_exit (day, 0);
  rows = parse_json_lines (day->out);
  for (guint i = 0; i < rows->len && o == NULL; i++)
    if (g_strcmp0 (member_str (json_at (rows, i), "alert_type"), "distribution_shift") == 0)
      o = json_at (rows, i);
  g_assert_nonnull (o);
  g_assert_cmpstr (member_str (o, "window_start"), ==, "2026-11-04T00:00:00.000000");
  g_assert_cmpstr (member_str (o, "window_end"), ==, "2026-11-05T00:00:00.000000");
  /* Raised by the backtest, today, well after the day it describes */
  g_assert_nonnull (member_str (o, "raised_at"));
  g_assert_cmpstr (member_str (o, "raised_at"), >, "2026-11-05T00:00:00.000000");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (o, "id"));

  /* The next day's range does not list it */
  next = vigilctl (f, "alerts", "--from", "2026-11-05", "--to", "2026-11-06", "--json", NULL);
  assert_exit (next, 0);
  next_rows = parse_json_lines (next->out);
  for (guint i = 0; i < next_rows->len; i++)
    g_assert_cmpint (member_int (json_at (next_rows, i), "id"), !=, member_int (o, "id"));

  table = vigilctl (f, "alerts", "--from", "2026-11-04", "--to", "2026-11-05", NULL);
  assert_exit (table, 0);
  assert_contains (table->out, "WINDOW (UTC)");
  assert_contains (table->out, "RAISED AT");
  assert_contains (table->out, "2026-11-04 00:00 to 2026-11-05 00:00");

  ack = vigilctl (f, "ack", id, "--by", "Ana Risk", NULL);
  assert_exit (ack, 0);
  report = vigilctl (f, "report", "--from", "2026-11-04", "--to", "2026-11-05", "--json", json,
                     NULL);
  assert_exit (report, 0);
  g_assert_true (g_file_get_contents (json, &text, NULL, &error));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  alerts = json_object_get_array_member (root, "alerts");
  o = NULL;
  for (guint i = 0; i < json_array_get_length (alerts) && o == NULL; i++)
    if (json_object_get_int_member (json_array_get_object_element (alerts, i), "id") ==
        g_ascii_strtoll (id, NULL, 10))
      o = json_array_get_object_element (alerts, i);
  /* The report of day 4 lists the alert of day 4, acknowledged within a minute */
  g_assert_nonnull (o);
  g_assert_cmpfloat (json_object_get_double_member (o, "hours_to_acknowledge"), <, 1.0 / 60.0);
}

/* A SELL surge and a confidence collapse too mild for confidence_shift on the same day: the
 * collapse is missed, not credited with the surge's distribution_shift. */
static void
test_simulate_credits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Run) text = NULL, json = NULL;
  g_autofree char *other = fixture_path (f, "other.db");
  g_autoptr(GArray) rows = NULL;
  JsonArray *anomalies;

  text = vigilctl (f, "simulate", "--start", "2026-11-01", "--days", "6", "--anomaly",
                   "sell_surge,confidence_collapse", "--intensity", "confidence_collapse=0.2",
                   NULL);
  assert_exit (text, 0);
  assert_contains (text->out, "sell_surge           day 4: caught by Distribution shift");
  assert_contains (text->out, "confidence_collapse  day 4: missed. Meant to be caught by "
                              "Confidence shift on MomentumSignal and CreditXGBoost.");
  g_assert_null (strstr (text->out, "confidence_collapse  day 4: caught"));

  json = vigilctl_on (f, other, "simulate", "--start", "2026-11-01", "--days", "6", "--anomaly",
                      "sell_surge,confidence_collapse", "--intensity", "confidence_collapse=0.2",
                      "--json", NULL);
  assert_exit (json, 0);
  rows = parse_json_lines (json->out);
  g_assert_cmpstr (member_str (json_at (rows, 0), "kind"), ==, "scorecard");
  anomalies = json_object_get_array_member (json_at (rows, 0), "anomalies");
  g_assert_cmpuint (json_array_get_length (anomalies), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (anomalies, 1),
                                                  "anomaly"), ==, "confidence_collapse");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (anomalies, 1),
                                                  "caught"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (anomalies, 0),
                                                 "caught"));
}

/* Exit status 2 for a command line that cannot be run as written; 1 stays for failures -------- */

static void
test_exit_usage (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *args[8];
    const char *says;
  } usage[] = {
    { { "frobnicate" }, "unknown command" },
    { { "--colour", "decisions" }, "unknown option" },
    { { "decisions", "--colour" }, "--colour" },
    { { "decisions", "--limit", "many" }, "--limit" },
    { { "decisions", "--limit", "-1" }, "--limit" },
    { { "decisions", "--status", "fine" }, "pending, approved" },
    { { "alerts", "--severity", "SEVERE" }, "LOW, MEDIUM or HIGH" },
    { { "alerts", "--from", "yesterday" }, "--from" },
    { { "import" }, "give one file" },
    { { "import", "a.jsonl", "b.jsonl" }, "give one file" },
    { { "follow" }, "spool" },
    { { "follow", "--poll-ms", "1", "spool.jsonl" }, "--poll-ms" },
    { { "follow", "spool.jsonl", "spool.jsonl" }, "given twice" },
    { { "export", "--format", "xlsx" }, "jsonl or csv" },
    { { "export", "--raw-csv" }, "--raw-csv" },
    { { "export", "--ledger", "--format", "csv", "--raw-csv" }, "--raw-csv" },
    { { "export", "--ledger" }, "--ledger" },
    { { "ack", "--by", "Ana Risk" }, "alert ids" },
    { { "ack", "one", "--by", "Ana Risk" }, "not an id" },
    { { "review", "1", "--by", "Ana Risk" }, "--status" },
    { { "review", "1", "--by", "Ana Risk", "--status", "pending" }, "approved, escalated" },
    { { "outcome", "1" }, "--value" },
    { { "models", "--set-desk", "M" }, "needs the desk" },
    { { "models", "--set-desk", "M", "--clear-desk", "M", "D" }, "either" },
    { { "access", "extra" }, "unexpected argument" },
    { { "copy", "--to", "mysql://db.example/vigil" }, "mysql://db.example/vigil" },
    { { "copy" }, "--to" },
    { { "seal", "extra" }, "unexpected argument" },
    { { "report", "--paper", "a5" }, "a4 or letter" },
    { { "detect", "--model", "M", "--all" }, "not both" },
    { { "detect", "--backtest" }, "--backtest" },
    { { "detect", "--from", "2026-01-01" }, "--backtest" },
    { { "detect", "--fail-on", "SEVERE" }, "--fail-on" },
    { { "detect", "--fail-on" }, "--fail-on" },
    { { "simulate", "--intensity", "lots" }, "lots" },
    { { "simulate", "--anomaly", "meteor" }, "meteor" },
    { { "policy", "--by", "Ana Risk" }, "--by goes with --set" },
    { { "init", "--purpose", "testing" }, "production or training" },
  };
  g_autofree char *missing = fixture_path (f, "missing.db");
  g_autofree char *policy = fixture_path (f, "policy.ini");
  g_autoptr(Run) no_db = NULL, bad_policy = NULL, no_command = NULL;
  const char *const nothing[] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autoptr(Run) run = run_argv (f, f->db, NULL, usage[i].args);

      assert_exit (run, 2);
      assert_contains (run->err, usage[i].says);
      g_assert_cmpstr (run->out, ==, "");
    }
  no_command = run_argv (f, NULL, NULL, nothing);
  assert_exit (no_command, 2);
  assert_contains (no_command->err, "Usage: vigilctl");
  /* Nothing was created by a command line that was refused */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));

  /* What the database, a file or the data refuse is a failure, 1 */
  no_db = vigilctl_on (f, missing, "decisions", NULL);
  assert_exit (no_db, 1);
  write_file (policy, "[defaults]\nwindow_days = soon\n", -1);
  bad_policy = vigilctl_on (f, missing, "detect", "--policy", policy, NULL);
  assert_exit (bad_policy, 1);
  assert_contains (bad_policy->err, "policy.ini:2:");
}

/* The command list of --help: every description starts in the same column, counted in
 * characters ("SPOOL…" is one column longer than "SPOOL", not three) */
static void
test_help_columns (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Run) help = vigilctl_on (f, NULL, "--help", NULL);
  g_auto(GStrv) lines = NULL;
  const char *list;
  glong column = -1;
  guint n = 0;

  assert_exit (help, 0);
  list = strstr (help->out, "Commands:\n");
  g_assert_nonnull (list);
  lines = g_strsplit (list + strlen ("Commands:\n"), "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *line = lines[i];
      const char *gap = strstr (line + 2, "  ");
      const char *description;
      glong at;

      g_assert_true (g_str_has_prefix (line, "  ") && line[2] != ' ');
      g_assert_nonnull (gap);
      for (description = gap; *description == ' '; description++)
        ;
      at = g_utf8_pointer_to_offset (line, description);
      if (column < 0)
        column = at;
      if (at != column)
        g_test_fail_printf ("“%s”: its description starts in column %ld, not %ld", line, at,
                            column);
      n++;
    }
  g_assert_cmpuint (n, >=, 19);
  assert_contains (help->out, "\n  follow SPOOL…  ");
  assert_contains (help->out, "\n  ack ALERT_ID…  ");
  assert_contains (help->out, "2 usage error");
  assert_contains (help->out, "4 detect --fail-on");
}

/* CSV cells a spreadsheet would run as formulas --------------------------------------------- */

static void
test_export_csv_formulas (Fixture       *f,
                          gconstpointer  data)
{
  const char *input =
    "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\","
    "\"prediction\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\",\"confidence\":0.25,"
    "\"explanation\":\"@SUM(A1:A9)\",\"ticker\":\"+CMD\",\"sector\":\"\\tTab\","
    "\"portfolio_id\":\"-2+3\",\"user_id\":\"\\rCR\"}\n"
    "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\","
    "\"prediction\":\"-0.5\",\"confidence\":0,\"explanation\":\"a = b\"}\n";
  g_autoptr(Run) import = vigilctl_stdin (f, input, "import", "-", NULL);
  g_autoptr(Run) csv = NULL, raw = NULL, ledger = NULL;
  g_autoptr(GPtrArray) records = NULL, raw_records = NULL;
  char **first, **second, **raw_first;

  assert_exit (import, 0);
  csv = vigilctl (f, "export", "--format", "csv", NULL);
  assert_exit (csv, 0);
  records = parse_csv (csv->out);
  g_assert_cmpuint (records->len, ==, 3);
  first = g_ptr_array_index (records, 1);
  second = g_ptr_array_index (records, 2);
  g_assert_cmpstr (first[7], ==, "'=HYPERLINK(\"http://x\",\"y\")");
  g_assert_cmpstr (first[8], ==, "0.25");
  g_assert_cmpstr (first[9], ==, "'@SUM(A1:A9)");
  g_assert_cmpstr (first[10], ==, "'+CMD");
  g_assert_cmpstr (first[11], ==, "'\tTab");
  g_assert_cmpstr (first[12], ==, "'-2+3");
  g_assert_cmpstr (first[13], ==, "'\rCR");
  g_assert_cmpstr (first[0], ==, "1");
  g_assert_cmpstr (first[20], ==, "0");
  /* A plain number stays a number, in a text column too; text not at risk is as it was */
  g_assert_cmpstr (second[7], ==, "-0.5");
  g_assert_cmpstr (second[8], ==, "0");
  g_assert_cmpstr (second[9], ==, "a = b");

  raw = vigilctl (f, "export", "--format", "csv", "--raw-csv", NULL);
  assert_exit (raw, 0);
  raw_records = parse_csv (raw->out);
  raw_first = g_ptr_array_index (raw_records, 1);
  g_assert_cmpstr (raw_first[7], ==, "=HYPERLINK(\"http://x\",\"y\")");
  g_assert_cmpstr (raw_first[9], ==, "@SUM(A1:A9)");
  g_assert_cmpstr (raw_first[12], ==, "-2+3");
  g_assert_cmpstr (raw_first[8], ==, "0.25");

  /* The ledger's CSV begins every text cell with ' already */
  ledger = vigilctl (f, "export", "--ledger", "--format", "csv", NULL);
  assert_exit (ledger, 0);
  assert_contains (ledger->out, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
}

/* detect --fail-on, --notify-command and the policy's notify_command ------------------------ */

/* A database holding the six simulated days of test_detect_dry_run_labels, and no alert yet:
 * checked as of 2026-01-05, the fourth day's incident raises HIGH and lower alerts. */
static void
import_simulated_days (Fixture    *f,
                       const char *db)
{
  g_autofree char *sim = fixture_path (f, "sim.db");
  g_autofree char *decisions = fixture_path (f, "simulated.jsonl");

  if (!g_file_test (decisions, G_FILE_TEST_EXISTS))
    {
      g_autoptr(Run) simulate = vigilctl_on (f, sim, "simulate", "--start", "2026-01-01",
                                             "--days", "6", NULL);
      g_autoptr(Run) exported = NULL;

      assert_exit (simulate, 0);
      exported = vigilctl_on (f, sim, "export", "--output", decisions, NULL);
      assert_exit (exported, 0);
    }
  {
    g_autoptr(Run) imported = vigilctl_on (f, db, "import", decisions, NULL);

    assert_exit (imported, 0);
    g_assert_cmpint (db_count (db, "SELECT count(*) FROM alerts"), ==, 0);
  }
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  text = read_file (path, NULL);
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_detect_fail_on_notify (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *notified = fixture_path (f, "notified.jsonl");
  g_autofree char *env = fixture_path (f, "env.txt");
  g_autofree char *dry_file = fixture_path (f, "dry.jsonl");
  g_autofree char *text = NULL, *env_text = NULL;
  const char *command = "printf '%s %s %s\\n' \"$VIGIL_ALERT_ID\" \"$VIGIL_ALERT_SEVERITY\" "
                        "\"$VIGIL_ALERT_MODEL\" >> env.txt; cat >> notified.jsonl";
  g_autoptr(Run) dry = NULL, first = NULL, listed = NULL, again = NULL, json = NULL;
  g_autoptr(GArray) sent = NULL, stored = NULL, checks = NULL;
  g_autoptr(GString) expected_env = g_string_new (NULL);
  gboolean high = FALSE;
  static const struct {
    const char *args[6];
    const char *kind;
  } kinds[] = {
    { { "decisions", "--json", "--limit", "3" }, "decision" },
    { { "models", "--json" }, "model" },
    { { "stats", "--json" }, "stats" },
    { { "verify", "--json", "--no-checkpoint" }, "verify" },
    { { "seal", "--json", "--new-key", "signing.key" }, "key" },
    { { "seal", "--json", "--witness", "vigil.witness" }, "seal" },
  };

  import_simulated_days (f, f->db);

  /* A dry run raises nothing: no exit 4, no command */
  dry = vigilctl (f, "detect", "--dry-run", "--as-of", "2026-01-05", "--fail-on", "LOW",
                  "--notify-command", "cat >> dry.jsonl", NULL);
  assert_exit (dry, 0);
  assert_contains (dry->out, "[would be new]");
  g_assert_false (g_file_test (dry_file, G_FILE_TEST_EXISTS));

  first = vigilctl (f, "detect", "--as-of", "2026-01-05", "--fail-on", "HIGH",
                    "--notify-command", command, NULL);
  assert_exit (first, 4);

  /* One line per new alert, each the object `alerts --json` prints for it */
  listed = vigilctl (f, "alerts", "--json", NULL);
  assert_exit (listed, 0);
  stored = parse_json_lines (listed->out);
  g_assert_cmpuint (stored->len, >, 0);
  text = read_file (notified, NULL);
  sent = parse_json_lines (text);
  g_assert_cmpuint (sent->len, ==, stored->len);
  for (guint i = 0; i < sent->len; i++)
    {
      JsonLine *line = &g_array_index (sent, JsonLine, i);
      gboolean found = FALSE;

      g_assert_true (g_str_has_prefix (line->text, "{\"kind\":\"alert\","));
      for (guint j = 0; j < stored->len; j++)
        found |= g_str_equal (line->text, g_array_index (stored, JsonLine, j).text);
      g_assert_true (found);
      high |= g_strcmp0 (member_str (line->object, "severity"), "HIGH") == 0;
      g_string_append_printf (expected_env, "%" G_GINT64_FORMAT " %s %s\n",
                              member_int (line->object, "id"),
                              member_str (line->object, "severity"),
                              member_str (line->object, "model_name"));
    }
  g_assert_true (high);
  env_text = read_file (env, NULL);
  g_assert_cmpstr (env_text, ==, expected_env->str);

  /* The same run again raises nothing new: exit 0, nobody is told again */
  again = vigilctl (f, "detect", "--as-of", "2026-01-05", "--fail-on", "LOW",
                    "--notify-command", command, NULL);
  assert_exit (again, 0);
  assert_contains (again->out, "of them new");
  assert_contains (again->out, "[already recorded]");
  g_assert_cmpuint (count_lines (notified), ==, sent->len);

  /* detect --json: each check's line says it is one */
  json = vigilctl (f, "detect", "--json", "-v", "--as-of", "2026-01-05", NULL);
  assert_exit (json, 0);
  checks = parse_json_lines (json->out);
  g_assert_cmpuint (checks->len, >, 0);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (g_str_has_prefix (g_array_index (checks, JsonLine, i).text,
                                     "{\"kind\":\"check\","));

  /* And every other listing's lines say what they are, first */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(Run) run = run_argv (f, f->db, NULL, kinds[i].args);
      g_autoptr(GArray) lines = NULL;
      g_autofree char *prefix = g_strdup_printf ("{\"kind\":\"%s\",", kinds[i].kind);

      assert_exit (run, 0);
      lines = parse_json_lines (run->out);
      g_assert_cmpuint (lines->len, >, 0);
      for (guint j = 0; j < lines->len; j++)
        g_assert_true (g_str_has_prefix (g_array_index (lines, JsonLine, j).text, prefix));
    }
}

static void
test_detect_notify_fails (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *other = fixture_path (f, "other.db");
  g_autofree char *policy = fixture_path (f, "notify.ini");
  g_autofree char *by_policy = fixture_path (f, "by-policy.jsonl");
  g_autoptr(Run) set = NULL, failed = NULL, verify = NULL, shown = NULL;
  g_autoptr(Run) set_other = NULL, from_policy = NULL;
  gint64 alerts;

  import_simulated_days (f, f->db);
  write_file (policy, "[defaults]\nnotify_command = cat >> by-policy.jsonl\n", -1);
  set = vigilctl (f, "policy", "--set", policy, NULL);
  assert_exit (set, 0);
  shown = vigilctl (f, "policy", NULL);
  assert_contains (shown->out, "[defaults]\n");
  assert_contains (shown->out, "notify_command = cat >> by-policy.jsonl\n");

  /* The command line's command wins over the policy's; a failing one is named, makes the
   * exit status 1, and loses no alert */
  failed = vigilctl (f, "detect", "--as-of", "2026-01-05", "--fail-on", "HIGH",
                     "--notify-command", "echo routed; exit 3", NULL);
  assert_exit (failed, 1);
  alerts = db_count (f->db, "SELECT count(*) FROM alerts");
  g_assert_cmpint (alerts, >, 0);
  assert_contains (failed->err, "“echo routed; exit 3” exited with status 3");
  assert_contains (failed->err, "detect: alert 1 is stored");
  /* The command's output goes to stderr, away from a script's stdout */
  assert_contains (failed->err, "routed\n");
  g_assert_null (strstr (failed->out, "routed"));
  g_assert_false (g_file_test (by_policy, G_FILE_TEST_EXISTS));
  verify = vigilctl (f, "verify", NULL);
  assert_exit (verify, 0);

  /* Without --notify-command, the policy's */
  import_simulated_days (f, other);
  set_other = vigilctl_on (f, other, "policy", "--set", policy, NULL);
  assert_exit (set_other, 0);
  from_policy = vigilctl_on (f, other, "detect", "--as-of", "2026-01-05", NULL);
  assert_exit (from_policy, 0);
  g_assert_cmpint (count_lines (by_policy), ==, db_count (other, "SELECT count(*) FROM alerts"));
}

int
main (int    argc,
      char **argv)
{
  /* meson passes only --tap; keep going after a failed test, so that one defect found in
   * vigilctl does not hide the results of the other tests. */
  g_autofree char **args = g_new0 (char *, argc + 2);
  int n_args = argc + 1;

  args[0] = argv[0];
  args[1] = (char *) "--keep-going";
  memcpy (args + 2, argv + 1, (argc - 1) * sizeof (char *));

  setlocale (LC_ALL, "");
  g_test_init (&n_args, &args, NULL);

#define ADD(path, func) \
  g_test_add ("/vigil/cli/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("help", test_help);
  ADD ("alert-day", test_alert_day);
  ADD ("simulate-credits", test_simulate_credits);
  ADD ("report", test_report);
  ADD ("verify-checkpoint", test_verify_checkpoint);
  ADD ("help-usage", test_help_usage);
  ADD ("init", test_init);
  ADD ("import-good", test_import_good);
  ADD ("import-mixed", test_import_mixed);
  ADD ("import-json", test_import_json);
  ADD ("import-stdin", test_import_stdin);
  ADD ("stats-today", test_stats_today);
  ADD ("import-no-silent-change", test_import_no_silent_change);
  ADD ("export-jsonl", test_export_jsonl);
  ADD ("export-csv", test_export_csv);
  ADD ("ack-review-outcome", test_ack_review_outcome);
  ADD ("ack-many", test_ack_many);
  ADD ("verify-edit", test_verify_edit);
  ADD ("verify-delete", test_verify_delete);
  ADD ("verify-expect-head", test_verify_expect_head);
  ADD ("db-missing", test_db_missing);
  ADD ("db-not-a-log", test_db_not_a_log);
  ADD ("detect-dry-run-labels", test_detect_dry_run_labels);
  ADD ("db-garbage", test_db_garbage);
  ADD ("db-foreign", test_db_foreign);
  ADD ("db-newer", test_db_newer);
  ADD ("db-read-only", test_db_read_only);
  ADD ("db-locked", test_db_locked);
  ADD ("kill-import", test_kill_import);
  ADD ("policy", test_policy);
  ADD ("exit-usage", test_exit_usage);
  ADD ("help-columns", test_help_columns);
  ADD ("export-csv-formulas", test_export_csv_formulas);
  ADD ("detect-fail-on-notify", test_detect_fail_on_notify);
  ADD ("detect-notify-fails", test_detect_notify_fails);
#undef ADD

  return g_test_run ();
}
