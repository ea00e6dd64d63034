/* vigilctl-admin.c: init, models, access, copy and policy: setting up and managing a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vigil-json.h"
#include "vigilctl-private.h"

/* init ------------------------------------------------------------------------------------- */

int
cmd_init (int    argc,
          char **argv)
{
  g_autofree char *purpose_name = NULL;
  GOptionEntry entries[] = {
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose_name,
      N_("What the database holds: production (default) or training (simulated data)"),
      N_("PURPOSE") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilPurpose purpose = VIGIL_PURPOSE_PRODUCTION;

  if (!parse_options ("init", NULL, _("Create a Vigil database, or check an existing one."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (purpose_name && !vigil_purpose_from_string (purpose_name, &purpose))
    return usage_error ("init: --purpose must be production or training, not “%s”",
                        purpose_name);

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;
  if (purpose_name && !vigil_store_set_purpose (store, purpose, &error))
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  g_print (_("%s: Vigil audit log, %s, schema %d\n"), vigil_store_get_path (store),
           vigil_purpose_to_string (vigil_store_get_purpose (store)), VIGIL_STORE_SCHEMA_VERSION);
  return EXIT_OK;
}

/* models, stats ---------------------------------------------------------------------------- */

/* models --set-desk MODEL DESK, --clear-desk MODEL */
static int
models_set_desk (const char *model_name,
                 const char *desk)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_set_model_desk (store, model_name, desk, &changed, &error))
    {
      fail ("models: %s", error->message);
      return EXIT_FAILED;
    }
  if (desk != NULL && changed)
    g_print (_("Model %s is now on desk %s\n"), model_name, desk);
  else if (desk != NULL)
    g_print (_("Model %s was already on desk %s; nothing was recorded\n"), model_name, desk);
  else if (changed)
    g_print (_("Model %s is now on no desk: everyone who may read the database sees it\n"),
             model_name);
  else
    g_print (_("Model %s was on no desk already; nothing was recorded\n"), model_name);
  return EXIT_OK;
}

int
cmd_models (int    argc,
            char **argv)
{
  g_autofree char *set_desk = NULL, *clear_desk = NULL;
  GOptionEntry entries[] = {
    { "set-desk", 0, 0, G_OPTION_ARG_STRING, &set_desk,
      N_("Put MODEL on the desk given after it, creating the desk when missing"), N_("MODEL") },
    { "clear-desk", 0, 0, G_OPTION_ARG_STRING, &clear_desk,
      N_("Take MODEL off its desk, so that everyone sees it"), N_("MODEL") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");
  gboolean desks;

  if (!parse_options ("models", "[--set-desk MODEL DESK | --clear-desk MODEL]",
                      _("List the models that logged decisions, with counts, first and last "
                        "times and, on a PostgreSQL database, their desks.\n\n"
                        "On a PostgreSQL database an admin puts a model on a desk with "
                        "“--set-desk MODEL DESK” and takes it off with “--clear-desk MODEL”. "
                        "A model on a desk is seen by the desk’s members (see “vigilctl "
                        "access”), the auditors and the admins; a model on no desk by "
                        "everyone. Each change is recorded in the ledger’s events. An SQLite "
                        "file has no desks."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (usage_either ("models", set_desk != NULL, "--set-desk MODEL DESK", clear_desk != NULL,
                    "--clear-desk MODEL") != EXIT_OK)
    return EXIT_USAGE;
  if (set_desk != NULL)
    {
      g_autofree char *hint = NULL;

      if (argc == 2 && *argv[1] != '\0')
        return models_set_desk (set_desk, argv[1]);
      hint = g_strdup_printf ("“--clear-desk %s” takes it off its desk", set_desk);
      return usage_missing_after ("models", "set-desk", "MODEL", set_desk, "desk", "DESK", hint);
    }
  if (argc > 1)
    return usage_unexpected ("models", argv[1]);
  if (clear_desk != NULL)
    return models_set_desk (clear_desk, NULL);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  models = vigil_store_list_models (store, &error);
  if (models == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  desks = vigil_store_get_identity (store) != NULL;
  if (!opt_json)
    g_print ("%-24s  %12s  %-26s  %-26s%s\n", "MODEL", "DECISIONS", "FIRST", "LAST",
             desks ? "  DESK" : "");
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(VigilModelInfo) m = g_list_model_get_item (models, i);
      const char *desk = vigil_model_info_get_desk (m);

      if (opt_json)
        {
          json_kind (out, "model");
          vigil_json_member_string (out, "model_name", vigil_model_info_get_name (m));
          vigil_json_member_int (out, "decisions", vigil_model_info_get_decision_count (m));
          vigil_json_member_string (out, "first_timestamp",
                                    vigil_model_info_get_first_timestamp (m));
          vigil_json_member_string (out, "last_timestamp", vigil_model_info_get_last_timestamp (m));
          /* null on a file, which has no desks: one shape for scripts on both */
          vigil_json_member_string (out, "desk", desk);
          json_print (out);
        }
      else
        g_print ("%-24s  %12" PRId64 "  %-26s  %-26s%s%s\n", vigil_model_info_get_name (m),
                 vigil_model_info_get_decision_count (m), vigil_model_info_get_first_timestamp (m),
                 vigil_model_info_get_last_timestamp (m), desks ? "  " : "",
                 desks ? (desk != NULL ? desk : "-") : "");
    }
  return EXIT_OK;
}

/* access ----------------------------------------------------------------------------------- */

static int
access_change (const char *add_desk,
               const char *remove_desk,
               const char *login)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (add_desk != NULL
      ? !vigil_store_add_desk_member (store, add_desk, login, &changed, &error)
      : !vigil_store_remove_desk_member (store, remove_desk, login, &error))
    {
      fail ("access: %s", error->message);
      return EXIT_FAILED;
    }
  if (add_desk != NULL && changed)
    g_print (_("%s is now a member of desk %s\n"), login, add_desk);
  else if (add_desk != NULL)
    g_print (_("%s was already a member of desk %s; nothing was recorded\n"), login, add_desk);
  else
    g_print (_("%s is no longer a member of desk %s\n"), login, remove_desk);
  return EXIT_OK;
}

int
cmd_access (int    argc,
            char **argv)
{
  g_autofree char *add_desk = NULL, *remove_desk = NULL;
  GOptionEntry entries[] = {
    { "add-member", 0, 0, G_OPTION_ARG_STRING, &add_desk,
      N_("Make the login given after DESK a member of DESK, creating the desk when missing"),
      N_("DESK") },
    { "remove-member", 0, 0, G_OPTION_ARG_STRING, &remove_desk,
      N_("Take the login given after DESK off DESK"), N_("DESK") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) logins = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");

  if (!parse_options ("access", "[--add-member DESK LOGIN | --remove-member DESK LOGIN]",
                      _("List who may use a PostgreSQL database: each login with the Vigil "
                        "roles it holds and the desks it is a member of.\n\n"
                        "The roles are PostgreSQL’s own, granted by the server’s "
                        "administrator, for example:\n"
                        "  CREATE ROLE alice LOGIN;\n"
                        "  GRANT vigil_reviewer TO alice;\n"
                        "vigil_auditor reads everything and verifies; vigil_reviewer reviews "
                        "and acknowledges what its desks show; vigil_ingest imports and "
                        "detects; vigil_admin does all of these and manages the desks. "
                        "REVOKE vigil_reviewer FROM alice; takes a role back. Roles belong "
                        "to the whole server: every Vigil database on it knows them.\n\n"
                        "A reviewer sees the models of its desks and those on no desk. An "
                        "admin makes a login a member of a desk with “--add-member DESK "
                        "LOGIN” and takes it off with “--remove-member DESK LOGIN”; each "
                        "change is recorded in the ledger’s events. An SQLite file has no "
                        "roles nor desks."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (usage_either ("access", add_desk != NULL, "--add-member DESK LOGIN", remove_desk != NULL,
                    "--remove-member DESK LOGIN") != EXIT_OK)
    return EXIT_USAGE;
  if (add_desk != NULL || remove_desk != NULL)
    {
      if (argc == 2)
        return access_change (add_desk, remove_desk, argv[1]);
      return usage_missing_after ("access", add_desk != NULL ? "add-member" : "remove-member",
                                  "DESK", add_desk != NULL ? add_desk : remove_desk, "login",
                                  "LOGIN", NULL);
    }
  if (argc > 1)
    return usage_unexpected ("access", argv[1]);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  logins = vigil_store_list_access (store, &error);
  if (logins == NULL)
    {
      fail ("access: %s", error->message);
      return EXIT_FAILED;
    }

  if (!opt_json)
    g_print ("%-20s  %-32s  %-20s  %s\n", "LOGIN", "ROLES", "DESKS", "SEES");
  for (guint i = 0; i < logins->len; i++)
    {
      VigilLoginAccess *a = g_ptr_array_index (logins, i);

      if (opt_json)
        {
          json_kind (out, "login");
          vigil_json_member_string (out, "login", a->login);
          vigil_json_member_strv (out, "roles", (const char * const *) a->roles);
          vigil_json_member_strv (out, "desks", (const char * const *) a->desks);
          vigil_json_member_bool (out, "superuser", a->superuser);
          vigil_json_member_bool (out, "sees_every_desk", a->sees_every_desk);
          vigil_json_member_bool (out, "login_exists", a->exists);
          json_print (out);
        }
      else
        {
          g_autofree char *roles = g_strjoinv (", ", a->roles);
          g_autofree char *desks = g_strjoinv (", ", a->desks);
          const char *sees;

          if (!a->exists)
            {
              g_free (roles);
              roles = g_strdup (_("(no such login)"));
            }
          else if (a->superuser)
            {
              char *with = g_strdup_printf ("%s%ssuperuser", roles, *roles ? ", " : "");

              g_free (roles);
              roles = with;
            }
          /* A login with none of Vigil's roles may read none of its tables */
          if (!a->exists || (a->roles[0] == NULL && !a->superuser))
            sees = _("nothing");
          else if (a->sees_every_desk)
            sees = _("every desk");
          else if (a->desks[0] != NULL)
            sees = _("its desks, models on no desk");
          else
            sees = _("models on no desk");
          g_print ("%-20s  %-32s  %-20s  %s\n", a->login, *roles ? roles : "-",
                   *desks ? desks : "-", sees);
        }
    }
  return EXIT_OK;
}

/* copy ------------------------------------------------------------------------------------- */

typedef struct
{
  VigilStore        *from;
  VigilStore        *to;
  GCancellable      *cancellable;
  gboolean           progress;
  gint64             last_print;
  VigilLedgerReport *original;
  VigilLedgerReport *copy;
  gint64             rows;
  gboolean           ok;
  GError            *error;
} CopyJob;

static void
copy_progress (goffset  done,
               goffset  total,
               gpointer data)
{
  CopyJob *job = data;
  gint64 now = g_get_monotonic_time ();

  if (!job->progress || total <= 0 || now - job->last_print < G_USEC_PER_SEC / 4)
    return;
  job->last_print = now;
  g_printerr ("\r\033[K" "Copying: %3d%%", (int) (100 * done / total));
}

static gpointer
copy_thread (gpointer data)
{
  CopyJob *job = data;

  job->ok = vigil_store_copy (job->from, job->to, job->cancellable, copy_progress, job,
                              &job->original, &job->copy, &job->rows, &job->error);
  return NULL;
}

/* A database file, or a server's URI: anything else of the form scheme://… is neither (a
 * file may well have a colon in its name) */
static gboolean
is_known_location (const char *location)
{
  const char *scheme = g_uri_peek_scheme (location);

  return scheme == NULL || !g_str_has_prefix (location + strlen (scheme), "://") ||
         g_str_has_prefix (location, "postgresql://") ||
         g_str_has_prefix (location, "postgres://");
}

static VigilStore *
open_copy_end (const char          *location,
               VigilStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store;

  store = vigil_store_open (location, flags, &error);
  if (store == NULL)
    fail ("copy: %s", error->message);
  return store;
}

int
cmd_copy (int    argc,
          char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("The database to copy, a file or a postgresql:// URI (default: that of --db)"),
      N_("DB") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("The database to copy into, a file or a postgresql:// URI, just made with "
         "“vigilctl --db DB init” (required)"), N_("DB") },
    { NULL }
  };
  g_autoptr(VigilStore) source = NULL;
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilLedgerReport) original = NULL;
  g_autoptr(VigilLedgerReport) copy = NULL;
  g_autoptr(GError) error = NULL;
  CopyJob job = { 0 };
  gboolean interrupted;

  if (!parse_options ("copy", NULL,
                      _("Copy a whole Vigil database into a new one, from a database file to "
                        "a PostgreSQL server, from a server to a file, or between two of "
                        "either: every decision, alert, event, report, check result, setting "
                        "(the purpose, the policy), followed file and cache, each row with its "
                        "id and record hash, so that verify gives the same head on both.\n\n"
                        "The database copied into must be new: made with “vigilctl --db DB "
                        "init” and holding nothing else. The original is read as of one moment "
                        "and must verify intact; the copy is written in one transaction, "
                        "verified before it is committed, and committed only when its head is "
                        "the original’s. Both heads are printed. An error, or Ctrl-C, leaves the "
                        "database copied into as it was.\n\n"
                        "On a server, the copy is loaded by the login that owns Vigil’s tables "
                        "(the one that ran init) or by a superuser. Desks exist on servers only: "
                        "a copy to a file leaves them out."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("copy: unexpected argument “%s”"), argv[1]);
  if (to == NULL)
    return usage_error (_("copy: give the database to copy into with --to DB"));
  if (from == NULL)
    from = opt_db ? g_strdup (opt_db) : vigil_store_default_path ();
  if (!is_known_location (from) || !is_known_location (to))
    {
      g_autofree char *shown = vigil_store_redact_uri (is_known_location (from) ? to : from);

      return usage_error (_("copy: “%s” is neither a database file nor a PostgreSQL URI "
                            "(postgresql://…)"), shown);
    }

  source = open_copy_end (from, VIGIL_STORE_OPEN_READ_ONLY);
  if (source == NULL)
    return EXIT_FAILED;
  target = open_copy_end (to, VIGIL_STORE_OPEN_DEFAULT);
  if (target == NULL)
    return EXIT_FAILED;

  job.from = source;
  job.to = target;
  job.cancellable = cancellable;
  job.progress = want_progress () && !opt_json;
  interrupted = run_interruptible ("vigil-copy", copy_thread, &job, cancellable);
  original = g_steal_pointer (&job.original);
  copy = g_steal_pointer (&job.copy);
  error = g_steal_pointer (&job.error);
  if (job.progress)
    g_printerr ("\r\033[K");

  if (!job.ok && interrupted)
    {
      fail (_("copy: interrupted; nothing was copied into “%s”"),
            vigil_store_get_path (target));
      return EXIT_FAILED;
    }
  if (!job.ok)
    {
      fail ("copy: %s", error->message);
      return EXIT_FAILED;
    }

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "copy");
      vigil_json_member_string (out, "from", vigil_store_get_path (source));
      vigil_json_member_string (out, "to", vigil_store_get_path (target));
      vigil_json_member_int (out, "rows", job.rows);
      vigil_json_member_int (out, "records", vigil_ledger_report_get_records (copy));
      vigil_json_member_string (out, "from_head", vigil_ledger_report_get_head (original));
      vigil_json_member_string (out, "to_head", vigil_ledger_report_get_head (copy));
      json_print (out);
    }
  else
    {
      g_autofree char *from_text = vigil_ledger_report_to_string (original);
      g_autofree char *to_text = vigil_ledger_report_to_string (copy);

      g_print (_("Copied %" PRId64 " rows from %s to %s\n"), job.rows,
               vigil_store_get_path (source), vigil_store_get_path (target));
      /* TRANSLATORS: a database, then what verify says of it */
      g_print (_("%s: %s\n"), vigil_store_get_path (source), from_text);
      g_print (_("%s: %s\n"), vigil_store_get_path (target), to_text);
    }
  return EXIT_OK;
}

/* policy ----------------------------------------------------------------------------------- */

int
cmd_policy (int    argc,
            char **argv)
{
  g_autofree char *set_path = NULL, *by = NULL;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_path,
      N_("Store this policy key file as the one in force"), N_("FILE") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by,
      N_("Who changes the policy (default: your login name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("policy", NULL,
                      _("Print the detection policy in force in the database, or store a new "
                        "one with --set. The app, “vigilctl detect” and the reports use it; "
                        "each change is recorded in the ledger’s events."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_unexpected ("policy", argv[1]);
  if (by && set_path == NULL)
    return usage_error ("policy: --by goes with --set");

  if (set_path == NULL)
    {
      store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
      if (store == NULL)
        return EXIT_FAILED;
      policy = vigil_store_get_policy (store, &error);
      if (policy == NULL)
        {
          fail ("policy: %s", error->message);
          return EXIT_FAILED;
        }
      text = vigil_policy_to_data (policy);
      g_print ("%s", text);
      return EXIT_OK;
    }

  /* Validated before the database is opened: a bad file changes nothing. */
  policy = vigil_policy_new_from_file (set_path, &error);
  if (policy == NULL)
    {
      fail ("policy: %s", error->message);
      return EXIT_FAILED;
    }
  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_set_policy (store, policy, by ? by : g_get_user_name (), &error))
    {
      fail ("policy: %s", error->message);
      return EXIT_FAILED;
    }
  g_print (_("The policy in %s is now the one in force in %s.\n"), set_path,
           vigil_store_get_path (store));
  return EXIT_OK;
}
