/* vigil-decision-item.c: one row of a VigilDecisionList, filled in when its page is read
 *
 * A list of millions of decisions cannot read a row when a view asks for it: it hands out
 * this item at once, empty, and sets its decision when the page holding it has been read in a
 * worker thread. Views bind to ::notify::decision and show a placeholder until then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision-item"

#include "config.h"

#include "vigil-decision-item.h"

struct _VigilDecisionItem
{
  GObject        parent_instance;

  guint          position;
  VigilDecision *decision;
};

G_DEFINE_FINAL_TYPE (VigilDecisionItem, vigil_decision_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_POSITION,
  PROP_DECISION,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_decision_item_dispose (GObject *object)
{
  VigilDecisionItem *self = VIGIL_DECISION_ITEM (object);

  g_clear_object (&self->decision);

  G_OBJECT_CLASS (vigil_decision_item_parent_class)->dispose (object);
}

static void
vigil_decision_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilDecisionItem *self = VIGIL_DECISION_ITEM (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_DECISION:
      g_value_set_object (value, self->decision);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->decision != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decision_item_class_init (VigilDecisionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vigil_decision_item_dispose;
  object_class->get_property = vigil_decision_item_get_property;

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * VigilDecisionItem:decision:
   *
   * The decision at this position, %NULL until its page has been read.
   */
  properties[PROP_DECISION] =
    g_param_spec_object ("decision", NULL, NULL, VIGIL_TYPE_DECISION, flags);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_decision_item_init (VigilDecisionItem *self)
{
}

VigilDecisionItem *
vigil_decision_item_new (guint position)
{
  VigilDecisionItem *self = g_object_new (VIGIL_TYPE_DECISION_ITEM, NULL);

  self->position = position;
  return self;
}

guint
vigil_decision_item_get_position (VigilDecisionItem *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_ITEM (self), 0);

  return self->position;
}

/**
 * vigil_decision_item_get_decision:
 *
 * Returns: (transfer none) (nullable): the decision, or %NULL while its page is read
 */
VigilDecision *
vigil_decision_item_get_decision (VigilDecisionItem *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_ITEM (self), NULL);

  return self->decision;
}

/* For the list: fills the item in, or refreshes it after the database changed. */
void
vigil_decision_item_set_decision (VigilDecisionItem *self,
                                  VigilDecision     *decision)
{
  gboolean was_loaded;

  g_return_if_fail (VIGIL_IS_DECISION_ITEM (self));

  was_loaded = self->decision != NULL;
  if (!g_set_object (&self->decision, decision))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
  if (was_loaded != (decision != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}
