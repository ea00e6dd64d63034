/* vigil-model-info.c: a model that has logged decisions, its counts and, on a server, its desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-model-info"

#include "config.h"

#include "vigil-model-info.h"

struct _VigilModelInfo
{
  GObject  parent_instance;
  char    *name;
  gint64   decision_count;
  char    *first_timestamp;
  char    *last_timestamp;
  char    *desk;
};

G_DEFINE_FINAL_TYPE (VigilModelInfo, vigil_model_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DECISION_COUNT,
  PROP_FIRST_TIMESTAMP,
  PROP_LAST_TIMESTAMP,
  PROP_DESK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_model_info_finalize (GObject *object)
{
  VigilModelInfo *self = (VigilModelInfo *) object;

  g_free (self->name);
  g_free (self->first_timestamp);
  g_free (self->last_timestamp);
  g_free (self->desk);

  G_OBJECT_CLASS (vigil_model_info_parent_class)->finalize (object);
}

static void
vigil_model_info_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilModelInfo *self = VIGIL_MODEL_INFO (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DECISION_COUNT: g_value_set_int64 (value, self->decision_count); break;
    case PROP_FIRST_TIMESTAMP: g_value_set_string (value, self->first_timestamp); break;
    case PROP_LAST_TIMESTAMP: g_value_set_string (value, self->last_timestamp); break;
    case PROP_DESK: g_value_set_string (value, self->desk); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_model_info_class_init (VigilModelInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_model_info_finalize;
  object_class->get_property = vigil_model_info_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DECISION_COUNT] =
    g_param_spec_int64 ("decision-count", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FIRST_TIMESTAMP] =
    g_param_spec_string ("first-timestamp", NULL, NULL, NULL, flags);
  properties[PROP_LAST_TIMESTAMP] =
    g_param_spec_string ("last-timestamp", NULL, NULL, NULL, flags);
  properties[PROP_DESK] = g_param_spec_string ("desk", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_model_info_init (VigilModelInfo *self)
{
}

VigilModelInfo *
vigil_model_info_new (const char *name,
                      gint64      decision_count,
                      const char *first_timestamp,
                      const char *last_timestamp)
{
  VigilModelInfo *self = g_object_new (VIGIL_TYPE_MODEL_INFO, NULL);

  self->name = g_strdup (name);
  self->decision_count = decision_count;
  self->first_timestamp = g_strdup (first_timestamp);
  self->last_timestamp = g_strdup (last_timestamp);
  return self;
}

const char *
vigil_model_info_get_name (VigilModelInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_MODEL_INFO (self), NULL);
  return self->name;
}

gint64
vigil_model_info_get_decision_count (VigilModelInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_MODEL_INFO (self), 0);
  return self->decision_count;
}

const char *
vigil_model_info_get_first_timestamp (VigilModelInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_MODEL_INFO (self), NULL);
  return self->first_timestamp;
}

const char *
vigil_model_info_get_last_timestamp (VigilModelInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_MODEL_INFO (self), NULL);
  return self->last_timestamp;
}

/**
 * vigil_model_info_get_desk:
 *
 * Returns: (nullable): the desk the model is on, on a server; %NULL when it is on none, and
 *   always on a file
 */
const char *
vigil_model_info_get_desk (VigilModelInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_MODEL_INFO (self), NULL);
  return self->desk;
}

void
vigil_model_info_set_desk (VigilModelInfo *self,
                           const char     *desk)
{
  g_return_if_fail (VIGIL_IS_MODEL_INFO (self));

  if (g_strcmp0 (self->desk, desk) == 0)
    return;
  g_free (self->desk);
  self->desk = g_strdup (desk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK]);
}
