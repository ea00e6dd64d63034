/* vigil-policy.c: thresholds, severities, windows and enabled checks, per model
 *
 * A policy is a key file. Its defaults are the prototype notebook's values, so an empty file
 * (or none) checks exactly as the notebook did:
 *
 *   [defaults]                 window_days, baseline_days, min_samples, notify_command,
 *                              segment_by, min_segment_size, segment_confidence
 *   [CHECK]                    enabled, severity and the check's own keys, for each check
 *   [model CreditXGBoost]      any of the above for one model, checks' keys as check.key,
 *                              and outcomes.PREDICTION.right / .wrong: lists of the outcomes
 *                              that show that prediction right or wrong (vigil-outcome-map.c)
 *
 * The checks, their keys, defaults and ranges are those of vigil-check.c.
 *
 * notify_command, in [defaults] only, is a shell command `vigilctl detect` runs once for each new
 * alert (vigil-notifier.c); it is kept as written, without key file escapes.
 *
 * Every problem is reported with the file's name and the line it is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-policy.h"

struct _VigilPolicy
{
  GObject           parent_instance;
  VigilModelPolicy  defaults;
  GHashTable       *models;   /* name -> VigilModelPolicy */
  char             *notify_command;
};

G_DEFINE_FINAL_TYPE (VigilPolicy, vigil_policy, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-policy-error-quark, vigil_policy_error)

static void
vigil_policy_finalize (GObject *object)
{
  VigilPolicy *self = (VigilPolicy *) object;

  g_hash_table_unref (self->models);
  g_clear_pointer (&self->defaults.outcomes, vigil_outcome_map_unref);
  g_free (self->notify_command);

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
  p->window_days = 1;
  p->baseline_days = 7;
  p->min_samples = 20;
  p->segment_by = NULL;
  p->min_segment_size = 0;
  p->segment_confidence = 0.99;

  for (guint i = 0; i < vigil_checks_get_n (); i++)
    vigil_check_policy_init (&p->checks[i], (VigilCheck) i);
}

static void
model_policy_free (gpointer data)
{
  VigilModelPolicy *p = data;

  g_clear_pointer (&p->outcomes, vigil_outcome_map_unref);
  g_free (p);
}

/* A copy of @p that holds its own reference to the outcome rules */
static VigilModelPolicy *
model_policy_dup (const VigilModelPolicy *p)
{
  VigilModelPolicy *copy = g_memdup2 (p, sizeof *p);

  if (copy->outcomes != NULL)
    vigil_outcome_map_ref (copy->outcomes);
  return copy;
}

static void
vigil_policy_init (VigilPolicy *self)
{
  set_notebook_defaults (&self->defaults);
  self->models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_policy_free);
}

