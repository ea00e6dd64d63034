/* vigil-witness.c: ledger heads kept outside the database, optionally signed
 *
 * A witness file is text, one head per line: "TIME HEAD", or "TIME HEAD ed25519 PUB SIG" when
 * signed, fields separated by one space; lines starting with '#' and blank lines are skipped.
 * TIME is when the head was sealed (ISO 8601 UTC), HEAD is "H@D.A.E" as verify prints it, PUB
 * is the Ed25519 public key (64 hex) and SIG the signature (128 hex) of the bytes
 * "vigil-witness-v1 TIME HEAD". A head once in the file must stay a prefix of the ledger;
 * since the file lives outside the database, a chain rewritten from its first row with fresh
 * hashes (and fresh checkpoints) still disagrees with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-witness"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <nettle/eddsa.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-ledger.h"
#include "vigil-store.h"
#include "vigil-timestamp.h"
#include "vigil-witness.h"

#define SIGNED_PREFIX "vigil-witness-v1 "
#define KEY_PREFIX    "vigil-ed25519-private-key "
#define KEY_BYTES     ED25519_KEY_SIZE
#define SIG_BYTES     ED25519_SIGNATURE_SIZE

struct _VigilWitness
{
  GObject  parent_instance;
  char    *path;
  GArray  *entries;
};

G_DEFINE_FINAL_TYPE (VigilWitness, vigil_witness, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  VigilWitnessEntry *e = data;

  g_free (e->time);
  g_free (e->head);
  g_free (e->public_key);
  g_free (e->problem);
}

static void
vigil_witness_finalize (GObject *object)
{
  VigilWitness *self = VIGIL_WITNESS (object);

  g_free (self->path);
  g_array_unref (self->entries);
  G_OBJECT_CLASS (vigil_witness_parent_class)->finalize (object);
}

static void
vigil_witness_class_init (VigilWitnessClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_witness_finalize;
}

static void
vigil_witness_init (VigilWitness *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (VigilWitnessEntry));
  g_array_set_clear_func (self->entries, entry_clear);
}

static gboolean
from_hex (const char *hex,
          guint8     *out,
          gsize       n)
{
  if (strlen (hex) != 2 * n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0 || g_ascii_isupper (hex[2 * i]) || g_ascii_isupper (hex[2 * i + 1]))
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

static char *
to_hex (const guint8 *data,
        gsize         n)
{
  char *out = g_malloc (2 * n + 1);

  for (gsize i = 0; i < n; i++)
    g_snprintf (out + 2 * i, 3, "%02x", data[i]);
  return out;
}

static char *
signed_message (const char *time,
                const char *head)
{
  return g_strconcat (SIGNED_PREFIX, time, " ", head, NULL);
}

/* Fills @e from one line; sets e->problem when the line cannot be trusted. */
static void
parse_line (const char        *text,
            VigilWitnessEntry *e)
{
  g_auto(GStrv) fields = g_strsplit (text, " ", -1);
  guint n = g_strv_length (fields);
  char hex[65];
  gint64 ids[VIGIL_N_CHAINS];
  gboolean has_ids = FALSE;
  gint64 usec;

  if (n != 2 && n != 5)
    {
      e->problem = g_strdup (_("the line is not “TIME HEAD” or “TIME HEAD ed25519 PUBLIC-KEY "
                               "SIGNATURE”"));
      return;
    }
  e->time = g_strdup (fields[0]);
  e->head = g_strdup (fields[1]);
  if (!vigil_timestamp_parse (fields[0], &usec, NULL))
    e->problem = g_strdup_printf (_("“%s” is not a time"), fields[0]);
  else if (!vigil_ledger_parse_head (fields[1], hex, ids, &has_ids) || !has_ids)
    e->problem = g_strdup_printf (_("“%s” is not a ledger head H@D.A.E"), fields[1]);
  if (n == 2 || e->problem != NULL)
    return;

  {
    guint8 pub[KEY_BYTES], sig[SIG_BYTES];
    g_autofree char *message = signed_message (fields[0], fields[1]);

    e->public_key = g_strdup (fields[3]);
    if (strcmp (fields[2], "ed25519") != 0)
      e->problem = g_strdup_printf (_("“%s” is not a signature scheme Vigil knows (ed25519)"),
                                    fields[2]);
    else if (!from_hex (fields[3], pub, sizeof pub))
      e->problem = g_strdup (_("the public key is not 64 lowercase hex characters"));
    else if (!from_hex (fields[4], sig, sizeof sig))
      e->problem = g_strdup (_("the signature is not 128 lowercase hex characters"));
    else if (!ed25519_sha512_verify (pub, strlen (message), (const guint8 *) message, sig))
      e->problem = g_strdup (_("the signature does not verify: the line was changed after it "
                               "was signed, or signed with another key"));
  }
}

