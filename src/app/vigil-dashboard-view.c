/* vigil-dashboard-view.c: the summary cards and the charts of a model and period
 *
 * The numbers are aggregated in SQL by vigil_dashboard_load() in a worker thread; the view
 * only lays out what it is handed. A newer request cancels an older one, so switching models
 * quickly shows the last choice, never a stale one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-dashboard-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-chart-card.h"
#include "vigil-chart-view.h"
#include "vigil-dashboard-view.h"
#include "vigil-view.h"
#include "vigil-policy.h"
#include "vigil-summary-text.h"

struct _VigilDashboardView
{
  AdwBin            parent_instance;

  VigilDatabase    *database;
  GCancellable     *cancellable;
  VigilDashboard   *dashboard;
  char             *model_name;
  VigilPeriod       period;
  gboolean          has_period;
  gboolean          loading;
  gulong            changed_id;

  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *heading;
  GtkLabel         *notice;
  GtkLabel         *incomplete_note;
  GtkFlowBox       *cards;
  GtkFlowBox       *charts;

  GtkWidget        *card_boxes[VIGIL_SUMMARY_N_CARDS];
  GtkLabel         *card_values[VIGIL_SUMMARY_N_CARDS];
  GtkLabel         *card_captions[VIGIL_SUMMARY_N_CARDS];
  GtkLabel         *card_details[VIGIL_SUMMARY_N_CARDS];
  GPtrArray        *chart_views;     /* VigilChartView, one per chart of the table */
};

static void vigil_dashboard_view_view_init (VigilViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilDashboardView, vigil_dashboard_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_VIEW, vigil_dashboard_view_view_init))

enum
{
  PROP_0,
  PROP_DASHBOARD,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  DAY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char        *model_name;
  VigilPeriod  period;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->model_name);
  g_free (request);
}

static void
set_loading (VigilDashboardView *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_summary (VigilDashboardView *self,
              const VigilSummary *summary)
{
  for (guint i = 0; i < VIGIL_SUMMARY_N_CARDS; i++)
    {
      g_autofree char *value = vigil_summary_text_value (summary, i);
      g_autofree char *caption = vigil_summary_text_caption (summary, i);
      g_autofree char *detail = vigil_summary_text_detail (summary, i);
      g_autofree char *accessible = NULL;
      gboolean warn = FALSE, error = FALSE;

      gtk_label_set_label (self->card_values[i], value);
      gtk_label_set_label (self->card_captions[i], caption);
      gtk_label_set_label (self->card_details[i], detail);

      /* Translators: how a screen reader reads a summary card: "1,234 Decisions, in 7 days" */
      accessible = g_strdup_printf (_("%s %s, %s"), value, caption, detail);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->card_boxes[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

      if (i == VIGIL_SUMMARY_CARD_ALERTS)
        warn = summary->unacknowledged_alerts > 0;
      else if (i == VIGIL_SUMMARY_CARD_HIGH_ALERTS)
        error = summary->high_alerts > 0;
      else if (i == VIGIL_SUMMARY_CARD_FLAGGED)
        warn = summary->flagged > 0;

      if (warn)
        gtk_widget_add_css_class (self->card_boxes[i], "vigil-card-warning");
      else
        gtk_widget_remove_css_class (self->card_boxes[i], "vigil-card-warning");
      if (error)
        gtk_widget_add_css_class (self->card_boxes[i], "vigil-card-error");
      else
        gtk_widget_remove_css_class (self->card_boxes[i], "vigil-card-error");
    }
}

/* A day that is not over has fewer decisions than a whole one, and checks still to run: the
 * cards and charts must not be read as if it were complete. */
static void
show_incomplete_note (VigilDashboardView *self)
{
  char today[VIGIL_DAY_LEN];
  g_autofree char *text = NULL;

  vigil_period_today (today);
  if (!vigil_period_is_incomplete (&self->period, today))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->incomplete_note), FALSE);
      return;
    }

  if (strcmp (self->period.first_day, today) <= 0)
    {
      VigilPeriod day;
      g_autofree char *day_text = NULL;

      if (!vigil_period_init_range (&day, today, today, NULL))
        g_return_if_reached ();
      day_text = vigil_period_describe (&day);
      /* Translators: under the dashboard's cards; %s is today, "5 Dec 2026" */
      text = g_strdup_printf (_("This period includes today, %s, which is not over: its "
                                "decisions are still being logged and its checks have not all "
                                "run, so its numbers will change. Choose a period that ends "
                                "yesterday for complete days."), day_text);
    }
  else
    text = g_strdup (_("This period lies after today: no decision of it has been logged yet."));

  gtk_label_set_label (self->incomplete_note, text);
  gtk_widget_set_visible (GTK_WIDGET (self->incomplete_note), TRUE);
}