/**
 * vigil_policy_new:
 *
 * The prototype notebook's policy: window 1 day, baseline 7 days, thresholds 0.20, 0.30, 0.10,
 * 2x and 0.3x, severities HIGH, MEDIUM, MEDIUM, LOW; feature drift at PSI 0.25 or the
 * sample-size-aware critical value, whichever is higher; categorical drift at 99% confidence
 * and a share moved by 0.10; at least 20 decisions per window.
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
  const VigilCheckInfo *info = vigil_check_get_info (check);
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

  for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
    {
      const VigilCheckKey *ck = &info->keys[k];

      if (!g_str_equal (name, ck->key))
        continue;
      if (!read_double (kf, where, group, key, ck->min, ck->max, &v, error))
        return FALSE;
      if (ck->whole && v != floor (v))
        return invalid (error, where, group, key, _("“%s” must be a whole number"), key);
      vigil_check_policy_set_field (c, ck->field, v);
      return TRUE;
    }

  return invalid (error, where, group, key, _("unknown key “%s” for %s"), name, info->name);
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
    return read_double (kf, where, group, key, VIGIL_POLICY_MIN_DAYS,
                        VIGIL_POLICY_MAX_WINDOW_DAYS, &p->window_days, error);
  if (g_str_equal (key, "baseline_days"))
    return read_double (kf, where, group, key, VIGIL_POLICY_MIN_DAYS,
                        VIGIL_POLICY_MAX_BASELINE_DAYS, &p->baseline_days, error);
  if (g_str_equal (key, "min_samples"))
    {
      if (!read_double (kf, where, group, key, 1, VIGIL_POLICY_MAX_MIN_SAMPLES, &v, error))
        return FALSE;
      if (v != floor (v))
        return invalid (error, where, group, key, _("“%s” must be a whole number"), key);
      p->min_samples = (gint64) v;
      return TRUE;
    }
  if (g_str_has_prefix (key, "outcomes."))
    return invalid (error, where, group, key,
                    _("“%s” is set in a [model NAME] group: which outcomes show a prediction "
                      "right is a model’s own"), key);
  if (g_str_equal (key, "segment_by"))
    {
      g_autofree char *text = g_strstrip (g_key_file_get_value (kf, group, key, NULL));

      if (g_str_equal (text, "none"))
        p->segment_by = NULL;
      else if ((p->segment_by = vigil_segment_field (text)) == NULL)
        return invalid (error, where, group, key,
                        _("“%s” must be one of %s, or none, not “%s”"), key,
                        VIGIL_SEGMENT_FIELDS, text);
      return TRUE;
    }
  if (g_str_equal (key, "min_segment_size"))
    {
      if (!read_double (kf, where, group, key, 1, VIGIL_POLICY_MAX_MIN_SAMPLES, &v, error))
        return FALSE;
      if (v != floor (v))
        return invalid (error, where, group, key, _("“%s” must be a whole number"), key);
      p->min_segment_size = (gint64) v;
      return TRUE;
    }
  if (g_str_equal (key, "segment_confidence"))
    return read_double (kf, where, group, key, VIGIL_POLICY_MIN_CONFIDENCE,
                        VIGIL_POLICY_MAX_CONFIDENCE, &p->segment_confidence, error);
  if (g_str_equal (key, "notify_command"))
    return invalid (error, where, group, key,
                    _("“notify_command” is set in [defaults] only: one command for every "
                      "model"));
  return invalid (error, where, group, key, _("unknown key “%s”"), key);
}

/* notify_command in [defaults]: taken out of @kf, so that the rest of the group is read as
 * any model's. */
static gboolean
take_notify_command (GKeyFile     *kf,
                     Where        *where,
                     char        **out,
                     GError      **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (kf, "defaults", "notify_command", NULL))
    return TRUE;
  text = g_strstrip (g_key_file_get_value (kf, "defaults", "notify_command", NULL));
  if (*text == '\0')
    return invalid (error, where, "defaults", "notify_command",
                    _("“notify_command” is empty; leave it out to run no command"));
  g_key_file_remove_key (kf, "defaults", "notify_command", NULL);
  g_free (*out);
  *out = g_steal_pointer (&text);
  return TRUE;
}

/* outcomes.PREDICTION.right or .wrong in a model's group: a list of outcomes. The first such
 * key of a group starts the model's own rules, which replace the built-in ones. */
