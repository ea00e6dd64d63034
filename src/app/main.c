/* main.c: the entry point of the Vigil desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilApplication) app = NULL;
  const char *localedir = g_getenv ("VIGIL_LOCALEDIR");

  /* VIGIL_LOCALEDIR: the translations of a build tree (build/po), for running uninstalled */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Vigil"));

  app = vigil_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
