/* vigil-decisions-view.c: the logged decisions, filtered, with the selected one in detail
 *
 * The list is a VigilDecisionList: its rows are read page by page in worker threads, so a
 * database of millions of decisions scrolls as smoothly as a small one, and rows not read yet
 * show a placeholder. Reviews are written through the VigilDatabase; its ::changed signal
 * makes the list read its pages again, which updates the reviewed row in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decisions-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vigil-decision-list.h"
#include "vigil-decisions-view.h"
#include "vigil-performance.h"
#include "vigil-summary-text.h"
#include "vigil-period.h"
#include "vigil-policy.h"
#include "vigil-view.h"

/* Below this width, or below what the list and the detail need side by side, the detail goes
 * under the list instead of beside it, so that the view fits a phone held upright. */
#define NARROW_WIDTH 760
#define LIST_WIDTH 300
#define DETAIL_WIDTH 320
#define DETAIL_HEIGHT 260

struct _VigilDecisionsView
{
  GtkWidget            parent_instance;

  VigilDatabase       *database;
  VigilDecisionList   *list;
  GtkSingleSelection  *selection;
  char                *model_name;
  char                *from;
  char                *to;
  char                *reviewer;
  char                *filter_error;
  VigilDecisionItem   *selected;
  GCancellable        *history_cancellable;
  VigilPolicy         *policy;          /* the database's, read with each history: its */
  gboolean             policy_read;     /* outcome rules judge the outcome shown */
  GtkWidget           *outcome_label;   /* in detail_grid, or NULL */
  GCancellable        *cancellable;
  AdwMessageDialog    *review_dialog;
  gboolean             updating;
  gboolean             scope_pending;   /* the window's scope, kept until the view is shown */
  char                *pending_model_name;
  VigilPeriod          pending_period;
  int                  wide_position;

  AdwToastOverlay     *toast_overlay;
  GtkBox              *filter_bar;
  GtkWidget           *filter_toggles;
  GtkWidget           *filter_status;
  GtkFlowBox          *review_buttons;
  GtkPaned            *paned;
  GtkToggleButton     *pending_toggle;
  GtkToggleButton     *flagged_toggle;
  GtkWidget           *filter_chip;
  GtkLabel            *filter_label;
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *empty_page;
  GtkStack            *detail_stack;
  GtkLabel            *detail_title;
  GtkGrid             *detail_grid;
  GtkLabel            *features_label;
  GtkListBox          *history_list;
};

static void vigil_decisions_view_view_init (VigilViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilDecisionsView, vigil_decisions_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_VIEW,
                                                      vigil_decisions_view_view_init))

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_MODEL_NAME,
  PROP_FROM,
  PROP_TO,
  PROP_REVIEWER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COLUMN_TIME,
  COLUMN_MODEL,
  COLUMN_PREDICTION,
  COLUMN_CONFIDENCE,
  COLUMN_ENTITY,
  COLUMN_STATUS,
  COLUMN_FLAG,
} Column;

static void update_detail (VigilDecisionsView *self);
static void update_actions (VigilDecisionsView *self);

static const char *
status_label (VigilReviewStatus status)
{
  switch (status)
    {
    case VIGIL_REVIEW_APPROVED:
      return _("Approved");
    case VIGIL_REVIEW_ESCALATED:
      return _("Escalated");
    case VIGIL_REVIEW_OVERRIDDEN:
      return _("Overridden");
    case VIGIL_REVIEW_PENDING:
    default:
      return _("Pending");
    }
}

/* "2026-03-04T12:30:00.123Z" as "2026-03-04 12:30:00". */
static char *
format_time (const char *timestamp)
{
  char *text = g_strndup (timestamp ? timestamp : "", 19);

  if (text[0] != '\0' && text[10] == 'T')
    text[10] = ' ';
  return text;
}

static char *
format_confidence (VigilDecision *decision)
{
  if (!vigil_decision_has_confidence (decision))
    return g_strdup ("—");
  /* Translators: a confidence as a percentage */
  return g_strdup_printf (_("%.0f%%"), vigil_decision_get_confidence (decision) * 100.0);
}

