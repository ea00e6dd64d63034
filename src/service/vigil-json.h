/* vigil-json.h: compact JSON writing with sorted keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void vigil_json_write_canonical (GString    *out,
                                 JsonNode   *node);
void vigil_json_write_string    (GString    *out,
                                 const char *str);
void vigil_json_write_double    (GString    *out,
                                 double      value);

G_END_DECLS
