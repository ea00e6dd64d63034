/* test-witness.c: witness files of ledger heads, and their Ed25519 signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-witness.h"
#include "vigil-test-util.h"

#define HEAD "a3f1c29b5b0e4d6c8a7f9e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f7@12.3.45"

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
test_key (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, "signing.key", NULL);
  g_autofree char *pub = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (vigil_witness_new_key (key, &pub, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (pub), ==, 64);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A key is never overwritten */
  g_assert_false (vigil_witness_new_key (key, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_append_and_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, "signing.key", NULL);
  g_autofree char *path = g_build_filename (f->dir, "heads.witness", NULL);
  g_autofree char *pub = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VigilWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  const VigilWitnessEntry *e;
  guint line = 0;

  g_assert_true (vigil_witness_new_key (key, &pub, &error));
  g_assert_true (vigil_witness_append (path, HEAD, NULL, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 2);
  g_assert_true (vigil_witness_append (path, HEAD, key, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 3);
  g_assert_false (vigil_witness_append (path, "not a head", NULL, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  witness = vigil_witness_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_witness_get_n_entries (witness), ==, 2);
  e = vigil_witness_get_entry (witness, 0);
  g_assert_cmpuint (e->line, ==, 2);
  g_assert_cmpstr (e->head, ==, HEAD);
  g_assert_null (e->public_key);
  g_assert_null (e->problem);
  e = vigil_witness_get_entry (witness, 1);
  g_assert_cmpuint (e->line, ==, 3);
  g_assert_cmpstr (e->public_key, ==, pub);
  g_assert_null (e->problem);

  /* One changed character of the signed line: its signature no longer verifies */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  {
    char *ids = strrchr (text, '@') + 1;

    ids[0] = ids[0] == '1' ? '2' : '1';
  }
  write_file (path, text);
  g_clear_object (&witness);
  witness = vigil_witness_load (path, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_witness_get_entry (witness, 0)->problem);
  g_assert_nonnull (strstr (vigil_witness_get_entry (witness, 1)->problem,
                            "signature does not verify"));
}

static void
test_torn_and_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "heads.witness", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.witness", NULL);
  g_autoptr(VigilWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 0;

  /* A torn last line stays a line of its own, named; the new head follows it whole. */
  write_file (path, "2026-01-01T00:00:00Z " HEAD "\n2026-01-02T00:00");
  g_assert_true (vigil_witness_append (path, HEAD, NULL, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 3);
  witness = vigil_witness_load (path, &error);
  g_assert_cmpuint (vigil_witness_get_n_entries (witness), ==, 3);
  g_assert_null (vigil_witness_get_entry (witness, 0)->problem);
  g_assert_nonnull (vigil_witness_get_entry (witness, 1)->problem);
  g_assert_null (vigil_witness_get_entry (witness, 2)->problem);

  /* Never through a symbolic link */
  g_assert_cmpint (symlink (path, link), ==, 0);
  g_assert_false (vigil_witness_append (link, HEAD, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("vigil-witness-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/vigil/witness/key", Fixture, NULL, set_up, test_key, tear_down);
  g_test_add ("/vigil/witness/append-and-load", Fixture, NULL, set_up, test_append_and_load,
              tear_down);
  g_test_add ("/vigil/witness/torn-and-refused", Fixture, NULL, set_up, test_torn_and_refused,
              tear_down);
  return g_test_run ();
}