static gboolean
apply_outcomes_key (GKeyFile          *kf,
                    Where             *where,
                    const char        *group,
                    const char        *key,
                    VigilModelPolicy  *p,
                    GError           **error)
{
  const char *rest = key + strlen ("outcomes.");
  const char *dot = strrchr (rest, '.');
  g_autofree char *prediction = NULL;
  g_auto(GStrv) outcomes = NULL;
  gboolean right;
  guint n = 0;

  if (dot == NULL || dot == rest || (!g_str_equal (dot, ".right") && !g_str_equal (dot, ".wrong")))
    return invalid (error, where, group, key,
                    _("“%s”: outcome rules are written outcomes.PREDICTION.right or "
                      "outcomes.PREDICTION.wrong, each a list of outcomes separated by ;"), key);
  prediction = g_strndup (rest, dot - rest);
  right = g_str_equal (dot, ".right");
  outcomes = g_key_file_get_string_list (kf, group, key, NULL, NULL);
  if (p->outcomes == NULL)
    p->outcomes = vigil_outcome_map_new ();
  for (guint i = 0; outcomes != NULL && outcomes[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      char *outcome = g_strstrip (outcomes[i]);

      if (*outcome == '\0' && outcomes[i + 1] == NULL && n > 0)
        break;   /* a list may end with ; */
      if (!vigil_outcome_map_add (p->outcomes, prediction, right, outcome, &local_error))
        return invalid (error, where, group, key, "%s", local_error->message);
      n++;
    }
  if (n == 0)
    return invalid (error, where, group, key,
                    _("“%s” lists no outcome; name at least one, or leave the key out"), key);
  return TRUE;
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

          if (is_model && g_str_has_prefix (key, "outcomes."))
            {
              if (!apply_outcomes_key (kf, where, group, key, p, error))
                return FALSE;
            }
          else if (is_model && dot != NULL)
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

  if (!take_notify_command (kf, &where, &self->notify_command, error))
    return NULL;
  groups = g_key_file_get_groups (kf, NULL);

  /* The defaults and the checks' groups first, so that model groups start from them. */
  for (guint i = 0; groups[i]; i++)
    {
      if (g_str_has_prefix (groups[i], "model "))
        continue;
      if (!g_str_equal (groups[i], "defaults") && !vigil_check_from_string (groups[i], &check))
        {
          invalid (error, &where, groups[i], NULL,
                   _("unknown group [%s]; groups are [defaults], a check’s name, or "
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
      model = model_policy_dup (&self->defaults);
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

/**
 * vigil_policy_get_notify_command:
 *
 * Returns: (nullable): the shell command to run once for each new alert (notify_command in
 *   [defaults]), or %NULL for none
 */
const char *
vigil_policy_get_notify_command (VigilPolicy *self)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);
  return self->notify_command;
}

/**
 * vigil_policy_set_notify_command:
 * @command: (nullable): a shell command, or %NULL (or only blanks) for none
 *
 * Sets notify_command, without its blanks at either end.
 */
void
vigil_policy_set_notify_command (VigilPolicy *self,
                                 const char  *command)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VIGIL_IS_POLICY (self));
  g_return_if_fail (command == NULL || strchr (command, '\n') == NULL);

  text = command != NULL ? g_strstrip (g_strdup (command)) : NULL;
  g_clear_pointer (&self->notify_command, g_free);
  if (text != NULL && *text != '\0')
    self->notify_command = g_steal_pointer (&text);
}

/* Editing and saving ----------------------------------------------------------------------- */

static gboolean
model_policy_equal (const VigilModelPolicy *a,
                    const VigilModelPolicy *b)
{
  if (a->window_days != b->window_days || a->baseline_days != b->baseline_days ||
      a->min_samples != b->min_samples || !vigil_outcome_map_equal (a->outcomes, b->outcomes) ||
      g_strcmp0 (a->segment_by, b->segment_by) != 0 ||
      a->min_segment_size != b->min_segment_size ||
      a->segment_confidence != b->segment_confidence)
    return FALSE;
  for (guint i = 0; i < vigil_checks_get_n (); i++)
    {
      const VigilCheckPolicy *x = &a->checks[i], *y = &b->checks[i];

      if (!x->enabled != !y->enabled || x->severity != y->severity ||
          x->threshold != y->threshold || x->low_ratio != y->low_ratio || x->bins != y->bins ||
          x->confidence != y->confidence)
        return FALSE;
    }
  return TRUE;
}

/**
 * vigil_policy_copy:
 *
 * Returns: (transfer full): a policy that can be edited without changing @self
 */
VigilPolicy *
vigil_policy_copy (VigilPolicy *self)
{
  VigilPolicy *copy;
  GHashTableIter iter;
  const char *name;
  VigilModelPolicy *p;

  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);

  copy = vigil_policy_new ();
  copy->defaults = self->defaults;
  if (copy->defaults.outcomes != NULL)
    vigil_outcome_map_ref (copy->defaults.outcomes);
  copy->notify_command = g_strdup (self->notify_command);
  g_hash_table_iter_init (&iter, self->models);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &p))
    g_hash_table_replace (copy->models, g_strdup (name), model_policy_dup (p));
  return copy;
}

