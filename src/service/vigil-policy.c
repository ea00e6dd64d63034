/* vigil-policy.c: thresholds, severities, windows and enabled checks, per model
 *
 * A policy is a key file. Its defaults are the prototype notebook's values, so an empty file
 * (or none) checks exactly as the notebook did:
 *
 *   [defaults]                 window_days, baseline_days, min_samples
 *   [distribution_shift]       enabled, severity, threshold
 *   [concentration_risk]       enabled, severity, threshold
 *   [confidence_shift]         enabled, severity, threshold
 *   [volume_anomaly]           enabled, severity, high_ratio, low_ratio
 *   [feature_drift]            enabled, severity, psi_floor, bins, confidence
 *   [model CreditXGBoost]      any of the above for one model, checks' keys as check.key
 *
 * Every problem is reported with the file's name and the line it is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-policy.h"

struct _VigilPolicy
{
  GObject           parent_instance;
  VigilModelPolicy  defaults;
  GHashTable       *models;   /* name -> VigilModelPolicy */
};

G_DEFINE_FINAL_TYPE (VigilPolicy, vigil_policy, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-policy-error-quark, vigil_policy_error)

static const char *check_names[VIGIL_N_CHECKS] = {
  "distribution_shift", "concentration_risk", "confidence_shift", "volume_anomaly",
  "feature_drift",
};

const char *
vigil_check_to_string (VigilCheck check)
{
  g_return_val_if_fail (check < VIGIL_N_CHECKS, NULL);
  return check_names[check];
}

gboolean
vigil_check_from_string (const char *str,
                         VigilCheck *out)
{
  for (guint i = 0; i < VIGIL_N_CHECKS; i++)
    if (g_strcmp0 (str, check_names[i]) == 0)
      {
        *out = (VigilCheck) i;
        return TRUE;
      }
  return FALSE;
}

static void
vigil_policy_finalize (GObject *object)
{
  VigilPolicy *self = (VigilPolicy *) object;

  g_hash_table_unref (self->models);

  G_OBJECT_CLASS (vigil_policy_parent_class)->finalize (object);
}

static void
vigil_policy_class_init (VigilPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_policy_finalize;
}

static void
set_notebook_defaults (VigilModelPolicy *p)
{
  VigilCheckPolicy *c = p->checks;

  p->window_days = 1;
  p->baseline_days = 7;
  p->min_samples = 20;

  for (guint i = 0; i < VIGIL_N_CHECKS; i++)
    c[i].enabled = TRUE;
  c[VIGIL_CHECK_DISTRIBUTION_SHIFT].severity = VIGIL_SEVERITY_HIGH;
  c[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold = 0.20;
  c[VIGIL_CHECK_CONCENTRATION_RISK].severity = VIGIL_SEVERITY_MEDIUM;
  c[VIGIL_CHECK_CONCENTRATION_RISK].threshold = 0.30;
  c[VIGIL_CHECK_CONFIDENCE_SHIFT].severity = VIGIL_SEVERITY_MEDIUM;
  c[VIGIL_CHECK_CONFIDENCE_SHIFT].threshold = 0.10;
  c[VIGIL_CHECK_VOLUME_ANOMALY].severity = VIGIL_SEVERITY_LOW;
  c[VIGIL_CHECK_VOLUME_ANOMALY].threshold = 2.0;
  c[VIGIL_CHECK_VOLUME_ANOMALY].low_ratio = 0.3;
  c[VIGIL_CHECK_FEATURE_DRIFT].severity = VIGIL_SEVERITY_MEDIUM;
  c[VIGIL_CHECK_FEATURE_DRIFT].threshold = 0.25;
  c[VIGIL_CHECK_FEATURE_DRIFT].bins = 10;
  c[VIGIL_CHECK_FEATURE_DRIFT].confidence = 0.95;
}

static void
vigil_policy_init (VigilPolicy *self)
{
  set_notebook_defaults (&self->defaults);
  self->models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * vigil_policy_new:
 *
 * The prototype notebook's policy: window 1 day, baseline 7 days, thresholds 0.20, 0.30, 0.10,
 * 2x and 0.3x, severities HIGH, MEDIUM, MEDIUM, LOW; feature drift at PSI 0.25 or the
 * sample-size-aware critical value, whichever is higher; at least 20 decisions per window.
 */
VigilPolicy *
vigil_policy_new (void)
{
  return g_object_new (VIGIL_TYPE_POLICY, NULL);
}

typedef struct
{
  const char *source;
  GHashTable *lines;    /* "group\nkey" or "group" -> line number */
} Where;

static int
line_of (Where      *where,
         const char *group,
         const char *key)
{
  g_autofree char *id = key ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);

  return GPOINTER_TO_INT (g_hash_table_lookup (where->lines, id));
}

static gboolean
invalid (GError    **error,
         Where      *where,
         const char *group,
         const char *key,
         const char *format,
         ...) G_GNUC_PRINTF (5, 6);

static gboolean
invalid (GError    **error,
         Where      *where,
         const char *group,
         const char *key,
         const char *format,
         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID, "%s:%d: %s", where->source,
               line_of (where, group, key), reason);
  return FALSE;
}

