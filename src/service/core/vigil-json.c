/* vigil-json.c: the writing half of canonical JSON
 *
 * The writing half of Vigil's canonical JSON (vigil-json-parser.c reads): strings with only the
 * escapes JSON requires, numbers in the shortest form that reads back to the same double; and
 * the members of the objects that reports, exports and vigilctl --json write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-json"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-json.h"

void
vigil_json_write_string (GString    *out,
                         const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = str;
  const char *p;

  g_string_append_c (out, '"');
  for (p = str; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
vigil_json_write_double (GString *out,
                         double   value)
{
  char buf[32];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buf, sizeof buf, precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (out, ".0");
}

/**
 * vigil_json_item:
 *
 * Begins the next item of an array, or member of an object, in @out: a comma, unless @out
 * ends in "[" or "{" (the item is the first).
 */
void
vigil_json_item (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '{' && last != '[')
    g_string_append_c (out, ',');
}

/**
 * vigil_json_key:
 *
 * Begins a member of the object being written in @out: the comma when it is not the first,
 * the key and the colon. The value is for the caller to append.
 */
void
vigil_json_key (GString    *out,
                const char *key)
{
  vigil_json_item (out);
  vigil_json_write_string (out, key);
  g_string_append_c (out, ':');
}

/**
 * vigil_json_member_string:
 * @value: (nullable): the string, or %NULL for null
 */
void
vigil_json_member_string (GString    *out,
                          const char *key,
                          const char *value)
{
  vigil_json_key (out, key);
  if (value != NULL)
    vigil_json_write_string (out, value);
  else
    g_string_append (out, "null");
}

void
vigil_json_member_int (GString    *out,
                       const char *key,
                       gint64      value)
{
  vigil_json_key (out, key);
  g_string_append_printf (out, "%" PRId64, value);
}

/**
 * vigil_json_member_double:
 *
 * A number as vigil_json_write_double() writes it: null when it is not finite.
 */
void
vigil_json_member_double (GString    *out,
                          const char *key,
                          double      value)
{
  vigil_json_key (out, key);
  vigil_json_write_double (out, value);
}

void
vigil_json_member_bool (GString    *out,
                        const char *key,
                        gboolean    value)
{
  vigil_json_key (out, key);
  g_string_append (out, value ? "true" : "false");
}

/**
 * vigil_json_member_strv:
 * @values: (nullable): the strings; %NULL is an empty array
 */
void
vigil_json_member_strv (GString            *out,
                        const char         *key,
                        const char * const *values)
{
  vigil_json_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, values[i]);
    }
  g_string_append_c (out, ']');
}
