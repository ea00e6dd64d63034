/* vigil-json-parser.c: a strict, allocation-light JSON reader for decision lines
 *
 * Importing is bound by parsing: a general JSON tree costs an allocation per node and a hash
 * table per object. This reader makes one pass over a line, checks it against RFC 8259, fills a
 * VigilRecord directly and writes input_features in canonical form as it goes: no spaces, object
 * keys sorted by their UTF-8 bytes, strings with only the escapes JSON requires, numbers as
 * RFC 8785 writes them. Duplicate keys are refused rather than silently resolved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-json-parser"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-json-parser.h"
#include "vigil-json.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  char       *reason;
  GPtrArray  *pool;     /* spare GStrings, reused across objects */
} Scanner;

static void
string_free (gpointer str)
{
  g_string_free (str, TRUE);
}

static gboolean
fail (Scanner    *s,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
syntax (Scanner    *s,
        const char *what)
{
  return fail (s, "invalid JSON at column %d: %s", (int) (s->p - s->start) + 1, what);
}

static gboolean
fail (Scanner    *s,
      const char *format,
      ...)
{
  va_list args;

  if (s->reason == NULL)
    {
      va_start (args, format);
      s->reason = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return FALSE;
}

static inline void
skip_ws (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static GString *
pool_take (Scanner *s)
{
  if (s->pool->len > 0)
    {
      GString *str = g_ptr_array_steal_index_fast (s->pool, s->pool->len - 1);
      g_string_truncate (str, 0);
      return str;
    }
  return g_string_sized_new (64);
}

static void
pool_give (Scanner *s,
           GString *str)
{
  g_ptr_array_add (s->pool, str);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Scanner *s,
           guint   *out)
{
  guint v = 0;

  if (s->end - s->p < 4)
    return syntax (s, "truncated \\u escape");
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (s->p[i]);
      if (h < 0)
        return syntax (s, "invalid \\u escape");
      v = v * 16 + (guint) h;
    }
  s->p += 4;
  *out = v;
  return TRUE;
}

/* Decodes a string token into @out. The line is known to be valid UTF-8 already. */
static gboolean
parse_string (Scanner *s,
              GString *out)
{
  const char *run;

  if (s->p >= s->end || *s->p != '"')
    return syntax (s, "expected a string");
  run = ++s->p;

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          g_string_append_len (out, run, s->p - run);
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return syntax (s, "control character in a string");
      if (c != '\\')
        {
          s->p++;
          continue;
        }

      g_string_append_len (out, run, s->p - run);
      s->p++;
      if (s->p >= s->end)
        break;
      switch (*s->p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            guint cp, low;

            if (!read_hex4 (s, &cp))
              return FALSE;
            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                  return syntax (s, "unpaired surrogate in a \\u escape");
                s->p += 2;
                if (!read_hex4 (s, &low))
                  return FALSE;
                if (low < 0xDC00 || low > 0xDFFF)
                  return syntax (s, "unpaired surrogate in a \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (cp >= 0xDC00 && cp <= 0xDFFF)
              return syntax (s, "unpaired surrogate in a \\u escape");
            if (cp == 0)
              return syntax (s, "NUL character (\\u0000) in a string");
            g_string_append_unichar (out, cp);
          }
          break;
        default:
          return syntax (s, "invalid escape in a string");
        }
      run = s->p;
    }

  return syntax (s, "unterminated string");
}

/* The length of the bare word at @p ("NaN", "-Infinity", "undefined"), at most @max. */
static int
word_length (const char *p,
             const char *end,
             int         max)
{
  int n = 0;

  while (p + n < end && n < max && (g_ascii_isalnum (p[n]) || p[n] == '-' || p[n] == '_' ||
                                    p[n] == '.' || p[n] == '+'))
    n++;
  return n;
}

/* A value that is a bare word: Python's json writes NaN and Infinity, which JSON lacks. */
static gboolean
not_json_word (Scanner *s)
{
  return fail (s, "invalid JSON at column %d: “%.*s” is not a JSON value (JSON has no NaN or "
               "Infinity; write null for a missing number)",
               (int) (s->p - s->start) + 1, word_length (s->p, s->end, 24), s->p);
}

/* Checks a number token against the JSON grammar; tells whether it is an integer. */
static gboolean
scan_number (Scanner     *s,
             const char **out_start,
             gsize       *out_len,
             gboolean    *out_integer)
{
  const char *start = s->p;
  const char *p = s->p;
  gboolean integer = TRUE;

  if (p < s->end && *p == '-')
    p++;
  if (p < s->end && g_ascii_isalpha (*p))
    return not_json_word (s);
  if (p >= s->end || !g_ascii_isdigit (*p))
    return syntax (s, "invalid number");
  if (*p == '0')
    p++;
  else
    while (p < s->end && g_ascii_isdigit (*p))
      p++;
  if (p < s->end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return syntax (s, "invalid number");
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < s->end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < s->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return syntax (s, "invalid number");
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }

  s->p = p;
  *out_start = start;
  *out_len = (gsize) (p - start);
  *out_integer = integer;
  return TRUE;
}

static double
token_to_double (const char *start,
                 gsize       len)
{
  char buf[64];

  if (len < sizeof buf)
    {
      memcpy (buf, start, len);
      buf[len] = '\0';
      return g_ascii_strtod (buf, NULL);
    }
  else
    {
      g_autofree char *copy = g_strndup (start, len);
      return g_ascii_strtod (copy, NULL);
    }
}

#define MAX_SIGNIFICANT_DIGITS 40

/* Writes a number token by its exact decimal value, the way RFC 8785 (the JSON Canonicalization
 * Scheme) and JavaScript print numbers: "1.50", "15e-1" and "0.15E1" all become "1.5", "1e2"
 * becomes "100", "0.0000001" becomes "1e-7". Working on the decimal digits keeps the value the
 * model sent exactly, and needs no floating point. */
static gboolean
write_number (Scanner    *s,
              GString    *out,
              const char *token,
              gsize       len)
{
  const char *p = token, *end = token + len;
  char digits[MAX_SIGNIFICANT_DIGITS];
  gboolean negative = FALSE;
  gint64 point = 0;        /* digits before the decimal point, leading zeros dropped */
  gint64 exponent = 0;
  gint64 n;
  int k = 0;
  int trailing_zeros = 0;
  gboolean in_fraction = FALSE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; p < end && *p != 'e' && *p != 'E'; p++)
    {
      if (*p == '.')
        {
          in_fraction = TRUE;
          continue;
        }
      if (k == 0 && *p == '0')
        {
          if (in_fraction)
            point--;
          continue;
        }
      if (*p == '0')
        trailing_zeros++;
      else
        {
          /* Zeros between significant digits are significant. */
          for (; trailing_zeros > 0; trailing_zeros--)
            {
              if (k == MAX_SIGNIFICANT_DIGITS)
                return fail (s, "number has more than %d significant digits",
                             MAX_SIGNIFICANT_DIGITS);
              digits[k++] = '0';
            }
          if (k == MAX_SIGNIFICANT_DIGITS)
            return fail (s, "number has more than %d significant digits", MAX_SIGNIFICANT_DIGITS);
          digits[k++] = *p;
        }
      if (!in_fraction)
        point++;
    }
  if (p < end)
    {
      gboolean exp_negative = FALSE;

      p++;
      if (*p == '+' || *p == '-')
        exp_negative = *p++ == '-';
      for (; p < end; p++)
        {
          if (exponent < 100000)
            exponent = exponent * 10 + (*p - '0');
        }
      if (exp_negative)
        exponent = -exponent;
    }

  if (k == 0)
    {
      g_string_append_c (out, '0');
      return TRUE;
    }

  /* The value is 0.DIGITS x 10^n */
  n = point + exponent;
  if (n > 309 || n < -323)
    return fail (s, "number out of the range of a double");

  if (negative)
    g_string_append_c (out, '-');
  if (k <= n && n <= 21)
    {
      g_string_append_len (out, digits, k);
      for (gint64 i = k; i < n; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, (gssize) n);
      g_string_append_c (out, '.');
      g_string_append_len (out, digits + n, k - (gssize) n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (gint64 i = 0; i < -n; i++)
        g_string_append_c (out, '0');
      g_string_append_len (out, digits, k);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, digits + 1, k - 1);
        }
      g_string_append_printf (out, "e%c%" G_GINT64_FORMAT, n - 1 < 0 ? '-' : '+',
                              n - 1 < 0 ? 1 - n : n - 1);
    }
  return TRUE;
}