/**
 * vigil_witness_load:
 * @path: a witness file written by vigil_witness_append()
 *
 * Reads every head of the witness file and checks each signature. A line that cannot be
 * trusted (not a head, a bad signature) is kept with its problem, for the verification to
 * name. Fails only when the file cannot be read.
 *
 * Returns: (transfer full): the witness
 */
VigilWitness *
vigil_witness_load (const char  *path,
                    GError     **error)
{
  g_autoptr(VigilWitness) self = g_object_new (VIGIL_TYPE_WITNESS, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    {
      g_prefix_error (error, _("Could not read the witness file: "));
      return NULL;
    }
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate (contents, (gssize) len, NULL))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("%s is not a witness file: it is not text"), path);
      return NULL;
    }
  self->path = g_strdup (path);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      VigilWitnessEntry e = { 0 };

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      e.line = i + 1;
      parse_line (lines[i], &e);
      g_array_append_val (self->entries, e);
    }
  return g_steal_pointer (&self);
}

const char *
vigil_witness_get_path (VigilWitness *self)
{
  g_return_val_if_fail (VIGIL_IS_WITNESS (self), NULL);
  return self->path;
}

guint
vigil_witness_get_n_entries (VigilWitness *self)
{
  g_return_val_if_fail (VIGIL_IS_WITNESS (self), 0);
  return self->entries->len;
}

/**
 * vigil_witness_get_entry:
 *
 * Returns: (transfer none): the @index-th head of the file, in the file's order
 */
const VigilWitnessEntry *
vigil_witness_get_entry (VigilWitness *self,
                         guint         index)
{
  g_return_val_if_fail (VIGIL_IS_WITNESS (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return &g_array_index (self->entries, VigilWitnessEntry, index);
}

/* Keys ---------------------------------------------------------------------------------------- */

static gboolean
read_key (const char  *key_path,
          guint8       priv[KEY_BYTES],
          GError     **error)
{
  g_autofree char *contents = NULL;
  gboolean ok;

  if (!g_file_get_contents (key_path, &contents, NULL, error))
    {
      g_prefix_error (error, _("Could not read the signing key: "));
      return FALSE;
    }
  g_strchomp (contents);
  ok = g_str_has_prefix (contents, KEY_PREFIX) &&
       from_hex (contents + strlen (KEY_PREFIX), priv, KEY_BYTES);
  explicit_bzero (contents, strlen (contents));
  if (!ok)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                 _("%s is not a Vigil signing key; make one with “vigilctl seal --new-key "
                   "FILE”"), key_path);
  return ok;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
sync_fd (int          fd,
         const char  *path,
         GError     **error)
{
  if (fsync (fd) == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _("Could not write %s to disk: %s"), path, g_strerror (errno));
  return FALSE;
}

/* After a file is created, its folder's entry must reach the disk too. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * vigil_witness_new_key:
 * @key_path: where to write the new private key; must not exist
 * @out_public_key: (out) (optional): the public key, 64 hex characters
 *
 * Makes an Ed25519 signing key for vigil_witness_append(), readable by its owner only.
 */
gboolean
vigil_witness_new_key (const char  *key_path,
                       char       **out_public_key,
                       GError     **error)
{
  guint8 priv[KEY_BYTES], pub[KEY_BYTES];
  g_autofree char *hex = NULL;
  g_autofree char *text = NULL;
  gboolean ok;
  int fd;

  if (getrandom (priv, sizeof priv, 0) != (ssize_t) sizeof priv)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not draw a random key: %s"), g_strerror (errno));
      return FALSE;
    }
  fd = open (key_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      explicit_bzero (priv, sizeof priv);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   saved == EEXIST ? _("%s already exists; a signing key is never overwritten")
                                   : _("Could not create %s: %s"),
                   key_path, g_strerror (saved));
      return FALSE;
    }
  ed25519_sha512_public_key (pub, priv);
  hex = to_hex (priv, sizeof priv);
  text = g_strconcat (KEY_PREFIX, hex, "\n", NULL);
  ok = write_all (fd, text, strlen (text), key_path, error) && sync_fd (fd, key_path, error);
  explicit_bzero (priv, sizeof priv);
  explicit_bzero (hex, strlen (hex));
  explicit_bzero (text, strlen (text));
  close (fd);
  if (!ok)
    {
      g_unlink (key_path);
      return FALSE;
    }
  sync_folder (key_path);
  if (out_public_key != NULL)
    *out_public_key = to_hex (pub, sizeof pub);
  return TRUE;
}

