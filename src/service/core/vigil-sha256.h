/* vigil-sha256.h: SHA-256 as lowercase hex, for the ledger and input hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vigil_sha256_hex  (const void *data,
                        gsize       len,
                        char        out[65]);
void vigil_sha256_hex2 (const void *first,
                        gsize       first_len,
                        const void *second,
                        gsize       second_len,
                        char        out[65]);

void vigil_sha256_digest_to_hex (const guint8 *digest,
                                 char          out[65]);

G_END_DECLS