static gboolean
expect_literal (Scanner    *s,
                const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return syntax (s, "unexpected character");
  s->p += n;
  return TRUE;
}

typedef struct
{
  GString *key;
  GString *value;
} Member;

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *ma = a, *mb = b;

  return strcmp (ma->key->str, mb->key->str);
}

static gboolean parse_value (Scanner *s, GString *out, int depth);

static gboolean
parse_object (Scanner *s,
              GString *out,
              int      depth)
{
  Member stack_members[16];
  GArray *heap = NULL;
  Member *members = stack_members;
  guint n = 0;
  gboolean ok = FALSE;

  s->p++;  /* { */
  skip_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      g_string_append (out, "{}");
      return TRUE;
    }

  for (;;)
    {
      Member m;

      skip_ws (s);
      m.key = pool_take (s);
      m.value = pool_take (s);
      if (n == G_N_ELEMENTS (stack_members) && heap == NULL)
        {
          heap = g_array_sized_new (FALSE, FALSE, sizeof (Member), 32);
          g_array_append_vals (heap, stack_members, n);
        }
      if (heap)
        {
          g_array_append_val (heap, m);
          members = (Member *) (void *) heap->data;
        }
      else
        members[n] = m;
      n++;

      if (!parse_string (s, m.key))
        goto out;
      skip_ws (s);
      if (s->p >= s->end || *s->p != ':')
        {
          syntax (s, "expected “:” after a key");
          goto out;
        }
      s->p++;
      if (!parse_value (s, m.value, depth + 1))
        goto out;
      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          break;
        }
      syntax (s, "expected “,” or “}” in an object");
      goto out;
    }

  qsort (members, n, sizeof (Member), compare_members);
  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          if (strcmp (members[i].key->str, members[i - 1].key->str) == 0)
            {
              fail (s, "duplicate key “%.64s”", members[i].key->str);
              goto out;
            }
          g_string_append_c (out, ',');
        }
      vigil_json_write_string (out, members[i].key->str);
      g_string_append_c (out, ':');
      g_string_append_len (out, members[i].value->str, members[i].value->len);
    }
  g_string_append_c (out, '}');
  ok = TRUE;