/**
 * vigil_policy_equal:
 *
 * Whether two policies check every model in the same way, with the same models named.
 */
gboolean
vigil_policy_equal (VigilPolicy *a,
                    VigilPolicy *b)
{
  GHashTableIter iter;
  const char *name;
  VigilModelPolicy *p;

  g_return_val_if_fail (VIGIL_IS_POLICY (a) && VIGIL_IS_POLICY (b), FALSE);

  if (!model_policy_equal (&a->defaults, &b->defaults) ||
      g_strcmp0 (a->notify_command, b->notify_command) != 0 ||
      g_hash_table_size (a->models) != g_hash_table_size (b->models))
    return FALSE;
  g_hash_table_iter_init (&iter, a->models);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &p))
    {
      VigilModelPolicy *q = g_hash_table_lookup (b->models, name);

      if (q == NULL || !model_policy_equal (p, q))
        return FALSE;
    }
  return TRUE;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * vigil_policy_dup_model_names:
 *
 * Returns: (transfer full): the sorted names of the models that have a [model NAME] group
 */
char **
vigil_policy_dup_model_names (VigilPolicy *self)
{
  g_autofree const char **names = NULL;
  guint n;
  char **out;

  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);

  names = (const char **) g_hash_table_get_keys_as_array (self->models, &n);
  out = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    out[i] = g_strdup (names[i]);
  qsort (out, n, sizeof (char *), compare_names);
  return out;
}

gboolean
vigil_policy_has_model (VigilPolicy *self,
                        const char  *model_name)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), FALSE);
  return model_name != NULL && g_hash_table_contains (self->models, model_name);
}

static gboolean
out_of_range (GError    **error,
              const char *what,
              double      min,
              double      max,
              double      value)
{
  if (value >= min && value <= max)
    return FALSE;
  g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
               _("%s must be between %g and %g, not %g"), what, min, max, value);
  return TRUE;
}

/**
 * vigil_policy_validate_model:
 *
 * Checks that every value of @policy is in the range the policy file allows, so that what is
 * saved can be read back.
 */
