/* vigil-alert.c: one monitoring alert with its evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alert"

#include "config.h"

#include <math.h>

#include "vigil-alert-private.h"
#include "vigil-enums.h"
#include "vigil-json.h"

struct _VigilAlert
{
  GObject          parent_instance;
  VigilAlertFields f;
};

G_DEFINE_FINAL_TYPE (VigilAlert, vigil_alert, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIMESTAMP,
  PROP_ALERT_TYPE,
  PROP_SEVERITY,
  PROP_DESCRIPTION,
  PROP_MODEL_NAME,
  PROP_ACKNOWLEDGED,
  PROP_ACKNOWLEDGED_BY,
  PROP_RAISED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_alert_finalize (GObject *object)
{
  VigilAlertFields *f = &VIGIL_ALERT (object)->f;

  g_free (f->timestamp);
  g_free (f->alert_type);
  g_free (f->severity);
  g_free (f->description);
  g_free (f->model_name);
  g_free (f->acknowledged_by);
  g_free (f->subject);
  g_free (f->window_start);
  g_free (f->window_end);
  g_free (f->baseline_start);
  g_free (f->acknowledged_at);
  g_free (f->ack_note);
  g_free (f->record_hash);
  g_free (f->raised_at);

  G_OBJECT_CLASS (vigil_alert_parent_class)->finalize (object);
}

static void
vigil_alert_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilAlertFields *f = &VIGIL_ALERT (object)->f;

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, f->id); break;
    case PROP_TIMESTAMP: g_value_set_string (value, f->timestamp); break;
    case PROP_ALERT_TYPE: g_value_set_string (value, f->alert_type); break;
    case PROP_SEVERITY: g_value_set_string (value, f->severity); break;
    case PROP_DESCRIPTION: g_value_set_string (value, f->description); break;
    case PROP_MODEL_NAME: g_value_set_string (value, f->model_name); break;
    case PROP_ACKNOWLEDGED: g_value_set_boolean (value, f->acknowledged); break;
    case PROP_ACKNOWLEDGED_BY: g_value_set_string (value, f->acknowledged_by); break;
    case PROP_RAISED_AT: g_value_set_string (value, f->raised_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alert_class_init (VigilAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_alert_finalize;
  object_class->get_property = vigil_alert_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIMESTAMP] = g_param_spec_string ("timestamp", NULL, NULL, NULL, flags);
  properties[PROP_ALERT_TYPE] = g_param_spec_string ("alert-type", NULL, NULL, NULL, flags);
  properties[PROP_SEVERITY] = g_param_spec_string ("severity", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_MODEL_NAME] = g_param_spec_string ("model-name", NULL, NULL, NULL, flags);
  properties[PROP_ACKNOWLEDGED] =
    g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE, flags);
  properties[PROP_ACKNOWLEDGED_BY] =
    g_param_spec_string ("acknowledged-by", NULL, NULL, NULL, flags);
  properties[PROP_RAISED_AT] = g_param_spec_string ("raised-at", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_alert_init (VigilAlert *self)
{
  self->f.observed = NAN;
  self->f.baseline = NAN;
  self->f.threshold = NAN;
  self->f.p_value = NAN;
  self->f.n_recent = -1;
  self->f.n_baseline = -1;
}

VigilAlertFields *
vigil_alert_get_fields (VigilAlert *self)
{
  return &self->f;
}

/**
 * vigil_alert_new:
 *
 * Creates an alert to store. Its timestamp and the time it was raised default to the time it
 * is stored; give it its window with vigil_alert_set_windows(), which the store requires.
 */
VigilAlert *
vigil_alert_new (const char    *alert_type,
                 VigilSeverity  severity,
                 const char    *model_name,
                 const char    *description)
{
  VigilAlert *self = g_object_new (VIGIL_TYPE_ALERT, NULL);

  self->f.alert_type = g_strdup (alert_type);
  self->f.severity = g_strdup (vigil_severity_to_string (severity));
  self->f.model_name = g_strdup (model_name);
  self->f.description = g_strdup (description);
  return self;
}

void
vigil_alert_set_timestamp (VigilAlert *self,
                           const char *timestamp)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  g_free (self->f.timestamp);
  self->f.timestamp = g_strdup (timestamp);
}

/**
 * vigil_alert_set_raised_at:
 * @raised_at: (nullable): when the alert was raised, any ISO 8601 form; %NULL for the time it
 *   is stored
 *
 * When the alert was raised is a fact of its own, apart from the window it describes (the day
 * of the alert): a backtest raises today an alert about a window weeks ago. It is not one of
 * the hashed columns.
 */
void
vigil_alert_set_raised_at (VigilAlert *self,
                           const char *raised_at)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  g_free (self->f.raised_at);
  self->f.raised_at = g_strdup (raised_at);
}

void
vigil_alert_set_subject (VigilAlert *self,
                         const char *subject)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  g_free (self->f.subject);
  self->f.subject = g_strdup (subject);
}

void
vigil_alert_set_windows (VigilAlert *self,
                         const char *baseline_start,
                         const char *window_start,
                         const char *window_end)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  g_free (self->f.baseline_start);
  g_free (self->f.window_start);
  g_free (self->f.window_end);
  self->f.baseline_start = g_strdup (baseline_start);
  self->f.window_start = g_strdup (window_start);
  self->f.window_end = g_strdup (window_end);
}