static gboolean
read_double (GKeyFile    *kf,
             Where       *where,
             const char  *group,
             const char  *key,
             double       min,
             double       max,
             double      *out,
             GError     **error)
{
  g_autofree char *text = g_key_file_get_value (kf, group, key, NULL);
  char *end = NULL;
  double v;

  v = g_ascii_strtod (g_strstrip (text), &end);
  if (end == text || *end != '\0' || !isfinite (v))
    return invalid (error, where, group, key, _("“%s” must be a number, not “%s”"), key, text);
  if (v < min || v > max)
    return invalid (error, where, group, key, _("“%s” must be between %g and %g, not %g"), key,
                    min, max, v);
  *out = v;
  return TRUE;
}

static gboolean
apply_check_key (GKeyFile          *kf,
                 Where             *where,
                 const char        *group,
                 const char        *key,
                 VigilCheck         check,
                 const char        *name,
                 VigilCheckPolicy  *c,
                 GError           **error)
{
  g_autofree char *text = g_strstrip (g_key_file_get_value (kf, group, key, NULL));
  double v;

  if (g_str_equal (name, "enabled"))
    {
      if (g_str_equal (text, "true"))
        c->enabled = TRUE;
      else if (g_str_equal (text, "false"))
        c->enabled = FALSE;
      else
        return invalid (error, where, group, key, _("“%s” must be true or false, not “%s”"), key,
                        text);
      return TRUE;
    }
  if (g_str_equal (name, "severity"))
    {
      if (!vigil_severity_from_string (text, &c->severity))
        return invalid (error, where, group, key,
                        _("“%s” must be LOW, MEDIUM or HIGH, not “%s”"), key, text);
      return TRUE;
    }

  switch (check)
    {
    case VIGIL_CHECK_DISTRIBUTION_SHIFT:
    case VIGIL_CHECK_CONCENTRATION_RISK:
      if (g_str_equal (name, "threshold"))
        return read_double (kf, where, group, key, 0.0, 1.0, &c->threshold, error);
      break;
    case VIGIL_CHECK_CONFIDENCE_SHIFT:
      if (g_str_equal (name, "threshold"))
        return read_double (kf, where, group, key, 0.0, 1.0, &c->threshold, error);
      break;
    case VIGIL_CHECK_VOLUME_ANOMALY:
      if (g_str_equal (name, "high_ratio"))
        return read_double (kf, where, group, key, 1.0, 1e6, &c->threshold, error);
      if (g_str_equal (name, "low_ratio"))
        return read_double (kf, where, group, key, 0.0, 1.0, &c->low_ratio, error);
      break;
    case VIGIL_CHECK_FEATURE_DRIFT:
      if (g_str_equal (name, "psi_floor"))
        return read_double (kf, where, group, key, 0.0, 100.0, &c->threshold, error);
      if (g_str_equal (name, "confidence"))
        return read_double (kf, where, group, key, 0.5, 0.9999, &c->confidence, error);
      if (g_str_equal (name, "bins"))
        {
          if (!read_double (kf, where, group, key, 2, 100, &v, error))
            return FALSE;
          if (v != floor (v))
            return invalid (error, where, group, key, _("“%s” must be a whole number"), key);
          c->bins = (guint) v;
          return TRUE;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  return invalid (error, where, group, key, _("unknown key “%s” for %s"), name,
                  check_names[check]);
}

static gboolean
apply_general_key (GKeyFile          *kf,
                   Where             *where,
                   const char        *group,
                   const char        *key,
                   VigilModelPolicy  *p,
                   GError           **error)
{
  double v;

  if (g_str_equal (key, "window_days"))
    return read_double (kf, where, group, key, 1.0 / 24, 365, &p->window_days, error);
  if (g_str_equal (key, "baseline_days"))
    return read_double (kf, where, group, key, 1.0 / 24, 3650, &p->baseline_days, error);
  if (g_str_equal (key, "min_samples"))
    {
      if (!read_double (kf, where, group, key, 1, 1e9, &v, error))
        return FALSE;
      if (v != floor (v))
        return invalid (error, where, group, key, _("“%s” must be a whole number"), key);
      p->min_samples = (gint64) v;
      return TRUE;
    }
  return invalid (error, where, group, key, _("unknown key “%s”"), key);
}

static gboolean
apply_group (GKeyFile          *kf,
             Where             *where,
             const char        *group,
             gboolean           is_model,
             VigilModelPolicy  *p,
             GError           **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);
  VigilCheck check;

  for (guint i = 0; keys && keys[i]; i++)
    {
      const char *key = keys[i];

      if (g_str_equal (group, "defaults") || is_model)
        {
          const char *dot = strchr (key, '.');

          if (is_model && dot != NULL)
            {
              g_autofree char *check_name = g_strndup (key, dot - key);

              if (!vigil_check_from_string (check_name, &check))
                return invalid (error, where, group, key, _("unknown check “%s”"), check_name);
              if (!apply_check_key (kf, where, group, key, check, dot + 1, &p->checks[check],
                                    error))
                return FALSE;
            }
          else if (!apply_general_key (kf, where, group, key, p, error))
            return FALSE;
        }
      else
        {
          vigil_check_from_string (group, &check);
          if (!apply_check_key (kf, where, group, key, check, key, &p->checks[check], error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Finds the line of every group and key, and refuses what a key file cannot hold, by line. */
static gboolean
scan_lines (const char  *data,
            Where       *where,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      int number = (int) i + 1;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          gsize len = strlen (line);

          if (line[len - 1] != ']' || len < 3)
            {
              g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                           _("%s:%d: a group is written [name]"), where->source, number);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, len - 2);
          if (g_hash_table_contains (where->lines, group))
            {
              g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                           _("%s:%d: the group [%s] appears twice"), where->source, number,
                           group);
              return FALSE;
            }
          g_hash_table_insert (where->lines, g_strdup (group), GINT_TO_POINTER (number));
          continue;
        }
      if (strchr (line, '=') == NULL)
        {
          g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                       _("%s:%d: expected “key = value”, a [group] or a # comment"),
                       where->source, number);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                       _("%s:%d: a key before any [group]"), where->source, number);
          return FALSE;
        }
      {
        g_autofree char *key = g_strndup (line, strchr (line, '=') - line);
        g_autofree char *id = g_strconcat (group, "\n", g_strstrip (key), NULL);

        if (g_hash_table_contains (where->lines, id))
          {
            g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                         _("%s:%d: “%s” is set twice in [%s]"), where->source, number, key, group);
            return FALSE;
          }
        g_hash_table_insert (where->lines, g_steal_pointer (&id), GINT_TO_POINTER (number));
      }
    }
  return TRUE;
}