/* JSON text indented two spaces a level, for reading; the text is what the store checked. */
static char *
pretty_json (const char *json)
{
  GString *out = g_string_new (NULL);
  gboolean in_string = FALSE;
  int depth = 0;

  for (const char *p = json; p != NULL && *p != '\0'; p++)
    {
      char c = *p;

      if (in_string)
        {
          g_string_append_c (out, c);
          if (c == '\\' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          g_string_append_c (out, c);
          break;
        case '{':
        case '[':
          depth++;
          g_string_append_c (out, c);
          g_string_append_c (out, '\n');
          g_string_append_printf (out, "%*s", depth * 2, "");
          break;
        case '}':
        case ']':
          depth = MAX (depth - 1, 0);
          g_string_append_c (out, '\n');
          g_string_append_printf (out, "%*s", depth * 2, "");
          g_string_append_c (out, c);
          break;
        case ',':
          g_string_append (out, ",\n");
          g_string_append_printf (out, "%*s", depth * 2, "");
          break;
        case ':':
          g_string_append (out, ": ");
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          break;
        default:
          g_string_append_c (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

/* Cells */

static void
update_cell (GtkListItem *list_item)
{
  VigilDecisionItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "vigil-column"));
  VigilDecision *decision = item ? vigil_decision_item_get_decision (item) : NULL;
  g_autofree char *text = NULL;

  if (column == COLUMN_FLAG)
    {
      gboolean flagged = decision != NULL && vigil_decision_get_anomaly_flag (decision);
      g_autofree char *label = NULL;

      gtk_widget_set_visible (child, flagged);
      if (flagged)
        {
          const char *reason = vigil_decision_get_anomaly_reason (decision);

          label = reason ? g_strdup_printf (_("Flagged: %s"), reason) : g_strdup (_("Flagged"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_widget_set_tooltip_text (child, label);
        }
      return;
    }

  if (decision == NULL)
    {
      gtk_label_set_label (GTK_LABEL (child), "…");
      gtk_widget_add_css_class (child, "dim-label");
      return;
    }
  gtk_widget_remove_css_class (child, "dim-label");

  switch (column)
    {
    case COLUMN_TIME:
      text = format_time (vigil_decision_get_timestamp (decision));
      break;
    case COLUMN_MODEL:
      text = g_strdup (vigil_decision_get_model_name (decision));
      break;
    case COLUMN_PREDICTION:
      text = g_strdup (vigil_decision_get_prediction (decision));
      break;
    case COLUMN_CONFIDENCE:
      text = format_confidence (decision);
      break;
    case COLUMN_ENTITY:
      text = g_strdup (vigil_decision_get_ticker (decision) ? vigil_decision_get_ticker (decision)
                                                            : "—");
      break;
    case COLUMN_STATUS:
      text = g_strdup (status_label (vigil_decision_get_review_status (decision)));
      break;
    case COLUMN_FLAG:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (GTK_LABEL (child), text);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *child;

  g_object_set_data (G_OBJECT (list_item), "vigil-column", data);
  if (column == COLUMN_FLAG)
    {
      child = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (child, "warning");
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), column == COLUMN_CONFIDENCE ? 1.0f : 0.0f);
      /* A time is never cut: the list scrolls sideways in a narrow window instead. */
      if (column != COLUMN_TIME)
        gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      if (column == COLUMN_CONFIDENCE || column == COLUMN_TIME)
        gtk_widget_add_css_class (child, "numeric");
    }
  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  GObject *item = gtk_list_item_get_item (list_item);

  g_signal_connect_object (item, "notify::decision", G_CALLBACK (update_cell), list_item,
                           G_CONNECT_SWAPPED);
  update_cell (list_item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  data)
{
  GObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, update_cell, list_item);
}

static void
add_column (VigilDecisionsView *self,
            const char         *title,
            Column              column,
            gboolean            expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* Filters */

static gboolean
filters_active (VigilDecisionsView *self)
{
  return self->model_name != NULL || self->from != NULL || self->to != NULL ||
         gtk_toggle_button_get_active (self->pending_toggle) ||
         gtk_toggle_button_get_active (self->flagged_toggle);
}

static void
update_filter_chip (VigilDecisionsView *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (self->filter_error != NULL)
    g_ptr_array_add (parts, g_strdup (self->filter_error));
  if (self->model_name != NULL)
    g_ptr_array_add (parts, g_strdup (self->model_name));
  if (self->from != NULL || self->to != NULL)
    g_ptr_array_add (parts, vigil_period_describe_range (self->from, self->to));
  if (gtk_toggle_button_get_active (self->pending_toggle))
    g_ptr_array_add (parts, g_strdup (_("Pending review")));
  if (gtk_toggle_button_get_active (self->flagged_toggle))
    g_ptr_array_add (parts, g_strdup (_("Flagged")));
  g_ptr_array_add (parts, NULL);

  text = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_label (self->filter_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_label), text);
  gtk_widget_set_visible (self->filter_chip, filters_active (self));
}

static void
update_count (VigilDecisionsView *self)
{
  guint n = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gboolean loading = self->list != NULL && vigil_decision_list_get_loading (self->list);
  const char *error = self->list ? vigil_decision_list_get_error_message (self->list) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;

  if (self->filter_error != NULL || error != NULL)
    {
      gtk_label_set_label (self->count_label, "");
      adw_status_page_set_title (self->empty_page, _("Cannot Show the Decisions"));
      adw_status_page_set_description (self->empty_page,
                                       self->filter_error ? self->filter_error : error);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }
  adw_status_page_set_title (self->empty_page, _("No Matching Decisions"));
  adw_status_page_set_description (self->empty_page,
                                   filters_active (self)
                                   ? _("No logged decision matches these filters.")
                                   : _("No decision has been logged in this database yet."));
  if (loading)
    {
      gtk_label_set_label (self->count_label, _("Counting…"));
      return;
    }
  count = vigil_summary_text_format_count (n);
  text = g_strdup_printf (ngettext ("%s decision", "%s decisions", n), count);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static void
rebuild_query (VigilDecisionsView *self)
{
  g_autoptr(VigilDecisionQuery) query = vigil_decision_query_new ();
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->filter_error, g_free);
  vigil_decision_query_set_newest_first (query, TRUE);
  vigil_decision_query_set_model (query, self->model_name);
  if (!vigil_decision_query_set_range (query, self->from, self->to, &error))
    self->filter_error = g_strdup (error->message);
  if (gtk_toggle_button_get_active (self->pending_toggle))
    vigil_decision_query_set_review_status (query, VIGIL_REVIEW_PENDING);
  vigil_decision_query_set_flagged (query, gtk_toggle_button_get_active (self->flagged_toggle));

  if (self->list != NULL)
    vigil_decision_list_set_query (self->list, self->filter_error ? NULL : query);
  update_filter_chip (self);
  update_count (self);
}

static void
filter_toggled_cb (VigilDecisionsView *self)
{
  if (!self->updating)
    rebuild_query (self);
  update_actions (self);
}

/* The detail pane */

static GtkWidget *
add_detail_row (VigilDecisionsView *self,
                int                 row,
                const char         *name,
                const char         *value,
                gboolean            monospace)
{
  GtkWidget *key = gtk_label_new (name);
  GtkWidget *label = gtk_label_new (value && *value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), monospace ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, key, NULL, -1);
  gtk_grid_attach (self->detail_grid, key, 0, row, 1, 1);
  gtk_grid_attach (self->detail_grid, label, 1, row, 1, 1);
  return label;
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_GRID (container))
        gtk_grid_remove (GTK_GRID (container), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
    }
}

static void
add_history_row (VigilDecisionsView *self,
                 const char         *title,
                 const char         *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (self->history_list, row);
}

/* A decision's history, and the policy whose outcome rules judge its outcome */
typedef struct
{
  GPtrArray   *events;
  VigilPolicy *policy;   /* NULL when it cannot be read */
} History;

static void
history_free (gpointer data)
{
  History *history = data;

  g_clear_pointer (&history->events, g_ptr_array_unref);
  g_clear_object (&history->policy);
  g_free (history);
}

static gpointer
list_events (VigilStore    *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  History *history = g_new0 (History, 1);
  g_autoptr(GError) policy_error = NULL;

  history->events = vigil_store_list_decision_events (store, *(gint64 *) data, error);
  if (history->events == NULL)
    {
      history_free (history);
      return NULL;
    }
  history->policy = vigil_store_get_policy (store, &policy_error);
  if (history->policy == NULL)
    g_debug ("No outcome rules for the decision's outcome: %s", policy_error->message);
  return history;
}

/* The decision's outcome, when it was known, and whether it shows the decision right by the
 * model's outcome rules (said only once the policy has been read) */
static char *
outcome_text (VigilDecisionsView *self,
              VigilDecision      *d)
{
  g_autofree char *known = NULL;
  VigilJudgement judgement = VIGIL_JUDGEMENT_UNKNOWN;

  if (vigil_decision_get_actual_outcome (d) == NULL)
    return NULL;
  known = vigil_decision_get_outcome_date (d) ? format_time (vigil_decision_get_outcome_date (d))
                                              : g_strdup (_("date unknown"));
  if (self->policy_read && self->policy != NULL)
    {
      const VigilModelPolicy *mp = vigil_policy_for_model (self->policy,
                                                           vigil_decision_get_model_name (d));

      judgement = vigil_outcome_judge_by (mp->outcomes, vigil_decision_get_prediction (d),
                                          vigil_decision_get_actual_outcome (d), NULL);
    }
  switch (judgement)
    {
    case VIGIL_JUDGEMENT_RIGHT:
      /* Translators: an outcome, when it was known, and what it says of the decision:
       * "repaid (2027-03-01 00:00:00): the decision was right" */
      return g_strdup_printf (_("%s (%s): the decision was right"),
                              vigil_decision_get_actual_outcome (d), known);
    case VIGIL_JUDGEMENT_WRONG:
      return g_strdup_printf (_("%s (%s): the decision was wrong"),
                              vigil_decision_get_actual_outcome (d), known);
    case VIGIL_JUDGEMENT_UNKNOWN:
    default:
      return g_strdup_printf (_("%s (%s)"), vigil_decision_get_actual_outcome (d), known);
    }
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  VigilDecisionsView *self = user_data;
  History *history;
  GPtrArray *events;
  VigilDecision *d;
  g_autoptr(GError) error = NULL;

  history = vigil_database_run_finish (VIGIL_DATABASE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_container (GTK_WIDGET (self->history_list));
  if (history == NULL)
    {
      add_history_row (self, _("Cannot read the history"), error->message);
      return;
    }
  g_set_object (&self->policy, history->policy);
  self->policy_read = TRUE;
  d = self->selected ? vigil_decision_item_get_decision (self->selected) : NULL;
  if (self->outcome_label != NULL && d != NULL && vigil_decision_get_actual_outcome (d) != NULL)
    {
      g_autofree char *outcome = outcome_text (self, d);

      gtk_label_set_label (GTK_LABEL (self->outcome_label), outcome);
    }
  events = history->events;
  if (events->len == 0)
    add_history_row (self, _("Not reviewed yet"), NULL);
  for (guint i = 0; i < events->len; i++)
    {
      VigilDecisionEvent *event = events->pdata[i];
      g_autofree char *when = format_time (event->timestamp);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      VigilReviewStatus status;

      if (g_strcmp0 (event->action, "review") == 0 && event->status != NULL &&
          vigil_review_status_from_string (event->status, &status))
        /* Translators: "Approved by Ada" */
        title = g_strdup_printf (_("%s by %s"), status_label (status), event->actor);
      else if (g_strcmp0 (event->action, "outcome") == 0)
        /* Translators: the decision's actual outcome was recorded, "Outcome recorded by Ada" */
        title = g_strdup_printf (_("Outcome recorded by %s"), event->actor);
      else
        /* Translators: an action on a decision, as the ledger names it, and who did it */
        title = g_strdup_printf (_("%s by %s"), event->action, event->actor);
      if (event->notes != NULL && *event->notes != '\0')
        /* Translators: when, and the reviewer's note */
        subtitle = g_strdup_printf (_("%s — “%s”"), when, event->notes);
      else
        subtitle = g_strdup (when);
      add_history_row (self, title, subtitle);
    }
}

static void
load_history (VigilDecisionsView *self,
              gint64              id)
{
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->history_cancellable = g_cancellable_new ();
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, list_events,
                            g_memdup2 (&id, sizeof id), g_free,
                            history_free, self->history_cancellable,
                            history_cb, self);
}

static void
update_actions (VigilDecisionsView *self)
{
  gboolean can_review = self->database != NULL &&
                        vigil_database_may (self->database, VIGIL_STORE_MAY_REVIEW) &&
                        self->selected != NULL &&
                        vigil_decision_item_get_decision (self->selected) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.approve", can_review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.escalate", can_review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.override", can_review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decisions.clear-filters",
                                 filters_active (self));
}

static void
update_detail (VigilDecisionsView *self)
{
  VigilDecision *d = self->selected ? vigil_decision_item_get_decision (self->selected) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *model = NULL;
  g_autofree char *confidence = NULL;
  g_autofree char *anomaly = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *review = NULL;
  g_autofree char *features = NULL;
  int row = 0;

  update_actions (self);
  if (d == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  /* Translators: the detail pane's title: decision id, prediction and entity */
  title = g_strdup_printf (_("Decision %" PRId64 ": %s %s"), vigil_decision_get_id (d),
                           vigil_decision_get_prediction (d),
                           vigil_decision_get_ticker (d) ? vigil_decision_get_ticker (d) : "");
  g_strchomp (title);
  gtk_label_set_label (self->detail_title, title);

  when = format_time (vigil_decision_get_timestamp (d));
  /* Translators: a model and its version */
  model = g_strdup_printf (_("%s, version %s"), vigil_decision_get_model_name (d),
                           vigil_decision_get_model_version (d));
  confidence = format_confidence (d);
  if (vigil_decision_get_anomaly_flag (d))
    anomaly = g_strdup_printf (_("Flagged: %s"), vigil_decision_get_anomaly_reason (d)
                                                 ? vigil_decision_get_anomaly_reason (d)
                                                 : _("no reason given"));
  else
    anomaly = g_strdup (_("Not flagged"));
  outcome = outcome_text (self, d);
  if (vigil_decision_get_reviewed_by (d) != NULL)
    {
      g_autofree char *review_date = format_time (vigil_decision_get_review_date (d));

      /* Translators: "Approved by Ada on 2026-03-04 12:00:00" */
      review = g_strdup_printf (_("%s by %s on %s"),
                                status_label (vigil_decision_get_review_status (d)),
                                vigil_decision_get_reviewed_by (d), review_date);
    }
  else
    review = g_strdup (status_label (vigil_decision_get_review_status (d)));

  self->outcome_label = NULL;
  clear_container (GTK_WIDGET (self->detail_grid));
  add_detail_row (self, row++, _("Time"), when, FALSE);
  add_detail_row (self, row++, _("Model"), model, FALSE);
  add_detail_row (self, row++, _("Decision type"), vigil_decision_get_decision_type (d), FALSE);
  add_detail_row (self, row++, _("Prediction"), vigil_decision_get_prediction (d), FALSE);
  add_detail_row (self, row++, _("Confidence"), confidence, FALSE);
  add_detail_row (self, row++, _("Entity"), vigil_decision_get_ticker (d), FALSE);
  add_detail_row (self, row++, _("Sector"), vigil_decision_get_sector (d), FALSE);
  add_detail_row (self, row++, _("Portfolio"), vigil_decision_get_portfolio_id (d), FALSE);
  add_detail_row (self, row++, _("User"), vigil_decision_get_user_id (d), FALSE);
  /* Translators: the key the model's own systems gave the decision, to send its outcome later */
  add_detail_row (self, row++, _("Event ID"), vigil_decision_get_event_id (d), TRUE);
  add_detail_row (self, row++, _("Explanation"), vigil_decision_get_explanation (d), FALSE);
  add_detail_row (self, row++, _("Review"), review, FALSE);
  add_detail_row (self, row++, _("Anomaly"), anomaly, FALSE);
  self->outcome_label = add_detail_row (self, row++, _("Outcome"), outcome, FALSE);
  add_detail_row (self, row++, _("Input hash"), vigil_decision_get_input_hash (d), TRUE);
  add_detail_row (self, row++, _("Record hash"), vigil_decision_get_record_hash (d), TRUE);

  features = vigil_decision_get_input_features (d) ? pretty_json (vigil_decision_get_input_features (d))
                                                    : g_strdup ("—");
  gtk_label_set_label (self->features_label, features);

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  load_history (self, vigil_decision_get_id (d));
}

static void
selection_changed_cb (VigilDecisionsView *self)
{
  /* No selection model while the view has no database, as when the window switches files */
  VigilDecisionItem *item = self->selection != NULL
                            ? gtk_single_selection_get_selected_item (self->selection) : NULL;

  if (item == self->selected)
    return;
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, update_detail, self);
  g_set_object (&self->selected, item);
  if (self->selected != NULL)
    g_signal_connect_object (self->selected, "notify::decision", G_CALLBACK (update_detail), self,
                             G_CONNECT_SWAPPED);
  update_detail (self);
}

/* Reviews */

typedef struct
{
  gint64             id;
  char              *who;
  char              *note;
  VigilReviewStatus  status;
} ReviewRequest;

static void
review_request_free (gpointer data)
{
  ReviewRequest *request = data;

  g_free (request->who);
  g_free (request->note);
  g_free (request);
}

static gpointer
review_decision (VigilStore    *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ReviewRequest *request = data;

  if (!vigil_store_review_decision (store, request->id, request->who, request->status,
                                    request->note, error))
    return NULL;
  return g_memdup2 (&request->id, sizeof request->id);
}

static void
toast (VigilDecisionsView *self,
       const char         *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);   /* toast titles are markup */

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
review_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilDecisionsView) self = user_data;
  g_autofree gint64 *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  id = vigil_database_run_finish (VIGIL_DATABASE (source), result, &error);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = g_strdup_printf (_("The review was not recorded: %s"), error->message);
          toast (self, text);
        }
      return;
    }
  text = g_strdup_printf (_("Review of decision %" PRId64 " recorded"), *id);
  toast (self, text);
}