out:
  for (guint i = 0; i < n; i++)
    {
      pool_give (s, members[i].key);
      pool_give (s, members[i].value);
    }
  if (heap)
    g_array_free (heap, TRUE);
  return ok;
}

static gboolean
parse_value (Scanner *s,
             GString *out,
             int      depth)
{
  if (depth > VIGIL_JSON_MAX_DEPTH)
    return fail (s, "JSON nested too deeply");

  skip_ws (s);
  if (s->p >= s->end)
    return syntax (s, "unexpected end of line");

  switch (*s->p)
    {
    case '{':
      return parse_object (s, out, depth);

    case '[':
      s->p++;
      g_string_append_c (out, '[');
      skip_ws (s);
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          g_string_append_c (out, ']');
          return TRUE;
        }
      for (gboolean first = TRUE;; first = FALSE)
        {
          if (!first)
            g_string_append_c (out, ',');
          if (!parse_value (s, out, depth + 1))
            return FALSE;
          skip_ws (s);
          if (s->p < s->end && *s->p == ',')
            {
              s->p++;
              continue;
            }
          if (s->p < s->end && *s->p == ']')
            {
              s->p++;
              g_string_append_c (out, ']');
              return TRUE;
            }
          return syntax (s, "expected “,” or “]” in an array");
        }

    case '"':
      {
        GString *str = pool_take (s);
        gboolean ok = parse_string (s, str);

        if (ok)
          vigil_json_write_string (out, str->str);
        pool_give (s, str);
        return ok;
      }

    case 't':
      g_string_append (out, "true");
      return expect_literal (s, "true");
    case 'f':
      g_string_append (out, "false");
      return expect_literal (s, "false");
    case 'n':
      g_string_append (out, "null");
      return expect_literal (s, "null");

    default:
      {
        const char *start;
        gsize len;
        gboolean integer;

        if (!scan_number (s, &start, &len, &integer))
          return FALSE;
        return write_number (s, out, start, len);
      }
    }
}

