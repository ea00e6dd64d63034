/* vigilctl-output.c: what vigilctl's commands share: options, errors, stores, threads, JSON lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "vigil-json.h"
#include "vigilctl-private.h"

char *opt_db;
gboolean opt_json;

static GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("The database (default: $VIGIL_DB, else $XDG_DATA_HOME/vigil/vigil.db)"), N_("PATH") },
  { NULL }
};

static GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object per line"), NULL },
  { NULL }
};

void
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("vigilctl: %s\n", message);
}

/* A command line that cannot be run as written: says why, and gives EXIT_USAGE. */
int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("vigilctl: %s\n", message);
  return EXIT_USAGE;
}

/* "COMMAND: unexpected argument “ARGUMENT”", for a command that takes none */
int
usage_unexpected (const char *command,
                  const char *argument)
{
  return usage_error ("%s: unexpected argument “%s”", command, argument);
}

/* Two options of @command that exclude each other, @one and @other (as the usage writes them,
 * with what follows them), given (@one_given, @other_given): a usage error when both are,
 * else EXIT_OK. */
int
usage_either (const char *command,
              gboolean    one_given,
              const char *one,
              gboolean    other_given,
              const char *other)
{
  if (one_given && other_given)
    return usage_error ("%s: give either %s or %s", command, one, other);
  return EXIT_OK;
}

/* An option of @command whose @value needs an argument after it, @what (its metavariable
 * @metavar): "COMMAND: --OPTION VALUE_METAVAR needs the WHAT after it, as in “--OPTION VALUE
 * METAVAR”", then @hint (nullable) after a semicolon. */
int
usage_missing_after (const char *command,
                     const char *option,
                     const char *value_metavar,
                     const char *value,
                     const char *what,
                     const char *metavar,
                     const char *hint)
{
  return usage_error ("%s: --%s %s needs the %s after it, as in “--%s %s %s”%s%s", command,
                      option, value_metavar, what, option, value, metavar, hint ? "; " : "",
                      hint ? hint : "");
}

gboolean
parse_options (const char    *command,
               const char    *parameters,
               const char    *summary,
               GOptionEntry  *entries,
               gboolean       with_json,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("vigilctl %s", command);

  /* "Usage: vigilctl import [OPTION…] FILE|-" */
  g_set_prgname (prgname);
  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (with_json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* TRANSLATORS: a command's name, what is wrong with its options, the command again */
      fail (_("%s: %s (see “vigilctl %s --help”)"), command, error->message, command);
      return FALSE;
    }
  return TRUE;
}

VigilStore *
open_store (VigilStoreOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = opt_db ? g_strdup (opt_db) : vigil_store_default_path ();
  VigilStore *store;

  store = vigil_store_open (path, flags, &error);
  /* A command that only reads brings an older database up to date first, as the app does
   * when it opens one: otherwise a new Vigil could not verify an old log without writing
   * to it through another command. A migration changes no chained row. */
  if (store == NULL && (flags & VIGIL_STORE_OPEN_READ_ONLY) &&
      g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OUTDATED))
    {
      g_autoptr(VigilStore) migrated = NULL;

      g_clear_error (&error);
      migrated = vigil_store_open (path, flags & ~VIGIL_STORE_OPEN_READ_ONLY, &error);
      if (migrated != NULL)
        {
          g_clear_object (&migrated);
          store = vigil_store_open (path, flags, &error);
        }
    }
  if (store == NULL)
    fail ("%s", error->message);
  return store;
}

/* Reads @path and makes every full verification on @store check its heads. */
gboolean
use_witness (VigilStore *store,
             const char *command,
             const char *path)
{
  g_autoptr(VigilWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return TRUE;
  witness = vigil_witness_load (path, &error);
  if (witness == NULL)
    {
      fail ("%s: %s", command, error->message);
      return FALSE;
    }
  vigil_store_set_witness (store, witness);
  return TRUE;
}

gboolean
want_progress (void)
{
  return isatty (STDERR_FILENO) && g_getenv ("CI") == NULL;
}

static gboolean
on_interrupt (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GThreadFunc func;
  gpointer    data;
  gint        done;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;

  worker->func (worker->data);
  g_atomic_int_set (&worker->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs @func in a thread while the main thread waits for it, turning SIGINT and SIGTERM into
 * a cancellation of @cancellable, which the long commands check between whole batches. The
 * thread can end before the main thread starts waiting: the main thread checks a flag before
 * each wait, so that end is never missed.
 *
 * Returns: whether the command was interrupted */
gboolean
run_interruptible (const char   *name,
                   GThreadFunc   func,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Worker worker = { func, data, 0 };
  guint sigint, sigterm;
  GThread *thread;

  sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  thread = g_thread_new (name, worker_main, &worker);
  while (!g_atomic_int_get (&worker.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return g_cancellable_is_cancelled (cancellable);
}

void
fail_interrupted (const char *command)
{
  /* TRANSLATORS: a command's name */
  fail (_("%s: interrupted; nothing more was recorded"), command);
}

gboolean
parse_id (const char *command,
          const char *text,
          gint64     *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    {
      fail ("%s: “%s” is not an id (a whole number from 1)", command, text);
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

/* JSON lines -------------------------------------------------------------------------------- */

/* Every object printed begins with its "kind": what it is, for scripts that read a mix. */
void
json_kind (GString    *out,
           const char *kind)
{
  vigil_json_member_string (out, "kind", kind);
}

void
json_print (GString *out)
{
  g_string_append (out, "}\n");
  fwrite (out->str, 1, out->len, stdout);
  g_string_assign (out, "{");
}