static void
show_dashboard (VigilDashboardView *self)
{
  VigilDashboard *dashboard = self->dashboard;
  g_autofree char *period = vigil_period_describe (&self->period);
  g_autofree char *heading = NULL;

  /* Translators: the dashboard's heading: the model (or "All models") and the period */
  heading = g_strdup_printf (_("%s · %s"),
                             dashboard->model_name != NULL ? dashboard->model_name
                                                           : _("All Models"),
                             period);
  gtk_label_set_label (self->heading, heading);

  if (dashboard->summary->total_decisions == 0)
    {
      gtk_label_set_label (self->notice,
                           _("No decision was logged in this period. Choose a longer period "
                             "or another model."));
      gtk_widget_set_visible (GTK_WIDGET (self->notice), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->notice), FALSE);
    }

  show_incomplete_note (self);
  show_summary (self, dashboard->summary);

  for (guint i = 0; i < self->chart_views->len; i++)
    vigil_chart_view_set_dashboard (g_ptr_array_index (self->chart_views, i), dashboard);

  gtk_stack_set_visible_child_name (self->stack, "content");
}

static gpointer
load_func (VigilStore    *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  LoadRequest *request = data;
  g_autoptr(VigilPolicy) policy = vigil_store_get_policy (store, error);

  if (policy == NULL)
    return NULL;

  /* The charts compare the windows the checks compare, in whole days. */
  return vigil_dashboard_load_for_policy (store, request->model_name, &request->period,
                                          policy, cancellable, error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VigilDashboardView) self = user_data;
  g_autoptr(VigilDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;

  dashboard = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (dashboard == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_warning ("Cannot load the dashboard: %s", error->message);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->dashboard, vigil_dashboard_unref);
  self->dashboard = g_steal_pointer (&dashboard);
  show_dashboard (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DASHBOARD]);
}

/**
 * vigil_dashboard_view_reload:
 *
 * Loads the dashboard again, in a worker thread. What is shown stays until the new numbers
 * arrive, so a reload does not flicker.
 */
void
vigil_dashboard_view_reload (VigilDashboardView *self)
{
  LoadRequest *request;

  g_return_if_fail (VIGIL_IS_DASHBOARD_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->database == NULL || !self->has_period)
    return;

  self->cancellable = g_cancellable_new ();
  request = g_new0 (LoadRequest, 1);
  request->model_name = g_strdup (self->model_name);
  request->period = self->period;

  if (self->dashboard == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, load_func,
                            request, (GDestroyNotify) load_request_free,
                            (GDestroyNotify) vigil_dashboard_unref,
                            self->cancellable, load_cb, g_object_ref (self));
}

static void
database_changed_cb (VigilDashboardView *self)
{
  vigil_dashboard_view_reload (self);
}