/* Appending ----------------------------------------------------------------------------------- */

/* The number of lines in the open file, and whether its last line is unterminated. */
static gboolean
count_lines (int          fd,
             const char  *path,
             guint       *out_lines,
             gboolean    *out_torn,
             GError     **error)
{
  char buf[8192];
  guint lines = 0;
  char last = '\n';
  ssize_t n;

  if (lseek (fd, 0, SEEK_SET) < 0)
    goto fail;
  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      for (ssize_t i = 0; i < n; i++)
        lines += buf[i] == '\n';
      last = buf[n - 1];
    }
  *out_torn = last != '\n';
  *out_lines = lines + (*out_torn ? 1 : 0);
  return TRUE;

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _("Could not read %s: %s"), path, g_strerror (errno));
  return FALSE;
}

/**
 * vigil_witness_append:
 * @path: the witness file; created when missing (never through a symbolic link)
 * @head: the head to witness, "H@D.A.E" as verified in full just now
 * @key_path: (nullable): an Ed25519 key from vigil_witness_new_key() to sign the line with
 * @out_line: (out) (optional): the line number the head was written at
 *
 * Appends one line with the time and @head, signed when @key_path is given, and syncs it to
 * disk before returning.
 */
gboolean
vigil_witness_append (const char  *path,
                      const char  *head,
                      const char  *key_path,
                      guint       *out_line,
                      GError     **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  char now[VIGIL_TIMESTAMP_LEN];
  char hex[65];
  gint64 ids[VIGIL_N_CHAINS];
  gboolean has_ids = FALSE, torn = FALSE, created = FALSE;
  guint lines = 0;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL && head != NULL, FALSE);

  if (!vigil_ledger_parse_head (head, hex, ids, &has_ids) || !has_ids)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a ledger head H@D.A.E"), head);
      return FALSE;
    }

  vigil_timestamp_now (now);
  g_string_append_printf (line, "%sZ %s", now, head);
  if (key_path != NULL)
    {
      guint8 priv[KEY_BYTES], pub[KEY_BYTES], sig[SIG_BYTES];
      g_autofree char *message = NULL;
      g_autofree char *time = g_strdup_printf ("%sZ", now);
      g_autofree char *pub_hex = NULL;
      g_autofree char *sig_hex = NULL;

      if (!read_key (key_path, priv, error))
        return FALSE;
      message = signed_message (time, head);
      ed25519_sha512_public_key (pub, priv);
      ed25519_sha512_sign (pub, priv, strlen (message), (const guint8 *) message, sig);
      explicit_bzero (priv, sizeof priv);
      pub_hex = to_hex (pub, sizeof pub);
      sig_hex = to_hex (sig, sizeof sig);
      g_string_append_printf (line, " ed25519 %s %s", pub_hex, sig_hex);
    }
  g_string_append_c (line, '\n');

  fd = open (path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      fd = open (path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      created = fd >= 0;
    }
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   saved == ELOOP ? _("%s is a symbolic link; give the witness file itself")
                                  : _("Could not open the witness file %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file; a witness file is plain text"), path);
      close (fd);
      return FALSE;
    }
  /* Two seals at once append whole lines, one after the other. */
  if (flock (fd, LOCK_EX) < 0 ||
      !count_lines (fd, path, &lines, &torn, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                     _("Could not lock %s: %s"), path, g_strerror (errno));
      close (fd);
      return FALSE;
    }
  if (lines == 0)
    {
      g_string_prepend (line, VIGIL_WITNESS_HEADER "\n");
      lines++;
    }
  else if (torn)
    /* An unterminated last line stays one (bad) line of its own. */
    g_string_prepend_c (line, '\n');
  if (!write_all (fd, line->str, line->len, path, error) || !sync_fd (fd, path, error))
    {
      close (fd);
      return FALSE;
    }
  close (fd);
  if (created)
    sync_folder (path);
  if (out_line != NULL)
    *out_line = lines + 1;
  return TRUE;
}
