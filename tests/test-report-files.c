/* test-report-files.c: this computer finds the PDFs it exported, and knows one changed since
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-report-files.h"
#include "vigil-test-util.h"

static char *tmp_dir;

static char *
write_pdf (const char  *name,
           const char  *contents,
           char       **out_sha256)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  *out_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1);
  return g_steal_pointer (&path);
}

/* Exported, then found by its SHA-256, then changed, then moved away */
static void
test_found_changed_missing (void)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *pdf = write_pdf ("week.pdf", "%PDF-1.5 the week's report", &sha256);
  g_autofree char *found = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (vigil_report_files_check (sha256, NULL, NULL, &error), ==,
                   VIGIL_REPORT_FILE_UNKNOWN);
  g_assert_no_error (error);

  g_assert_true (vigil_report_files_remember (sha256, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_report_files_check (sha256, &found, NULL, &error), ==,
                   VIGIL_REPORT_FILE_FOUND);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, pdf);

  /* Kept in the user's state folder, for the next session */
  list = g_build_filename (g_get_user_state_dir (), "vigil", "exported-reports.ini", NULL);
  g_assert_true (g_file_test (list, G_FILE_TEST_IS_REGULAR));

  /* One byte different: still at the path, but not the report */
  g_file_set_contents (pdf, "%PDF-1.5 the week's report!", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_report_files_check (sha256, &changed, NULL, &error), ==,
                   VIGIL_REPORT_FILE_CHANGED);
  g_assert_cmpstr (changed, ==, pdf);

  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_cmpint (vigil_report_files_check (sha256, &missing, NULL, &error), ==,
                   VIGIL_REPORT_FILE_MISSING);
  g_assert_cmpstr (missing, ==, pdf);
}

/* Two reports, each found at its own path; exporting one again moves its entry */
static void
test_two_and_again (void)
{
  g_autofree char *a_sha = NULL;
  g_autofree char *b_sha = NULL;
  g_autofree char *a = write_pdf ("a.pdf", "report a", &a_sha);
  g_autofree char *b = write_pdf ("b.pdf", "report b", &b_sha);
  g_autofree char *again = NULL;
  g_autofree char *a_found = NULL;
  g_autofree char *b_found = NULL;
  g_autofree char *copy_sha = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_report_files_remember (a_sha, a, &error));
  g_assert_true (vigil_report_files_remember (b_sha, b, &error));
  g_assert_no_error (error);
  a_found = vigil_report_files_lookup (a_sha);
  b_found = vigil_report_files_lookup (b_sha);
  g_assert_cmpstr (a_found, ==, a);
  g_assert_cmpstr (b_found, ==, b);

  again = write_pdf ("a-again.pdf", "report a", &copy_sha);
  g_assert_cmpstr (copy_sha, ==, a_sha);
  g_assert_true (vigil_report_files_remember (a_sha, again, &error));
  g_clear_pointer (&a_found, g_free);
  a_found = vigil_report_files_lookup (a_sha);
  g_assert_cmpstr (a_found, ==, again);
}

/* Bad input is refused with the reason, and a damaged list is started again */
static void
test_refused (void)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *pdf = write_pdf ("c.pdf", "report c", &sha256);
  g_autofree char *list = g_build_filename (g_get_user_state_dir (), "vigil",
                                            "exported-reports.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *upper = g_ascii_strup (sha256, -1);

  g_assert_false (vigil_report_files_remember ("abc", pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“abc” is not a SHA-256"));
  g_clear_error (&error);
  g_assert_false (vigil_report_files_remember (sha256, "relative/c.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not an absolute path"));
  g_clear_error (&error);
  g_assert_null (vigil_report_files_lookup (upper));
  g_assert_null (vigil_report_files_lookup (NULL));

  g_file_set_contents (list, "not [ a key file", -1, &error);
  g_assert_no_error (error);
  g_test_expect_message ("vigil-report-files", G_LOG_LEVEL_WARNING, "*could not be read*");
  g_assert_true (vigil_report_files_remember (sha256, pdf, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (vigil_report_files_check (sha256, NULL, NULL, &error), ==,
                   VIGIL_REPORT_FILE_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("vigil-report-files-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (tmp_dir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/report-files/found-changed-missing", test_found_changed_missing);
  g_test_add_func ("/vigil/report-files/two-and-again", test_two_and_again);
  g_test_add_func ("/vigil/report-files/refused", test_refused);
  status = g_test_run ();

  rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