void
vigil_dashboard_view_set_database (VigilDashboardView *self,
                                   VigilDatabase      *database)
{
  g_return_if_fail (VIGIL_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (database == NULL || VIGIL_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_clear_signal_handler (&self->changed_id, self->database);
  g_set_object (&self->database, database);
  g_clear_pointer (&self->dashboard, vigil_dashboard_unref);

  if (database != NULL)
    self->changed_id = g_signal_connect_object (database, "changed",
                                                G_CALLBACK (database_changed_cb), self,
                                                G_CONNECT_SWAPPED);
  vigil_dashboard_view_reload (self);
}

/**
 * vigil_dashboard_view_set_scope:
 * @model_name: (nullable): the model, or %NULL for all models
 * @period: the days to show
 */
void
vigil_dashboard_view_set_scope (VigilDashboardView *self,
                                const char         *model_name,
                                const VigilPeriod  *period)
{
  g_return_if_fail (VIGIL_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (period != NULL);

  if (self->has_period && g_strcmp0 (self->model_name, model_name) == 0 &&
      vigil_period_equal (&self->period, period))
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  self->period = *period;
  self->has_period = TRUE;
  vigil_dashboard_view_reload (self);
}

/**
 * vigil_dashboard_view_get_dashboard:
 *
 * Returns: (transfer none) (nullable): the numbers shown
 */
VigilDashboard *
vigil_dashboard_view_get_dashboard (VigilDashboardView *self)
{
  g_return_val_if_fail (VIGIL_IS_DASHBOARD_VIEW (self), NULL);

  return self->dashboard;
}

gboolean
vigil_dashboard_view_get_loading (VigilDashboardView *self)
{
  g_return_val_if_fail (VIGIL_IS_DASHBOARD_VIEW (self), FALSE);

  return self->loading;
}

static void
day_activated_cb (VigilChartView     *chart,
                  const char         *day,
                  const char         *model,
                  VigilDashboardView *self)
{
  if (self->dashboard == NULL)
    return;

  /* A model's panel of the chart of all models opens that model's decisions */
  g_signal_emit (self, signals[DAY_ACTIVATED], 0,
                 model != NULL ? model : self->dashboard->model_name, day);
}

static GtkWidget *
make_card (VigilDashboardView *self,
           guint               i)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "vigil-card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_add_css_class (value, "vigil-card-value");
  gtk_widget_add_css_class (caption, "vigil-card-caption");
  gtk_widget_add_css_class (detail, "vigil-card-detail");

  for (GtkWidget *label = value; label != NULL;
       label = label == value ? caption : label == caption ? detail : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* On a phone a caption takes two lines rather than losing its end */
      if (label == value)
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      else
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  self->card_boxes[i] = box;
  self->card_values[i] = GTK_LABEL (value);
  self->card_captions[i] = GTK_LABEL (caption);
  self->card_details[i] = GTK_LABEL (detail);
  return box;
}

static GtkWidget *
make_chart_frame (VigilDashboardView *self,
                  VigilChartKind      kind)
{
  const VigilChartDescriptor *info = vigil_chart_kind_get (kind);
  GtkWidget *card = vigil_chart_card_new (kind,
                                          _(info->heading != NULL ? info->heading : info->title),
                                          info->caption != NULL ? _(info->caption) : NULL);
  VigilChartView *chart = vigil_chart_card_get_chart (VIGIL_CHART_CARD (card));

  g_signal_connect_object (chart, "day-activated", G_CALLBACK (day_activated_cb), self, 0);
  g_ptr_array_add (self->chart_views, chart);
  return card;
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vigil_dashboard_view_reload (VIGIL_DASHBOARD_VIEW (widget));
}

static void
vigil_dashboard_view_dispose (GObject *object)
{
  VigilDashboardView *self = VIGIL_DASHBOARD_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_object (&self->database);
  g_clear_pointer (&self->dashboard, vigil_dashboard_unref);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->chart_views, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_dashboard_view_parent_class)->dispose (object);
}

static void
vigil_dashboard_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VigilDashboardView *self = VIGIL_DASHBOARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_boxed (value, self->dashboard);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_dashboard_view_class_init (VigilDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_dashboard_view_dispose;
  object_class->get_property = vigil_dashboard_view_get_property;

  properties[PROP_DASHBOARD] =
    g_param_spec_boxed ("dashboard", NULL, NULL,
                        VIGIL_TYPE_DASHBOARD,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilDashboardView::day-activated:
   * @model_name: (nullable): the model shown, %NULL for all models
   * @day: the day clicked, "YYYY-MM-DD"
   */
  signals[DAY_ACTIVATED] = g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-dashboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, error_page);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, heading);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, notice);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, incomplete_note);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, cards);
  gtk_widget_class_bind_template_child (widget_class, VigilDashboardView, charts);

  gtk_widget_class_install_action (widget_class, "dashboard.reload", NULL, reload_action);
}

static void
vigil_dashboard_view_init (VigilDashboardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < VIGIL_SUMMARY_N_CARDS; i++)
    gtk_flow_box_append (self->cards, make_card (self, i));
  self->chart_views = g_ptr_array_new ();
  for (guint i = 0; i < vigil_chart_kind_get_n (); i++)
    gtk_flow_box_append (self->charts, make_chart_frame (self, (VigilChartKind) i));
}

static void
view_set_database (VigilView     *view,
                   VigilDatabase *database)
{
  vigil_dashboard_view_set_database (VIGIL_DASHBOARD_VIEW (view), database);
}

static void
view_set_scope (VigilView         *view,
                const char        *model_name,
                const VigilPeriod *period)
{
  vigil_dashboard_view_set_scope (VIGIL_DASHBOARD_VIEW (view), model_name, period);
}

static void
vigil_dashboard_view_view_init (VigilViewInterface *iface)
{
  iface->set_database = view_set_database;
  iface->set_scope = view_set_scope;
}
