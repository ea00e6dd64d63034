/* vigil-report-files.c: where this computer put the reports it exported
 *
 * The database records each exported PDF by its SHA-256, not by a path: a path is a fact of
 * one computer, and the database may be a team's. This computer keeps its own list, a key
 * file in the user's state folder ($XDG_STATE_HOME/vigil/exported-reports.ini) mapping each
 * SHA-256 to the path the PDF was written to, so that the Reports view can open it or show
 * it in its folder. Before it is opened, the file is hashed again: a PDF edited, replaced or
 * moved since is named as such, never opened as the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report-files"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vigil-report-files.h"

#define GROUP "exported-pdf"

static char *
list_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "vigil", "exported-reports.ini", NULL);
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The list as it is on disk; an empty one when there is none yet or it cannot be read (it
 * only helps to find files: the database, not this list, is the record). */
static GKeyFile *
load_list (const char *path)
{
  GKeyFile *list = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_load_from_file (list, path, G_KEY_FILE_NONE, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("The list of exported reports %s could not be read (%s); it starts again",
               path, error->message);
  return list;
}

/**
 * vigil_report_files_remember:
 * @sha256: the SHA-256 of the PDF, as the database records it
 * @path: the absolute path it was written to
 *
 * Notes on this computer that the PDF of @sha256 is at @path.
 */
gboolean
vigil_report_files_remember (const char  *sha256,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *file = list_path ();
  g_autofree char *folder = g_path_get_dirname (file);
  g_autoptr(GKeyFile) list = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_sha256 (sha256))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 in hexadecimal"), sha256 ? sha256 : "");
      return FALSE;
    }
  if (path == NULL || !g_path_is_absolute (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an absolute path"), path ? path : "");
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  list = load_list (file);
  g_key_file_set_string (list, GROUP, sha256, path);
  data = g_key_file_to_data (list, &length, NULL);
  if (!g_file_set_contents_full (file, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _("Could not note where the report was exported: "));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_report_files_lookup:
 * @sha256: the SHA-256 of an exported PDF
 *
 * Returns: (nullable): the path this computer exported the PDF of @sha256 to, or %NULL
 */
char *
vigil_report_files_lookup (const char *sha256)
{
  g_autofree char *file = list_path ();
  g_autoptr(GKeyFile) list = NULL;
  g_autofree char *path = NULL;

  if (!is_sha256 (sha256))
    return NULL;
  list = load_list (file);
  path = g_key_file_get_string (list, GROUP, sha256, NULL);
  if (path == NULL || !g_path_is_absolute (path))
    return NULL;
  return g_steal_pointer (&path);
}

static char *
file_sha256 (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buffer[64 * 1024];
  gssize n;

  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, cancellable,
                                   error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * vigil_report_files_check:
 * @sha256: the SHA-256 of an exported PDF
 * @out_path: (out) (optional): the path it was exported to, when known
 *
 * Hashes the file at the path the PDF of @sha256 was exported to, to tell whether it is
 * still that PDF. Reads the whole file: call it off the main thread.
 *
 * Returns: what is at the path; %VIGIL_REPORT_FILE_UNKNOWN with @error set when the file
 *   is there but could not be read
 */
VigilReportFileState
vigil_report_files_check (const char    *sha256,
                          char         **out_path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *path = vigil_report_files_lookup (sha256);
  g_autofree char *actual = NULL;
  g_autoptr(GError) read_error = NULL;
  VigilReportFileState state;

  g_return_val_if_fail (error == NULL || *error == NULL, VIGIL_REPORT_FILE_UNKNOWN);

  if (path == NULL)
    state = VIGIL_REPORT_FILE_UNKNOWN;
  else if (!g_file_test (path, G_FILE_TEST_EXISTS))
    state = VIGIL_REPORT_FILE_MISSING;
  else if ((actual = file_sha256 (path, cancellable, &read_error)) == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                  _("Could not read %s: "), path);
      state = VIGIL_REPORT_FILE_UNKNOWN;
    }
  else
    state = g_str_equal (actual, sha256) ? VIGIL_REPORT_FILE_FOUND : VIGIL_REPORT_FILE_CHANGED;

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return state;
}