static void
review_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  VigilDecisionsView *self = user_data;
  ReviewRequest *request;
  GtkEditable *entry;
  const char *note;

  if (self->review_dialog == dialog)
    self->review_dialog = NULL;
  if (g_strcmp0 (response, "review") != 0 || self->database == NULL)
    return;

  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  note = gtk_editable_get_text (entry);
  request = g_new0 (ReviewRequest, 1);
  request->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "vigil-id"));
  request->status = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "vigil-status"));
  request->who = g_strdup (self->reviewer);
  request->note = *note != '\0' ? g_strdup (note) : NULL;
  vigil_database_run_async (self->database, VIGIL_DATABASE_WRITE, review_decision, request,
                            review_request_free, g_free, self->cancellable, review_done_cb,
                            g_object_ref (self));
}

static void
review (VigilDecisionsView *self,
        VigilReviewStatus   status)
{
  VigilDecision *d = self->selected ? vigil_decision_item_get_decision (self->selected) : NULL;
  g_autofree char *reviewer = g_strdup (self->reviewer);
  g_autofree char *body = NULL;
  const char *heading, *verb;
  GtkWidget *dialog, *entry;
  GtkRoot *root;

  if (d == NULL)
    return;
  if (reviewer == NULL || *g_strstrip (reviewer) == '\0')
    {
      toast (self, _("Set your name in Preferences before reviewing decisions"));
      return;
    }

  switch (status)
    {
    case VIGIL_REVIEW_APPROVED:
      heading = _("Approve Decision?");
      verb = _("_Approve");
      break;
    case VIGIL_REVIEW_ESCALATED:
      heading = _("Escalate Decision?");
      verb = _("_Escalate");
      break;
    case VIGIL_REVIEW_OVERRIDDEN:
    default:
      heading = _("Override Decision?");
      verb = _("_Override");
      break;
    }
  /* Translators: decision id, prediction, model, new status, reviewer */
  body = g_strdup_printf (_("Decision %" PRId64 " (%s by %s) will be marked %s by %s, in the "
                            "audit log."),
                          vigil_decision_get_id (d), vigil_decision_get_prediction (d),
                          vigil_decision_get_model_name (d), status_label (status), reviewer);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Review note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "review", verb,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "review",
                                              status == VIGIL_REVIEW_OVERRIDDEN
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "review");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "vigil-id", GSIZE_TO_POINTER ((gsize) vigil_decision_get_id (d)));
  g_object_set_data (G_OBJECT (dialog), "vigil-status", GINT_TO_POINTER (status));
  g_signal_connect_object (dialog, "response", G_CALLBACK (review_response_cb), self, 0);
  self->review_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  review (VIGIL_DECISIONS_VIEW (widget), VIGIL_REVIEW_APPROVED);
}

