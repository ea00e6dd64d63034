/* vigil-json.c: compact JSON writing with sorted keys
 *
 * input_features are stored in one canonical form, so that the same features always give the
 * same text and the same input_hash: no spaces, object keys sorted by their UTF-8 bytes, numbers
 * in the shortest form that reads back to the same double, strings with only the escapes JSON
 * requires.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-json"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
vigil_json_write_canonical (GString  *out,
                            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" PRId64, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          vigil_json_write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          vigil_json_write_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            vigil_json_write_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        guint n = json_object_get_size (object);
        const char *stack_keys[32];
        g_autofree const char **heap_keys = NULL;
        const char **keys = stack_keys;
        JsonObjectIter iter;
        const char *key;
        JsonNode *member;
        guint i = 0;

        if (n > G_N_ELEMENTS (stack_keys))
          keys = heap_keys = g_new (const char *, n);

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &key, &member))
          keys[i++] = key;
        qsort (keys, n, sizeof (char *), compare_keys);

        g_string_append_c (out, '{');
        for (i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            vigil_json_write_string (out, keys[i]);
            g_string_append_c (out, ':');
            vigil_json_write_canonical (out, json_object_get_member (object, keys[i]));
          }
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}
