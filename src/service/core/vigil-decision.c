/* vigil-decision.c: one logged AI decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-decision-private.h"
#include "vigil-json-parser.h"
#include "vigil-store.h"

struct _VigilDecision
{
  GObject      parent_instance;
  VigilRecord  record;
  char        *timestamp_input;
  /* Owned copies of every string the record points at. */
  GPtrArray   *strings;
};

G_DEFINE_FINAL_TYPE (VigilDecision, vigil_decision, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIMESTAMP,
  PROP_MODEL_NAME,
  PROP_PREDICTION,
  PROP_CONFIDENCE,
  PROP_TICKER,
  PROP_REVIEW_STATUS,
  PROP_ANOMALY_FLAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
own (VigilDecision *self,
     const char    *str)
{
  char *copy;

  if (str == NULL)
    return NULL;
  copy = g_strdup (str);
  g_ptr_array_add (self->strings, copy);
  return copy;
}

static void
vigil_decision_finalize (GObject *object)
{
  VigilDecision *self = (VigilDecision *) object;

  g_ptr_array_unref (self->strings);
  g_free (self->timestamp_input);

  G_OBJECT_CLASS (vigil_decision_parent_class)->finalize (object);
}

static void
vigil_decision_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilDecision *self = VIGIL_DECISION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->record.id);
      break;
    case PROP_TIMESTAMP:
      g_value_set_string (value, vigil_decision_get_timestamp (self));
      break;
    case PROP_MODEL_NAME:
      g_value_set_string (value, self->record.model_name);
      break;
    case PROP_PREDICTION:
      g_value_set_string (value, self->record.prediction);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->record.has_confidence ? self->record.confidence : -1.0);
      break;
    case PROP_TICKER:
      g_value_set_string (value, self->record.ticker);
      break;
    case PROP_REVIEW_STATUS:
      g_value_set_string (value, self->record.review_status);
      break;
    case PROP_ANOMALY_FLAG:
      g_value_set_boolean (value, self->record.anomaly_flag != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decision_class_init (VigilDecisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_decision_finalize;
  object_class->get_property = vigil_decision_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIMESTAMP] = g_param_spec_string ("timestamp", NULL, NULL, NULL, flags);
  properties[PROP_MODEL_NAME] = g_param_spec_string ("model-name", NULL, NULL, NULL, flags);
  properties[PROP_PREDICTION] = g_param_spec_string ("prediction", NULL, NULL, NULL, flags);
  properties[PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL, -1.0, 1.0, -1.0, flags);
  properties[PROP_TICKER] = g_param_spec_string ("ticker", NULL, NULL, NULL, flags);
  properties[PROP_REVIEW_STATUS] = g_param_spec_string ("review-status", NULL, NULL, NULL, flags);
  properties[PROP_ANOMALY_FLAG] =
    g_param_spec_boolean ("anomaly-flag", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_decision_init (VigilDecision *self)
{
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->record.review_status = "pending";
}

/**
 * vigil_decision_new:
 *
 * Creates a decision to log. Its fields are checked when it is logged, not here.
 */
VigilDecision *
vigil_decision_new (const char *model_name,
                    const char *model_version,
                    const char *decision_type,
                    const char *prediction)
{
  VigilDecision *self = g_object_new (VIGIL_TYPE_DECISION, NULL);

  self->record.model_name = own (self, model_name);
  self->record.model_version = own (self, model_version);
  self->record.decision_type = own (self, decision_type);
  self->record.prediction = own (self, prediction);
  return self;
}

VigilDecision *
vigil_decision_new_from_record (const VigilRecord *record)
{
  VigilDecision *self = g_object_new (VIGIL_TYPE_DECISION, NULL);
  VigilRecord *r = &self->record;

  *r = *record;
#define OWN(f) r->f = own (self, record->f)
  OWN (model_name);
  OWN (model_version);
  OWN (decision_type);
  OWN (input_features);
  OWN (prediction);
  OWN (explanation);
  OWN (ticker);
  OWN (sector);
  OWN (portfolio_id);
  OWN (user_id);
  OWN (event_id);
  OWN (actual_outcome);
  OWN (outcome_date);
  OWN (reviewed_by);
  OWN (review_date);
  OWN (review_status);
  OWN (review_notes);
  OWN (anomaly_reason);
#undef OWN
  if (r->review_status == NULL)
    r->review_status = "pending";
  return self;
}

const VigilRecord *
vigil_decision_get_record (VigilDecision *self)
{
  return &self->record;
}

/* Checks and normalizes the inputs, as an import does for a line. */
gboolean
vigil_decision_prepare (VigilDecision  *self,
                        GError        **error)
{
  VigilRecord *r = &self->record;
  g_autofree char *reason = NULL;

  if (self->timestamp_input != NULL)
    {
      if (!vigil_timestamp_normalize (self->timestamp_input, r->timestamp, error))
        return FALSE;
    }
  else if (r->timestamp[0] == '\0')
    vigil_timestamp_now (r->timestamp);

  if (r->input_features == NULL)
    r->input_features = "{}";
  else if (strlen (r->input_features) <= VIGIL_MAX_FEATURES_LEN)
    {
      g_autoptr(GString) canonical = g_string_new (NULL);
      g_autofree char *why = NULL;

      if (!vigil_json_canonicalize (r->input_features, strlen (r->input_features), canonical,
                                    &why))
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                       _("input_features is not valid JSON: %s"), why);
          return FALSE;
        }
      if (canonical->str[0] != '{')
        {
          g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                               _("input_features must be a JSON object"));
          return FALSE;
        }
      r->input_features = own (self, canonical->str);
    }

  if (!vigil_record_check (r, &reason))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID, _("Invalid decision: %s"),
                   reason);
      return FALSE;
    }

  vigil_record_hash_input (r);
  return TRUE;
}