static void
escalate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  review (VIGIL_DECISIONS_VIEW (widget), VIGIL_REVIEW_ESCALATED);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  review (VIGIL_DECISIONS_VIEW (widget), VIGIL_REVIEW_OVERRIDDEN);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  vigil_decisions_view_show (VIGIL_DECISIONS_VIEW (widget), NULL, NULL, NULL, FALSE);
}

/* GObject */

static void
list_state_cb (VigilDecisionsView *self)
{
  update_count (self);
}

/* Layout */

/* A flow box that only lays controls out: Tab goes to the controls, not to their slots. */
static void
unfocus_slots (GtkFlowBox *box)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (box)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_focusable (c, FALSE);
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  if (widget != NULL && gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Side by side, each pane keeps a usable width; one under the other, the detail keeps a
 * usable height and the list the rest, and the filters take two lines. */
static void
set_orientation (VigilDecisionsView *self,
                 GtkOrientation      orientation,
                 int                 height)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_set_size_request (GTK_WIDGET (self->list_stack), LIST_WIDTH, -1);
      gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), DETAIL_WIDTH, -1);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->filter_bar), orientation);
      gtk_paned_set_position (self->paned, self->wide_position);
    }
  else
    {
      self->wide_position = gtk_paned_get_position (self->paned);
      gtk_widget_set_size_request (GTK_WIDGET (self->list_stack), -1, DETAIL_HEIGHT / 2);
      gtk_widget_set_size_request (GTK_WIDGET (self->detail_stack), -1, DETAIL_HEIGHT);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->filter_bar), orientation);
      gtk_paned_set_position (self->paned, MAX (DETAIL_HEIGHT / 2, height * 2 / 5));
    }
}

