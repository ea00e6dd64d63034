/* vigil-chart-card.c: one chart of the dashboard, with its title and what it shows
 *
 * The card is laid out by its template, ui/vigil-chart-card.ui; the dashboard hands it the
 * kind of chart and its words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-card"

#include "config.h"

#include "vigil-chart-card.h"

struct _VigilChartCard
{
  GtkWidget       parent_instance;

  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  VigilChartView *chart;
};

G_DEFINE_FINAL_TYPE (VigilChartCard, vigil_chart_card, GTK_TYPE_WIDGET)

static void
vigil_chart_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_CHART_CARD);

  G_OBJECT_CLASS (vigil_chart_card_parent_class)->dispose (object);
}

static void
vigil_chart_card_class_init (VigilChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_chart_card_dispose;

  g_type_ensure (VIGIL_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-chart-card.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilChartCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilChartCard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VigilChartCard, chart);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_chart_card_init (VigilChartCard *self)
{
  GtkBoxLayout *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, 4);
}

/**
 * vigil_chart_card_new:
 * @kind: the chart shown
 * @title: its title, translated
 * @subtitle: (nullable): what it shows, in a sentence, translated
 */
GtkWidget *
vigil_chart_card_new (VigilChartKind  kind,
                      const char     *title,
                      const char     *subtitle)
{
  VigilChartCard *self = g_object_new (VIGIL_TYPE_CHART_CARD, NULL);

  vigil_chart_view_set_kind (self->chart, kind);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return GTK_WIDGET (self);
}

/**
 * vigil_chart_card_get_chart:
 *
 * Returns: (transfer none): the chart in the card
 */
VigilChartView *
vigil_chart_card_get_chart (VigilChartCard *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_CARD (self), NULL);

  return self->chart;
}