/**
 * vigil_alert_set_evidence:
 * @p_value: the test's p-value, or NAN when no test applies
 */
void
vigil_alert_set_evidence (VigilAlert *self,
                          double      observed,
                          double      baseline,
                          double      threshold,
                          gint64      n_recent,
                          gint64      n_baseline,
                          double      p_value)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  self->f.observed = observed;
  self->f.baseline = baseline;
  self->f.threshold = threshold;
  self->f.n_recent = n_recent;
  self->f.n_baseline = n_baseline;
  self->f.p_value = p_value;
}

#define GETTER(type, field, fallback)                                    \
  type                                                                   \
  vigil_alert_get_##field (VigilAlert *self)                             \
  {                                                                      \
    g_return_val_if_fail (VIGIL_IS_ALERT (self), fallback);              \
    return self->f.field;                                                \
  }

GETTER (gint64, id, 0)
GETTER (const char *, timestamp, NULL)
GETTER (const char *, alert_type, NULL)
GETTER (const char *, description, NULL)
GETTER (const char *, model_name, NULL)
GETTER (gboolean, acknowledged, FALSE)
GETTER (const char *, acknowledged_by, NULL)
GETTER (const char *, acknowledged_at, NULL)
GETTER (const char *, ack_note, NULL)
GETTER (const char *, subject, NULL)
GETTER (const char *, window_start, NULL)
GETTER (const char *, window_end, NULL)
GETTER (const char *, baseline_start, NULL)
GETTER (double, observed, NAN)
GETTER (double, baseline, NAN)
GETTER (double, threshold, NAN)
GETTER (gint64, n_recent, -1)
GETTER (gint64, n_baseline, -1)
GETTER (double, p_value, NAN)
GETTER (const char *, record_hash, NULL)
#undef GETTER

/**
 * vigil_alert_get_raised_at:
 *
 * Returns: (nullable): when the alert was raised, in DESIGN's timestamp format; %NULL when
 *   that is unknown (an alert stored by an older Vigil other than by a detection run)
 */
const char *
vigil_alert_get_raised_at (VigilAlert *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERT (self), NULL);
  return self->f.raised_at;
}

VigilSeverity
vigil_alert_get_severity (VigilAlert *self)
{
  VigilSeverity severity = VIGIL_SEVERITY_LOW;

  g_return_val_if_fail (VIGIL_IS_ALERT (self), VIGIL_SEVERITY_LOW);
  vigil_severity_from_string (self->f.severity, &severity);
  return severity;
}

/* JSON ------------------------------------------------------------------------------------- */

static void
put_key (GString    *out,
         const char *key)
{
  g_string_append_c (out, ',');
  vigil_json_write_string (out, key);
  g_string_append_c (out, ':');
}

static void
put_str (GString    *out,
         const char *key,
         const char *value)
{
  put_key (out, key);
  if (value != NULL)
    vigil_json_write_string (out, value);
  else
    g_string_append (out, "null");
}

static void
put_int (GString    *out,
         const char *key,
         gint64      value)
{
  put_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
put_count (GString    *out,
           const char *key,
           gint64      value)
{
  if (value >= 0)
    put_int (out, key, value);
  else
    put_str (out, key, NULL);
}

static void
put_real (GString    *out,
          const char *key,
          double      value)
{
  put_key (out, key);
  vigil_json_write_double (out, value);
}

/**
 * vigil_alert_write_json:
 * @out: where the object is appended, without a newline
 *
 * Appends the alert as the one JSON object that `vigilctl alerts --json` prints for it, and
 * that `vigilctl detect --notify-command` gives its command: "kind" is "alert", then every
 * column, null where a column is empty.
 */
void
vigil_alert_write_json (VigilAlert *self,
                        GString    *out)
{
  const VigilAlertFields *f;

  g_return_if_fail (VIGIL_IS_ALERT (self));
  g_return_if_fail (out != NULL);

  f = &self->f;
  g_string_append (out, "{\"kind\":\"alert\"");
  put_int (out, "id", f->id);
  put_str (out, "timestamp", f->timestamp);
  put_str (out, "alert_type", f->alert_type);
  put_str (out, "severity", vigil_severity_to_string (vigil_alert_get_severity (self)));
  put_str (out, "description", f->description);
  put_str (out, "model_name", f->model_name);
  put_int (out, "acknowledged", f->acknowledged ? 1 : 0);
  put_str (out, "acknowledged_by", f->acknowledged_by);
  put_str (out, "subject", f->subject);
  put_str (out, "window_start", f->window_start);
  put_str (out, "window_end", f->window_end);
  put_str (out, "baseline_start", f->baseline_start);
  put_real (out, "observed", f->observed);
  put_real (out, "baseline", f->baseline);
  put_real (out, "threshold", f->threshold);
  put_count (out, "n_recent", f->n_recent);
  put_count (out, "n_baseline", f->n_baseline);
  put_real (out, "p_value", f->p_value);
  put_str (out, "acknowledged_at", f->acknowledged_at);
  put_str (out, "ack_note", f->ack_note);
  put_str (out, "record_hash", f->record_hash);
  put_str (out, "raised_at", f->raised_at);
  g_string_append_c (out, '}');
}