void
vigil_decision_set_timestamp (VigilDecision *self,
                              const char    *timestamp)
{
  g_return_if_fail (VIGIL_IS_DECISION (self));
  g_free (self->timestamp_input);
  self->timestamp_input = g_strdup (timestamp);
}

void
vigil_decision_set_confidence (VigilDecision *self,
                               double         confidence)
{
  g_return_if_fail (VIGIL_IS_DECISION (self));
  self->record.has_confidence = TRUE;
  /* -0 is 0: one value, one sealed text */
  self->record.confidence = confidence == 0.0 ? 0.0 : confidence;
}

void
vigil_decision_unset_confidence (VigilDecision *self)
{
  g_return_if_fail (VIGIL_IS_DECISION (self));
  self->record.has_confidence = FALSE;
  self->record.confidence = 0.0;
}

#define SETTER(field)                                                    \
  void                                                                   \
  vigil_decision_set_##field (VigilDecision *self,                       \
                              const char    *value)                      \
  {                                                                      \
    g_return_if_fail (VIGIL_IS_DECISION (self));                         \
    self->record.field = own (self, value);                              \
  }

SETTER (input_features)
SETTER (explanation)
SETTER (ticker)
SETTER (sector)
SETTER (portfolio_id)
SETTER (user_id)
SETTER (event_id)
#undef SETTER

#define GETTER(field)                                                    \
  const char *                                                           \
  vigil_decision_get_##field (VigilDecision *self)                       \
  {                                                                      \
    g_return_val_if_fail (VIGIL_IS_DECISION (self), NULL);               \
    return self->record.field;                                           \
  }

GETTER (model_name)
GETTER (model_version)
GETTER (decision_type)
GETTER (input_features)
GETTER (prediction)
GETTER (explanation)
GETTER (ticker)
GETTER (sector)
GETTER (portfolio_id)
GETTER (user_id)
GETTER (event_id)
GETTER (actual_outcome)
GETTER (outcome_date)
GETTER (reviewed_by)
GETTER (review_date)
GETTER (review_notes)
GETTER (anomaly_reason)
#undef GETTER

gint64
vigil_decision_get_id (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), 0);
  return self->record.id;
}

const char *
vigil_decision_get_timestamp (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), NULL);
  return self->record.timestamp[0] ? self->record.timestamp : self->timestamp_input;
}

const char *
vigil_decision_get_input_hash (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), NULL);
  return self->record.input_hash[0] ? self->record.input_hash : NULL;
}

gboolean
vigil_decision_has_confidence (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), FALSE);
  return self->record.has_confidence;
}

double
vigil_decision_get_confidence (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), 0.0);
  return self->record.confidence;
}

VigilReviewStatus
vigil_decision_get_review_status (VigilDecision *self)
{
  VigilReviewStatus status = VIGIL_REVIEW_PENDING;

  g_return_val_if_fail (VIGIL_IS_DECISION (self), VIGIL_REVIEW_PENDING);
  vigil_review_status_from_string (self->record.review_status, &status);
  return status;
}

gboolean
vigil_decision_get_anomaly_flag (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), FALSE);
  return self->record.anomaly_flag != 0;
}

const char *
vigil_decision_get_record_hash (VigilDecision *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION (self), NULL);
  return self->record.record_hash[0] ? self->record.record_hash : NULL;
}

/**
 * vigil_decision_to_json_line:
 *
 * Returns: (transfer full): the decision in the import format, without a newline
 */
char *
vigil_decision_to_json_line (VigilDecision *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_DECISION (self), NULL);
  vigil_record_to_json (&self->record, out);
  return g_string_free (out, FALSE);
}