static void
scanner_clear (Scanner *s)
{
  g_ptr_array_unref (s->pool);
}

static gboolean
at_end (Scanner *s)
{
  skip_ws (s);
  if (s->p != s->end)
    return syntax (s, "unexpected text after the JSON value");
  return TRUE;
}

/**
 * vigil_json_canonicalize:
 * @text: one JSON value
 * @out: receives its canonical form
 * @out_reason: (out): why @text is refused
 */
gboolean
vigil_json_canonicalize (const char  *text,
                         gsize        len,
                         GString     *out,
                         char       **out_reason)
{
  Scanner s = { text, text, text + len, NULL, g_ptr_array_new_with_free_func (string_free) };
  gboolean ok;

  if (!g_utf8_validate (text, (gssize) len, NULL))
    fail (&s, "not valid UTF-8");
  ok = s.reason == NULL && parse_value (&s, out, 0) && at_end (&s);
  scanner_clear (&s);
  if (!ok)
    *out_reason = g_steal_pointer (&s.reason);
  return ok;
}

/**
 * vigil_json_foreach_member:
 * @object: a JSON object's text, such as stored input_features
 * @func: called for each top-level member, with its value when it is a number, or its text
 *   (unescaped) when it is a string
 *
 * Returns: %FALSE when @object is not a valid JSON object
 */
gboolean
vigil_json_foreach_member (const char          *object,
                           gsize                len,
                           VigilJsonMemberFunc  func,
                           gpointer             user_data)
{
  Scanner s = { object, object, object + len, NULL, g_ptr_array_new_with_free_func (string_free) };
  GString *key = g_string_new (NULL);
  GString *skipped = g_string_new (NULL);
  gboolean ok = FALSE;

  skip_ws (&s);
  if (s.p >= s.end || *s.p != '{')
    goto out;
  s.p++;
  skip_ws (&s);
  if (s.p < s.end && *s.p == '}')
    {
      ok = TRUE;
      goto out;
    }
  for (;;)
    {
      g_string_truncate (key, 0);
      skip_ws (&s);
      if (!parse_string (&s, key))
        goto out;
      skip_ws (&s);
      if (s.p >= s.end || *s.p != ':')
        goto out;
      s.p++;
      skip_ws (&s);
      if (s.p < s.end && (*s.p == '-' || g_ascii_isdigit (*s.p)))
        {
          const char *start;
          gsize n;
          gboolean integer;

          if (!scan_number (&s, &start, &n, &integer))
            goto out;
          func (key->str, token_to_double (start, n), TRUE, NULL, user_data);
        }
      else if (s.p < s.end && *s.p == '"')
        {
          g_string_truncate (skipped, 0);
          if (!parse_string (&s, skipped))
            goto out;
          func (key->str, NAN, FALSE, skipped->str, user_data);
        }
      else
        {
          g_string_truncate (skipped, 0);
          if (!parse_value (&s, skipped, 1))
            goto out;
          func (key->str, NAN, FALSE, NULL, user_data);
        }
      skip_ws (&s);
      if (s.p < s.end && *s.p == ',')
        {
          s.p++;
          continue;
        }
      ok = s.p < s.end && *s.p == '}';
      break;
    }

out:
  g_string_free (key, TRUE);
  g_string_free (skipped, TRUE);
  scanner_clear (&s);
  g_free (s.reason);
  return ok;
}

typedef enum
{
  F_TIMESTAMP,
  F_MODEL_NAME,
  F_MODEL_VERSION,
  F_DECISION_TYPE,
  F_PREDICTION,
  F_CONFIDENCE,
  F_INPUT_FEATURES,
  F_EXPLANATION,
  F_TICKER,
  F_SECTOR,
  F_PORTFOLIO_ID,
  F_USER_ID,
  F_EVENT_ID,
  N_FIELDS
} Field;

static const char *field_names[N_FIELDS] = {
  "timestamp", "model_name", "model_version", "decision_type", "prediction", "confidence",
  "input_features", "explanation", "ticker", "sector", "portfolio_id", "user_id",
  "event_id",
};

/* What the value at the scanner is, for a message: "a string", "a number"…, or the bare word
 * itself ("NaN"), which is not JSON. */