/* The narrowest the view can be: what the filters, the list and the detail each need, one
 * under the other. */
static int
narrow_minimum_width (VigilDecisionsView *self)
{
  int list = minimum_width (GTK_WIDGET (self->list_stack));
  int detail = minimum_width (GTK_WIDGET (self->detail_stack));

  int filters = MAX (minimum_width (self->filter_toggles), minimum_width (self->filter_status));

  /* The filter bar's margins, around either line. */
  filters += gtk_widget_get_margin_start (GTK_WIDGET (self->filter_bar))
             + gtk_widget_get_margin_end (GTK_WIDGET (self->filter_bar));
  return MAX (filters, MAX (list, detail));
}

static void
vigil_decisions_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child == NULL)
    return;

  gtk_widget_measure (child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  /* Narrower than side by side allows, the detail goes under the list. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL
      && gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MIN (*minimum, narrow_minimum_width (self));
}

static void
vigil_decisions_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  gboolean narrow = width < MAX (NARROW_WIDTH, LIST_WIDTH + DETAIL_WIDTH + 12);
  GtkOrientation orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  if (child == NULL)
    return;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) != orientation)
    {
      set_orientation (self, orientation, height);
      /* Measured again before it is allocated, with its new orientation. */
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
    }

  gtk_widget_allocate (child, width, height, baseline, NULL);
}