gboolean
vigil_policy_validate_model (const VigilModelPolicy  *policy,
                             GError                 **error)
{
  const VigilCheckPolicy *c;

  g_return_val_if_fail (policy != NULL, FALSE);

  if (out_of_range (error, _("The recent window in days"), VIGIL_POLICY_MIN_DAYS,
                    VIGIL_POLICY_MAX_WINDOW_DAYS, policy->window_days) ||
      out_of_range (error, _("The baseline in days"), VIGIL_POLICY_MIN_DAYS,
                    VIGIL_POLICY_MAX_BASELINE_DAYS, policy->baseline_days) ||
      out_of_range (error, _("The minimum number of decisions"), 1,
                    VIGIL_POLICY_MAX_MIN_SAMPLES, (double) policy->min_samples) ||
      out_of_range (error, _("The minimum number of decisions in a segment"), 0,
                    VIGIL_POLICY_MAX_MIN_SAMPLES, (double) policy->min_segment_size) ||
      out_of_range (error, _("The confidence over a model’s segments"),
                    VIGIL_POLICY_MIN_CONFIDENCE, VIGIL_POLICY_MAX_CONFIDENCE,
                    policy->segment_confidence))
    return FALSE;
  if (policy->segment_by != NULL && vigil_segment_field (policy->segment_by) == NULL)
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                   _("Checks can be run per segment of %s, not of “%s”"), VIGIL_SEGMENT_FIELDS,
                   policy->segment_by);
      return FALSE;
    }

  for (guint i = 0; i < vigil_checks_get_n (); i++)
    {
      c = &policy->checks[i];
      if (c->severity != VIGIL_SEVERITY_LOW && c->severity != VIGIL_SEVERITY_MEDIUM &&
          c->severity != VIGIL_SEVERITY_HIGH)
        {
          g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                       _("The severity of %s must be LOW, MEDIUM or HIGH"),
                       vigil_check_to_string ((VigilCheck) i));
          return FALSE;
        }
    }

  for (guint i = 0; i < vigil_checks_get_n (); i++)
    {
      const VigilCheckInfo *info = vigil_check_get_info ((VigilCheck) i);

      for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
        {
          const VigilCheckKey *ck = &info->keys[k];

          if (out_of_range (error, _(ck->what), ck->min, ck->max,
                            vigil_check_policy_get_field (&policy->checks[i], ck->field)))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigil_policy_set_defaults:
 *
 * Sets the policy of the models that have no group of their own. Refuses values out of range.
 */
gboolean
vigil_policy_set_defaults (VigilPolicy             *self,
                           const VigilModelPolicy  *policy,
                           GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), FALSE);

  if (!vigil_policy_validate_model (policy, error))
    return FALSE;
  if (policy->outcomes != NULL)
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                   _("Outcome rules are set per model: which outcomes show a prediction right "
                     "is a model’s own"));
      return FALSE;
    }
  g_clear_pointer (&self->defaults.outcomes, vigil_outcome_map_unref);
  self->defaults = *policy;
  return TRUE;
}

/* A model's name becomes a group "[model NAME]": it must read back as the same name. */
static gboolean
check_model_name (const char  *name,
                  GError     **error)
{
  const char *p;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1]))
    goto bad;
  for (p = name; *p; p++)
    if (*p == '[' || *p == ']' || g_ascii_iscntrl (*p))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
               _("“%s” cannot name a model in a policy: a name is text without brackets, "
                 "control characters or spaces at either end"), name ? name : "");
  return FALSE;
}

/**
 * vigil_policy_set_model:
 *
 * Gives @model_name a policy of its own, as a [model NAME] group does. Refuses values out of
 * range, and names that a group cannot hold.
 */
gboolean
vigil_policy_set_model (VigilPolicy             *self,
                        const char              *model_name,
                        const VigilModelPolicy  *policy,
                        GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), FALSE);

  if (!check_model_name (model_name, error) || !vigil_policy_validate_model (policy, error))
    return FALSE;
  g_hash_table_replace (self->models, g_strdup (model_name), model_policy_dup (policy));
  return TRUE;
}

/**
 * vigil_policy_unset_model:
 *
 * Lets @model_name follow the defaults again. Returns whether it had a policy of its own.
 */
gboolean
vigil_policy_unset_model (VigilPolicy *self,
                          const char  *model_name)
{
  g_return_val_if_fail (VIGIL_IS_POLICY (self), FALSE);
  return model_name != NULL && g_hash_table_remove (self->models, model_name);
}

/* The shortest text that reads back as exactly @v. */
static void
put_double (GString    *out,
            const char *key,
            double      v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append_printf (out, "%s = %s\n", key, buf);
}