static char *
kind_of_value (const Scanner *s)
{
  const char *p = s->p;

  switch (*p)
    {
    case '{': return g_strdup ("an object");
    case '[': return g_strdup ("an array");
    case '"': return g_strdup ("a string");
    case 't':
    case 'f': return g_strdup ("a boolean");
    case 'n': return g_strdup ("null");
    default:
      if (g_ascii_isdigit (*p) || (*p == '-' && p + 1 < s->end && g_ascii_isdigit (p[1])))
        return g_strdup ("a number");
      if (word_length (p, s->end, 24) > 0)
        return g_strdup_printf ("“%.*s”, which is not JSON (JSON has no NaN or Infinity; write "
                                "null for a missing number)", word_length (p, s->end, 24), p);
      return g_strdup_printf ("“%c”, which does not start a JSON value", *p);
    }
}

/* A decision's members, as they are read */
typedef struct
{
  GString  *values[N_FIELDS];   /* the text fields given, not null */
  gboolean  seen[N_FIELDS];
  gboolean  has_features;       /* the canonical input_features are in the scratch buffer */
} DecisionMembers;

/* A member's key, checked to be a field not seen before, and the “:” after it. Returns the
 * field, or -1 with the reason. */
static int
parse_member_key (Scanner         *s,
                  DecisionMembers *m)
{
  GString *key = pool_take (s);
  int field = -1;

  skip_ws (s);
  if (!parse_string (s, key))
    {
      pool_give (s, key);
      return -1;
    }
  for (int i = 0; i < N_FIELDS; i++)
    if (strcmp (key->str, field_names[i]) == 0)
      field = i;
  if (field < 0)
    {
      fail (s, "unknown field “%.64s”", key->str);
      pool_give (s, key);
      return -1;
    }
  pool_give (s, key);
  if (m->seen[field])
    {
      fail (s, "field “%s” appears twice", field_names[field]);
      return -1;
    }
  m->seen[field] = TRUE;

  skip_ws (s);
  if (s->p >= s->end || *s->p != ':')
    {
      syntax (s, "expected “:” after a key");
      return -1;
    }
  s->p++;
  skip_ws (s);
  if (s->p >= s->end)
    {
      syntax (s, "unexpected end of line");
      return -1;
    }
  return field;
}

static gboolean
parse_confidence (Scanner     *s,
                  VigilRecord *record)
{
  const char *start;
  gsize n;
  gboolean integer;

  if (*s->p != '-' && !g_ascii_isdigit (*s->p))
    {
      g_autofree char *kind = kind_of_value (s);

      return fail (s, "field “confidence” must be a number or null, not %s", kind);
    }
  if (!scan_number (s, &start, &n, &integer))
    return FALSE;
  record->has_confidence = TRUE;
  record->confidence = token_to_double (start, n);
  /* -0 is 0: one value, one sealed text */
  if (record->confidence == 0.0)
    record->confidence = 0.0;
  return TRUE;
}

/* The value of @field: null, the confidence, the features (canonical, into @scratch), or a
 * text field. */
static gboolean
parse_member_value (Scanner         *s,
                    int              field,
                    DecisionMembers *m,
                    VigilRecord     *record,
                    GString         *scratch)
{
  if (*s->p == 'n')
    return expect_literal (s, "null");
  if (field == F_CONFIDENCE)
    return parse_confidence (s, record);
  if (field == F_INPUT_FEATURES)
    {
      if (*s->p != '{')
        {
          g_autofree char *kind = kind_of_value (s);

          return fail (s, "field “input_features” must be an object or null, not %s", kind);
        }
      if (!parse_object (s, scratch, 1))
        return FALSE;
      m->has_features = TRUE;
      return TRUE;
    }
  if (*s->p != '"')
    {
      g_autofree char *kind = kind_of_value (s);

      return fail (s, "field “%s” must be a string, not %s", field_names[field], kind);
    }
  m->values[field] = pool_take (s);
  return parse_string (s, m->values[field]);
}