static gboolean
review_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   action_name)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  /* In a text field the keys edit the text */
  if (focus != NULL && GTK_IS_EDITABLE (focus))
    return FALSE;
  return gtk_widget_activate_action (widget, action_name, NULL);
}

/* Ctrl+Shift+A, E and O review the selected decision wherever the focus is in the view. They
 * are caught on the way down: the list and the selectable labels of the detail pane would
 * take Ctrl+Shift+A (unselect all) for themselves. */
static void
add_review_shortcuts (VigilDecisionsView *self)
{
  static const struct
  {
    guint       keyval;
    const char *action_name;
  } shortcuts[] = {
    { GDK_KEY_a, "decisions.approve" },
    { GDK_KEY_e, "decisions.escalate" },
    { GDK_KEY_o, "decisions.override" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcutTrigger *trigger =
        gtk_keyval_trigger_new (shortcuts[i].keyval, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
      GtkShortcutAction *action =
        gtk_callback_action_new (review_shortcut_cb, (gpointer) shortcuts[i].action_name, NULL);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
apply_scope (VigilDecisionsView *self,
             const char         *model_name,
             const VigilPeriod  *period)
{
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

  vigil_period_get_bounds (period, from, to);
  vigil_decisions_view_show (self, model_name, from, to, FALSE);
}

static void
vigil_decisions_view_map (GtkWidget *widget)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (widget);

  GTK_WIDGET_CLASS (vigil_decisions_view_parent_class)->map (widget);

  if (self->scope_pending)
    {
      g_autofree char *model_name = g_steal_pointer (&self->pending_model_name);

      apply_scope (self, model_name, &self->pending_period);
    }
}

static void
vigil_decisions_view_dispose (GObject *object)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->history_cancellable);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_func (self->selected, update_detail, self);
  g_clear_object (&self->selected);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  /* A load still running keeps the list alive; what it tells is no longer for this view */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_object (&self->database);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_DECISIONS_VIEW);

  G_OBJECT_CLASS (vigil_decisions_view_parent_class)->dispose (object);
}

