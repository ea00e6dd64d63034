/* vigil-witness.h: ledger heads kept outside the database, optionally signed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the first line of a new witness file says; every line after it is one head. */
#define VIGIL_WITNESS_HEADER "# Vigil witness v1: TIME HEAD [ed25519 PUBLIC-KEY SIGNATURE]"

typedef struct
{
  guint     line;        /* 1-based, in the file */
  char     *time;
  char     *head;        /* "H@D.A.E" */
  char     *public_key;  /* hex, NULL when unsigned */
  char     *problem;     /* why the line cannot be trusted, NULL when it can */
} VigilWitnessEntry;

#define VIGIL_TYPE_WITNESS (vigil_witness_get_type ())

G_DECLARE_FINAL_TYPE (VigilWitness, vigil_witness, VIGIL, WITNESS, GObject)

VigilWitness *vigil_witness_load            (const char      *path,
                                             GError         **error);
const char   *vigil_witness_get_path        (VigilWitness    *self);
guint         vigil_witness_get_n_entries   (VigilWitness    *self);
const VigilWitnessEntry *
              vigil_witness_get_entry       (VigilWitness    *self,
                                             guint            index);

gboolean      vigil_witness_append          (const char      *path,
                                             const char      *head,
                                             const char      *key_path,
                                             guint           *out_line,
                                             GError         **error);
gboolean      vigil_witness_new_key         (const char      *key_path,
                                             char           **out_public_key,
                                             GError         **error);

G_END_DECLS