/* The line's one object, member by member. */
static gboolean
parse_decision_object (Scanner         *s,
                       DecisionMembers *m,
                       VigilRecord     *record,
                       GString         *scratch)
{
  skip_ws (s);
  if (s->end - s->p >= 3 && memcmp (s->p, "\xEF\xBB\xBF", 3) == 0)
    return fail (s, "a byte-order mark (U+FEFF) starts the line; one is allowed only at the "
                 "start of the file");
  if (s->p >= s->end || *s->p != '{')
    return syntax (s, "a line must hold one JSON object");
  s->p++;
  skip_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      int field = parse_member_key (s, m);

      if (field < 0 || !parse_member_value (s, field, m, record, scratch))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      return syntax (s, "expected “,” or “}” in an object");
    }
}

/* Fills @record from the members read (the timestamp normalised, now when absent; the
 * features {} when absent) and checks it as vigil_record_check() does. */
static gboolean
fill_record (Scanner         *s,
             DecisionMembers *m,
             VigilRecord     *record,
             GString         *scratch)
{
  if (m->values[F_TIMESTAMP] != NULL)
    {
      const char *why = NULL;
      gint64 usec;

      if (m->values[F_TIMESTAMP]->len > 64 ||
          !vigil_timestamp_parse (m->values[F_TIMESTAMP]->str, &usec, &why))
        return fail (s, "field “timestamp”: “%.64s” is not a timestamp (%s)",
                     m->values[F_TIMESTAMP]->str, why ? why : "too long");
      vigil_timestamp_format (usec, record->timestamp);
    }
  else
    vigil_timestamp_now (record->timestamp);

  if (!m->has_features)
    g_string_assign (scratch, "{}");

#define TEXT(f) (m->values[f] ? m->values[f]->str : NULL)
  record->model_name = TEXT (F_MODEL_NAME);
  record->model_version = TEXT (F_MODEL_VERSION);
  record->decision_type = TEXT (F_DECISION_TYPE);
  record->prediction = TEXT (F_PREDICTION);
  record->explanation = TEXT (F_EXPLANATION);
  record->ticker = TEXT (F_TICKER);
  record->sector = TEXT (F_SECTOR);
  record->portfolio_id = TEXT (F_PORTFOLIO_ID);
  record->user_id = TEXT (F_USER_ID);
  record->event_id = TEXT (F_EVENT_ID);
#undef TEXT
  record->input_features = scratch->str;

  return vigil_record_check (record, &s->reason);
}

/* The record's strings point into the members and the scratch buffer until interned. */
static void
intern_record (VigilRecord     *record,
               VigilInternFunc  intern,
               gpointer         intern_data)
{
#define INTERN(f) if (record->f) record->f = intern (intern_data, record->f)
  INTERN (model_name);
  INTERN (model_version);
  INTERN (decision_type);
  INTERN (prediction);
  INTERN (explanation);
  INTERN (ticker);
  INTERN (sector);
  INTERN (portfolio_id);
  INTERN (user_id);
  INTERN (event_id);
  INTERN (input_features);
#undef INTERN
}

/**
 * vigil_json_parse_decision:
 * @line: one line of the import format, without its end of line
 * @record: filled on success; its strings are interned with @intern
 * @scratch: a buffer for the canonical features text
 * @out_reason: (out): why the line is refused
 *
 * Parses and checks one decision: JSON syntax, the known fields and their types, the
 * timestamp (now when absent), every rule of vigil_record_check(), and computes input_hash.
 */
gboolean
vigil_json_parse_decision (const char       *line,
                           gsize             len,
                           VigilRecord      *record,
                           VigilInternFunc   intern,
                           gpointer          intern_data,
                           GString          *scratch,
                           char            **out_reason)
{
  Scanner s = { line, line, line + len, NULL, g_ptr_array_new_with_free_func (string_free) };
  DecisionMembers m = { { NULL }, { FALSE }, FALSE };
  gboolean ok;

  memset (record, 0, sizeof *record);
  g_string_truncate (scratch, 0);

  ok = parse_decision_object (&s, &m, record, scratch) && at_end (&s) &&
       fill_record (&s, &m, record, scratch);
  if (ok)
    {
      intern_record (record, intern, intern_data);
      vigil_record_hash_input (record);
    }

  for (int i = 0; i < N_FIELDS; i++)
    if (m.values[i])
      g_string_free (m.values[i], TRUE);
  scanner_clear (&s);
  if (!ok)
    *out_reason = g_steal_pointer (&s.reason);
  return ok;
}