static void
vigil_decisions_view_finalize (GObject *object)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_object (&self->policy);
  g_free (self->model_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self->reviewer);
  g_free (self->filter_error);
  g_free (self->pending_model_name);

  G_OBJECT_CLASS (vigil_decisions_view_parent_class)->finalize (object);
}

static void
vigil_decisions_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decisions_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      vigil_decisions_view_set_database (self, g_value_get_object (value));
      break;
    case PROP_MODEL_NAME:
      vigil_decisions_view_set_model_name (self, g_value_get_string (value));
      break;
    case PROP_FROM:
      vigil_decisions_view_set_from (self, g_value_get_string (value));
      break;
    case PROP_TO:
      vigil_decisions_view_set_to (self, g_value_get_string (value));
      break;
    case PROP_REVIEWER:
      vigil_decisions_view_set_reviewer (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_decisions_view_class_init (VigilDecisionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vigil_decisions_view_dispose;
  object_class->finalize = vigil_decisions_view_finalize;
  object_class->get_property = vigil_decisions_view_get_property;
  object_class->set_property = vigil_decisions_view_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, VIGIL_TYPE_DATABASE, flags);
  /**
   * VigilDecisionsView:model-name:
   *
   * Only the decisions of this model, or of all models when %NULL.
   */
  properties[PROP_MODEL_NAME] = g_param_spec_string ("model-name", NULL, NULL, NULL, flags);
  /**
   * VigilDecisionsView:from:
   *
   * The first instant shown (any ISO 8601 form), or %NULL.
   */
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, flags);
  /**
   * VigilDecisionsView:to:
   *
   * The first instant not shown, or %NULL.
   */
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, flags);
  /**
   * VigilDecisionsView:reviewer:
   *
   * The name reviews are recorded under; reviewing is refused while it is empty.
   */
  properties[PROP_REVIEWER] = g_param_spec_string ("reviewer", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-decisions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, filter_toggles);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, filter_status);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, review_buttons);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, paned);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, pending_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, flagged_toggle);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, filter_chip);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, filter_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, detail_grid);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, features_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDecisionsView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);

  gtk_widget_class_install_action (widget_class, "decisions.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "decisions.escalate", NULL, escalate_action);
  gtk_widget_class_install_action (widget_class, "decisions.override", NULL, override_action);
  gtk_widget_class_install_action (widget_class, "decisions.clear-filters", NULL,
                                   clear_filters_action);

  widget_class->measure = vigil_decisions_view_measure;
  widget_class->size_allocate = vigil_decisions_view_size_allocate;
  widget_class->map = vigil_decisions_view_map;
  gtk_widget_class_set_css_name (widget_class, "decisions-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_decisions_view_init (VigilDecisionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  unfocus_slots (self->review_buttons);
  add_review_shortcuts (self);
  self->wide_position = gtk_paned_get_position (self->paned);
  set_orientation (self, GTK_ORIENTATION_HORIZONTAL, 0);

  self->cancellable = g_cancellable_new ();
  add_column (self, _("Time"), COLUMN_TIME, FALSE);
  add_column (self, _("Model"), COLUMN_MODEL, TRUE);
  add_column (self, _("Prediction"), COLUMN_PREDICTION, FALSE);
  add_column (self, _("Confidence"), COLUMN_CONFIDENCE, FALSE);
  add_column (self, _("Entity"), COLUMN_ENTITY, FALSE);
  add_column (self, _("Review"), COLUMN_STATUS, FALSE);
  add_column (self, _("Flag"), COLUMN_FLAG, FALSE);

  update_filter_chip (self);
  update_count (self);
  update_detail (self);
}

GtkWidget *
vigil_decisions_view_new (void)
{
  return g_object_new (VIGIL_TYPE_DECISIONS_VIEW, NULL);
}

VigilDatabase *
vigil_decisions_view_get_database (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->database;
}

/**
 * vigil_decisions_view_set_database:
 * @database: (nullable): the database to show
 */
void
vigil_decisions_view_set_database (VigilDecisionsView *self,
                                   VigilDatabase      *database)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));
  g_return_if_fail (database == NULL || VIGIL_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_column_view_set_model (self->column_view, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_clear_object (&self->selection);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, list_state_cb, self);
  g_clear_object (&self->list);
  g_set_object (&self->database, database);

  if (database != NULL)
    {
      self->list = vigil_decision_list_new (database, NULL);
      g_signal_connect_swapped (self->list, "notify::n-items", G_CALLBACK (list_state_cb), self);
      g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_state_cb), self);
      g_signal_connect_swapped (self->list, "notify::error-message", G_CALLBACK (list_state_cb),
                                self);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
      g_signal_connect_swapped (self->selection, "notify::selected-item",
                                G_CALLBACK (selection_changed_cb), self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
  rebuild_query (self);
  selection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

const char *
vigil_decisions_view_get_model_name (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->model_name;
}

static gboolean
set_string (VigilDecisionsView  *self,
            char               **field,
            const char          *value,
            int                  prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/**
 * vigil_decisions_view_set_model_name:
 * @model_name: (nullable): a model, or %NULL for all
 */
void
vigil_decisions_view_set_model_name (VigilDecisionsView *self,
                                     const char         *model_name)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));

  if (set_string (self, &self->model_name, model_name, PROP_MODEL_NAME) && !self->updating)
    rebuild_query (self);
}

