/* vigil-json.h: the writing half of canonical JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vigil_json_write_string    (GString    *out,
                                 const char *str);
void vigil_json_write_double    (GString    *out,
                                 double      value);

G_END_DECLS