/* Outcome lines -------------------------------------------------------------------------- */

void
vigil_outcome_line_clear (VigilOutcomeLine *outcome)
{
  g_clear_pointer (&outcome->model_name, g_free);
  g_clear_pointer (&outcome->event_id, g_free);
  g_clear_pointer (&outcome->value, g_free);
  g_clear_pointer (&outcome->recorded_by, g_free);
}

static gboolean
outcome_text (Scanner     *s,
              const char  *field,
              gsize        max_len,
              char       **out)
{
  GString *value;

  if (*s->p != '"')
    {
      g_autofree char *kind = kind_of_value (s);

      return fail (s, "field “%s” of an outcome must be a string, not %s", field, kind);
    }
  value = g_string_new (NULL);
  if (!parse_string (s, value))
    {
      g_string_free (value, TRUE);
      return FALSE;
    }
  if (value->len == 0 || value->len > max_len)
    {
      fail (s, "field “%s” of an outcome must be 1 to %zu bytes long, not %zu", field, max_len,
            value->len);
      g_string_free (value, TRUE);
      return FALSE;
    }
  *out = g_string_free (value, FALSE);
  return TRUE;
}

static gboolean
outcome_timestamp (Scanner    *s,
                   const char *field,
                   char        out[VIGIL_TIMESTAMP_LEN])
{
  g_autofree char *text = NULL;
  const char *why = NULL;
  gint64 usec;

  if (!outcome_text (s, field, 64, &text))
    return FALSE;
  if (!vigil_timestamp_parse (text, &usec, &why))
    return fail (s, "field “%s”: “%s” is not a timestamp (%s)", field, text, why);
  vigil_timestamp_format (usec, out);
  return TRUE;
}

/**
 * vigil_json_parse_outcome:
 * @line: one line of a spool, valid UTF-8, without its end of line
 * @outcome: filled on success; clear it with vigil_outcome_line_clear()
 * @out_reason: (out): why the line is refused, when it is an outcome line
 *
 * An outcome line records what actually happened after a decision, as `vigilctl outcome`
 * does: {"outcome": VALUE, "decision_id": ID} ("id" is the same), {"outcome": VALUE,
 * "model_name": M, "event_id": E} (the decision that model logged with that key) or
 * {"outcome": VALUE, "model_name": M, "decision_timestamp": T} (the decision that model logged
 * at that instant), with an optional "outcome_date" ("outcome_at" is the same) and
 * "recorded_by".
 *
 * Returns: 1 for a valid outcome line, 0 for an invalid one (@out_reason set), -1 when @line is
 *   not an outcome line (it has no top-level "outcome" member)
 */