const char *
vigil_decisions_view_get_from (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->from;
}

void
vigil_decisions_view_set_from (VigilDecisionsView *self,
                               const char         *from)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));

  if (set_string (self, &self->from, from, PROP_FROM) && !self->updating)
    rebuild_query (self);
}

const char *
vigil_decisions_view_get_to (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->to;
}

void
vigil_decisions_view_set_to (VigilDecisionsView *self,
                             const char         *to)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));

  if (set_string (self, &self->to, to, PROP_TO) && !self->updating)
    rebuild_query (self);
}

const char *
vigil_decisions_view_get_reviewer (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->reviewer;
}

void
vigil_decisions_view_set_reviewer (VigilDecisionsView *self,
                                   const char         *reviewer)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));

  set_string (self, &self->reviewer, reviewer, PROP_REVIEWER);
}

/**
 * vigil_decisions_view_show:
 * @model_name: (nullable): a model, or %NULL for all
 * @from: (nullable): the first instant shown
 * @to: (nullable): the first instant not shown
 * @flagged_only: whether to show only the decisions flagged as anomalous
 *
 * Replaces every filter at once (the review filter is cleared): what the dashboard shows
 * when a day of a chart is clicked, and the alerts view for "Show Flagged Decisions".
 */
void
vigil_decisions_view_show (VigilDecisionsView *self,
                           const char         *model_name,
                           const char         *from,
                           const char         *to,
                           gboolean            flagged_only)
{
  g_return_if_fail (VIGIL_IS_DECISIONS_VIEW (self));

  self->scope_pending = FALSE;
  g_clear_pointer (&self->pending_model_name, g_free);
  self->updating = TRUE;
  vigil_decisions_view_set_model_name (self, model_name);
  vigil_decisions_view_set_from (self, from);
  vigil_decisions_view_set_to (self, to);
  gtk_toggle_button_set_active (self->pending_toggle, FALSE);
  gtk_toggle_button_set_active (self->flagged_toggle, flagged_only);
  self->updating = FALSE;
  rebuild_query (self);
  update_actions (self);
}

/**
 * vigil_decisions_view_get_list:
 *
 * Returns: (transfer none) (nullable): the list shown, a #VigilDecisionList of
 *   #VigilDecisionItem, or %NULL without a database
 */
GListModel *
vigil_decisions_view_get_list (VigilDecisionsView *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISIONS_VIEW (self), NULL);

  return self->list ? G_LIST_MODEL (self->list) : NULL;
}

static void
view_set_database (VigilView     *view,
                   VigilDatabase *database)
{
  vigil_decisions_view_set_database (VIGIL_DECISIONS_VIEW (view), database);
}

/* Millions of rows are not counted again for a page nobody looks at: behind another page
 * of the window, the view keeps the scope until it is shown. */
static void
view_set_scope (VigilView         *view,
                const char        *model_name,
                const VigilPeriod *period)
{
  VigilDecisionsView *self = VIGIL_DECISIONS_VIEW (view);

  if (self->database != NULL && !gtk_widget_get_child_visible (GTK_WIDGET (self)))
    {
      g_free (self->pending_model_name);
      self->pending_model_name = g_strdup (model_name);
      self->pending_period = *period;
      self->scope_pending = TRUE;
      return;
    }

  apply_scope (self, model_name, period);
}

static void
view_set_reviewer (VigilView  *view,
                   const char *reviewer)
{
  vigil_decisions_view_set_reviewer (VIGIL_DECISIONS_VIEW (view), reviewer);
}

static void
vigil_decisions_view_view_init (VigilViewInterface *iface)
{
  iface->set_database = view_set_database;
  iface->set_scope = view_set_scope;
  iface->set_reviewer = view_set_reviewer;
}
