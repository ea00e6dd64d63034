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

/* Members of an object (or items of an array) being written: each puts the comma before
 * itself unless it is the first, that is unless @out ends in "{" or "[". */
void vigil_json_item            (GString            *out);
void vigil_json_key             (GString            *out,
                                 const char         *key);
void vigil_json_member_string   (GString            *out,
                                 const char         *key,
                                 const char         *value);
void vigil_json_member_int      (GString            *out,
                                 const char         *key,
                                 gint64              value);
void vigil_json_member_double   (GString            *out,
                                 const char         *key,
                                 double              value);
void vigil_json_member_bool     (GString            *out,
                                 const char         *key,
                                 gboolean            value);
void vigil_json_member_strv     (GString            *out,
                                 const char         *key,
                                 const char * const *values);

G_END_DECLS