int
vigil_json_parse_outcome (const char        *line,
                          gsize              len,
                          VigilOutcomeLine  *outcome,
                          char             **out_reason)
{
  Scanner s = { line, line, line + len, NULL, g_ptr_array_new_with_free_func (string_free) };
  g_autoptr(GString) key = g_string_new (NULL);
  gboolean seen_outcome = FALSE, seen_id = FALSE, seen_time = FALSE, seen_date = FALSE;
  gboolean seen_event = FALSE;
  int result = -1;

  memset (outcome, 0, sizeof *outcome);
  if (g_strstr_len (line, (gssize) len, "\"outcome\"") == NULL)
    goto out;

  skip_ws (&s);
  if (s.p >= s.end || *s.p != '{')
    goto out;
  s.p++;
  for (;;)
    {
      skip_ws (&s);
      g_string_truncate (key, 0);
      if (!parse_string (&s, key))
        goto out;
      skip_ws (&s);
      if (s.p >= s.end || *s.p != ':')
        {
          syntax (&s, "expected “:” after a key");
          goto out;
        }
      s.p++;
      skip_ws (&s);
      if (s.p >= s.end)
        {
          syntax (&s, "unexpected end of line");
          goto out;
        }

      if (strcmp (key->str, "outcome") == 0 && !seen_outcome)
        {
          seen_outcome = TRUE;
          if (!outcome_text (&s, "outcome", VIGIL_MAX_PREDICTION_LEN, &outcome->value))
            goto out;
        }
      else if ((strcmp (key->str, "decision_id") == 0 || strcmp (key->str, "id") == 0) &&
               !seen_id)
        {
          const char *start;
          gsize n;
          gboolean integer;
          g_autofree char *text = NULL;
          guint64 id = 0;

          seen_id = TRUE;
          if (*s.p != '-' && !g_ascii_isdigit (*s.p))
            {
              g_autofree char *kind = kind_of_value (&s);

              fail (&s, "field “decision_id” of an outcome must be a number, not %s", kind);
              goto out;
            }
          if (!scan_number (&s, &start, &n, &integer))
            goto out;
          text = g_strndup (start, n);
          if (!integer || *start == '-' ||
              !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
            {
              fail (&s, "field “decision_id” of an outcome must be a decision’s id (a whole "
                    "number from 1), not %s", text);
              goto out;
            }
          outcome->decision_id = (gint64) id;
        }
      else if (strcmp (key->str, "model_name") == 0 && outcome->model_name == NULL)
        {
          if (!outcome_text (&s, "model_name", VIGIL_MAX_NAME_LEN, &outcome->model_name))
            goto out;
        }
      else if (strcmp (key->str, "event_id") == 0 && !seen_event)
        {
          seen_event = TRUE;
          if (!outcome_text (&s, "event_id", VIGIL_MAX_NAME_LEN, &outcome->event_id))
            goto out;
        }
      else if (strcmp (key->str, "decision_timestamp") == 0 && !seen_time)
        {
          seen_time = TRUE;
          if (!outcome_timestamp (&s, "decision_timestamp", outcome->decision_timestamp))
            goto out;
        }
      else if ((strcmp (key->str, "outcome_date") == 0 || strcmp (key->str, "outcome_at") == 0) &&
               !seen_date)
        {
          seen_date = TRUE;
          if (*s.p == 'n')
            {
              if (!expect_literal (&s, "null"))
                goto out;
            }
          else if (!outcome_timestamp (&s, "outcome_date", outcome->outcome_date))
            goto out;
        }
      else if (strcmp (key->str, "recorded_by") == 0 && outcome->recorded_by == NULL)
        {
          if (*s.p == 'n')
            {
              if (!expect_literal (&s, "null"))
                goto out;
            }
          else if (!outcome_text (&s, "recorded_by", VIGIL_MAX_NAME_LEN, &outcome->recorded_by))
            goto out;
        }
      else
        {
          g_autoptr(GString) skipped = g_string_new (NULL);

          /* A decision with an "outcome" somewhere inside is not an outcome line. */
          if (!parse_value (&s, skipped, 1))
            goto out;
          fail (&s, "field “%.64s” is not one of an outcome line’s (outcome, decision_id or id, "
                "model_name, event_id, decision_timestamp, outcome_date or outcome_at, "
                "recorded_by), or appears twice", key->str);
        }

      skip_ws (&s);
      if (s.p < s.end && *s.p == ',')
        {
          s.p++;
          continue;
        }
      if (s.p < s.end && *s.p == '}')
        {
          s.p++;
          break;
        }
      syntax (&s, "expected “,” or “}” in an object");
      goto out;
    }
  if (!at_end (&s))
    goto out;

  if (seen_outcome && s.reason == NULL)
    {
      if ((seen_id ? 1 : 0) + (seen_event ? 1 : 0) + (seen_time ? 1 : 0) > 1 ||
          (seen_id && outcome->model_name != NULL))
        fail (&s, "an outcome names its decision one way: by “decision_id”, by “model_name” "
              "and “event_id”, or by “model_name” and “decision_timestamp”");
      else if (!seen_id && (outcome->model_name == NULL || (!seen_time && !seen_event)))
        fail (&s, "an outcome must name its decision: “decision_id”, “model_name” and "
              "“event_id” (the key its sender gave it), or “model_name” and "
              "“decision_timestamp” (the timestamp of the decision that model logged)");
    }

out:
  if (seen_outcome)
    result = s.reason == NULL ? 1 : 0;
  if (result == 0)
    *out_reason = g_steal_pointer (&s.reason);
  if (result != 1)
    vigil_outcome_line_clear (outcome);
  scanner_clear (&s);
  g_free (s.reason);
  return result;
}
