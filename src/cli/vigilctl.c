/* vigilctl.c: Vigil's command-line tool, for scripts, cron jobs and servers without a display
 *
 * The command table, the options before the command, and main; each group of commands is in
 * its own vigilctl-*.c file, the helpers they share in vigilctl-output.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "vigilctl-private.h"

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "init", NULL, N_("Create a database, or check one"), cmd_init },
  { "import", "FILE|-", N_("Import decisions from JSON Lines"), cmd_import },
  { "follow", "SPOOL…", N_("Commit decisions from spool files as they grow"), cmd_follow },
  { "export", NULL, N_("Export decisions as JSON Lines or CSV"), cmd_export },
  { "copy", "--from DB --to DB", N_("Copy a whole database to a new one, on a server or in a file"),
    cmd_copy },
  { "decisions", NULL, N_("List decisions"), cmd_decisions },
  { "alerts", NULL, N_("List alerts"), cmd_alerts },
  { "ack", "ALERT_ID…", N_("Acknowledge alerts"), cmd_ack },
  { "review", "DECISION_ID", N_("Review a decision"), cmd_review },
  { "outcome", "DECISION_ID", N_("Record a decision’s actual outcome"), cmd_outcome },
  { "outcomes", "import FILE|-", N_("Record outcomes in bulk from JSON Lines"), cmd_outcomes },
  { "models", NULL, N_("List models with their decision counts and desks"), cmd_models },
  { "access", NULL, N_("List who holds which role and desk; manage desk members"),
    cmd_access },
  { "stats", NULL, N_("Summary statistics of a model and period"), cmd_stats },
  { "verify", NULL, N_("Check the tamper-evident ledger"), cmd_verify },
  { "seal", NULL, N_("Append the verified ledger head to a witness file, optionally signed"),
    cmd_seal },
  { "report", NULL, N_("Build the audit report of a period, as PDF and JSON"), cmd_report },
  { "detect", NULL, N_("Run the anomaly checks, now or over past days"), cmd_detect },
  { "simulate", NULL, N_("Simulate days with incidents, and score the checks"), cmd_simulate },
  { "policy", NULL, N_("Print or change the detection policy in force"), cmd_policy },
};

static char *
command_synopsis (const Command *command)
{
  return g_strdup_printf ("%s%s%s", command->name, command->parameters ? " " : "",
                          command->parameters ? command->parameters : "");
}

/* The descriptions start in one column: widths are counted in characters, not bytes (“…” is
 * three bytes), as printf's %-24s would. */
static void
usage (FILE *to)
{
  glong width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = command_synopsis (&commands[i]);

      width = MAX (width, g_utf8_strlen (synopsis, -1));
    }
  fprintf (to, "%s", _("Usage: vigilctl [--db PATH] COMMAND [OPTIONS…]\n\n"
                       "Keep and check the audit log of AI model decisions.\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = command_synopsis (&commands[i]);

      fprintf (to, "  %s%*s  %s\n", synopsis, (int) (width - g_utf8_strlen (synopsis, -1)), "",
               _(commands[i].summary));
    }
  fprintf (to, "%s", _("\nRun “vigilctl COMMAND --help” for a command’s options.\n\n"
                       "Exit status: 0 success, 1 failure, 2 usage error, 3 import or follow\n"
                       "with rejected lines, 4 detect --fail-on tripped.\n"));
}

int
main (int    argc,
      char **argv)
{
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Options before the command: --db PATH, --db=PATH, --help, --version. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--db") && first + 1 < argc)
        {
          g_free (opt_db);
          opt_db = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (opt_db);
          opt_db = g_strdup (arg + 5);
          first++;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          usage (stdout);
          return EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("vigilctl %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else
        {
          usage_error ("unknown option “%s”", arg);
          usage (stderr);
          return EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      usage (stderr);
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[first], commands[i].name))
        {
          int status = commands[i].run (argc - first, argv + first);
          g_free (opt_db);
          return status;
        }
    }

  usage_error ("unknown command “%s”", argv[first]);
  usage (stderr);
  return EXIT_USAGE;
}