/* Writes the keys of check @i that differ from @base, or all of them without @base. */
static void
put_check (GString                *out,
           const char             *prefix,
           VigilCheck              i,
           const VigilCheckPolicy *c,
           const VigilCheckPolicy *base)
{
  const VigilCheckInfo *info = vigil_check_get_info (i);

  if (base == NULL || !c->enabled != !base->enabled)
    g_string_append_printf (out, "%senabled = %s\n", prefix, c->enabled ? "true" : "false");
  if (base == NULL || c->severity != base->severity)
    g_string_append_printf (out, "%sseverity = %s\n", prefix,
                            vigil_severity_to_string (c->severity));
  for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
    {
      const VigilCheckKey *ck = &info->keys[k];
      double v = vigil_check_policy_get_field (c, ck->field);
      g_autofree char *name = g_strconcat (prefix, ck->key, NULL);

      if (base != NULL && v == vigil_check_policy_get_field (base, ck->field))
        continue;
      if (ck->whole)
        g_string_append_printf (out, "%s = %.0f\n", name, v);
      else
        put_double (out, name, v);
    }
}

static void
put_general (GString                *out,
             const VigilModelPolicy *p,
             const VigilModelPolicy *base)
{
  if (base == NULL || p->window_days != base->window_days)
    put_double (out, "window_days", p->window_days);
  if (base == NULL || p->baseline_days != base->baseline_days)
    put_double (out, "baseline_days", p->baseline_days);
  if (base == NULL || p->min_samples != base->min_samples)
    g_string_append_printf (out, "min_samples = %" G_GINT64_FORMAT "\n", p->min_samples);
  if ((base == NULL && p->segment_by != NULL) ||
      (base != NULL && g_strcmp0 (p->segment_by, base->segment_by) != 0))
    g_string_append_printf (out, "segment_by = %s\n", p->segment_by ? p->segment_by : "none");
  if ((base == NULL && p->min_segment_size != 0) ||
      (base != NULL && p->min_segment_size != base->min_segment_size))
    g_string_append_printf (out, "min_segment_size = %" G_GINT64_FORMAT "\n",
                            p->min_segment_size);
  if (base == NULL || p->segment_confidence != base->segment_confidence)
    put_double (out, "segment_confidence", p->segment_confidence);
}

/**
 * vigil_model_policy_get_min_segment_size:
 *
 * Returns: the fewest decisions a segment has in each window to be checked on its own: the
 *   policy's min_segment_size, or its min_samples when that is not set
 */
gint64
vigil_model_policy_get_min_segment_size (const VigilModelPolicy *policy)
{
  return policy->min_segment_size > 0 ? policy->min_segment_size : policy->min_samples;
}

/**
 * vigil_policy_to_data:
 *
 * Writes the policy as the key file that vigil_policy_new_from_data() reads back as an equal
 * policy: every default and check in full, then each model's group with what differs from the
 * defaults, models sorted by name.
 *
 * Returns: (transfer full): the key file's text
 */
char *
vigil_policy_to_data (VigilPolicy *self)
{
  GString *out;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (VIGIL_IS_POLICY (self), NULL);

  out = g_string_new ("# Vigil detection policy\n\n[defaults]\n");
  put_general (out, &self->defaults, NULL);
  if (self->notify_command != NULL)
    g_string_append_printf (out, "notify_command = %s\n", self->notify_command);
  for (guint i = 0; i < vigil_checks_get_n (); i++)
    {
      g_string_append_printf (out, "\n[%s]\n", vigil_check_to_string ((VigilCheck) i));
      put_check (out, "", (VigilCheck) i, &self->defaults.checks[i], NULL);
    }

  names = vigil_policy_dup_model_names (self);
  for (guint n = 0; names[n]; n++)
    {
      const VigilModelPolicy *p = g_hash_table_lookup (self->models, names[n]);

      g_string_append_printf (out, "\n[model %s]\n", names[n]);
      put_general (out, p, &self->defaults);
      if (p->outcomes != NULL)
        vigil_outcome_map_to_data (p->outcomes, out);
      for (guint i = 0; i < vigil_checks_get_n (); i++)
        {
          g_autofree char *prefix = g_strconcat (vigil_check_to_string ((VigilCheck) i), ".",
                                                 NULL);
          put_check (out, prefix, (VigilCheck) i, &p->checks[i], &self->defaults.checks[i]);
        }
    }
  return g_string_free (out, FALSE);
}