/**
 * vigil_policy_new_from_data:
 * @source_name: how errors name the text, usually its file name
 *
 * Reads a policy key file. Anything not set keeps the notebook's value; a [model NAME] group
 * overrides the rest for that model.
 */
VigilPolicy *
vigil_policy_new_from_data (const char  *data,
                            const char  *source_name,
                            GError     **error)
{
  g_autoptr(VigilPolicy) self = vigil_policy_new ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local_error = NULL;
  Where where = { source_name, lines };
  VigilCheck check;

  if (!g_utf8_validate (data, -1, NULL))
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX,
                   _("%s: the policy is not UTF-8 text"), source_name);
      return NULL;
    }
  if (!scan_lines (data, &where, error))
    return NULL;
  if (!g_key_file_load_from_data (kf, data, (gsize) -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_SYNTAX, "%s: %s", source_name,
                   local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);

  /* The defaults and the checks' groups first, so that model groups start from them. */
  for (guint i = 0; groups[i]; i++)
    {
      if (g_str_has_prefix (groups[i], "model "))
        continue;
      if (!g_str_equal (groups[i], "defaults") && !vigil_check_from_string (groups[i], &check))
        {
          invalid (error, &where, groups[i], NULL,
                   _("unknown group [%s]; groups are [defaults], a check's name, or "
                     "[model NAME]"), groups[i]);
          return NULL;
        }
      if (!apply_group (kf, &where, groups[i], FALSE, &self->defaults, error))
        return NULL;
    }

  for (guint i = 0; groups[i]; i++)
    {
      VigilModelPolicy *model;
      const char *name;

      if (!g_str_has_prefix (groups[i], "model "))
        continue;
      name = groups[i] + strlen ("model ");
      if (*name == '\0')
        {
          invalid (error, &where, groups[i], NULL, _("a [model NAME] group needs the name"));
          return NULL;
        }
      model = g_memdup2 (&self->defaults, sizeof self->defaults);
      g_hash_table_replace (self->models, g_strdup (name), model);
      if (!apply_group (kf, &where, groups[i], TRUE, model, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

VigilPolicy *
vigil_policy_new_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &data, NULL, &local_error))
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_READ,
                   _("Could not read the policy: %s"), local_error->message);
      return NULL;
    }
  return vigil_policy_new_from_data (data, path, error);
}

const VigilModelPolicy *
vigil_policy_get_defaults (VigilPolicy *self)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);
  return &self->defaults;
}

/**
 * vigil_policy_for_model:
 *
 * Returns: (transfer none): the policy that applies to @model_name
 */
const VigilModelPolicy *
vigil_policy_for_model (VigilPolicy *self,
                        const char  *model_name)
{
  VigilModelPolicy *p;

  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);

  p = model_name ? g_hash_table_lookup (self->models, model_name) : NULL;
  return p ? p : &self->defaults;
}

/**
 * vigil_policy_set_windows:
 *
 * Sets the recent and baseline windows for every model, as a command line's options do.
 */
void
vigil_policy_set_windows (VigilPolicy *self,
                          double       window_days,
                          double       baseline_days)
{
  GHashTableIter iter;
  VigilModelPolicy *p;

  g_return_if_fail (VIGIL_IS_POLICY (self));
  g_return_if_fail (window_days > 0 && baseline_days > 0);

  self->defaults.window_days = window_days;
  self->defaults.baseline_days = baseline_days;
  g_hash_table_iter_init (&iter, self->models);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    {
      p->window_days = window_days;
      p->baseline_days = baseline_days;
    }
}
