/* test-decisions-view.c: the Decisions view lists, filters and reviews decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-decisions-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-decision-list.h"
#include "vigil-decisions-view.h"
#include "vigil-policy.h"
#include "vigil-ui-test.h"

#define N_DAYS 3
#define PER_DAY 40

static char *tmp_dir;
static char *db_path;

static gpointer
child (VigilDecisionsView *view,
       const char         *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_DECISIONS_VIEW,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

/* Two models over three days; the CreditScorer's decisions of each day are a third. */
static void
make_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  tmp_dir = g_dir_make_tmp ("vigil-decisions-view-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "audit.db", NULL);
  store = vigil_store_open (db_path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_DAYS * PER_DAY; i++)
    {
      g_autofree char *ts = g_strdup_printf ("2026-03-%02uT%02u:%02u:00Z", 1 + i / PER_DAY,
                                             8 + (i % PER_DAY) / 6, (i % 6) * 10);
      VigilDecision *d = vigil_decision_new (i % 3 == 0 ? "CreditScorer" : "MomentumSignal",
                                             "v2.1", "credit_limit", i % 2 ? "APPROVE" : "DENY");

      vigil_decision_set_timestamp (d, ts);
      vigil_decision_set_confidence (d, 0.5 + (i % 40) / 100.0);
      vigil_decision_set_ticker (d, i % 2 ? "JPM" : "BAC");
      vigil_decision_set_sector (d, "Banks");
      vigil_decision_set_user_id (d, "batch");
      vigil_decision_set_explanation (d, "Debt ratio under the bank's limit");
      vigil_decision_set_input_features (d, "{\"debt_ratio\":0.31,\"income\":52000,\"history\":[1,2]}");
      g_ptr_array_add (batch, d);
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);

  /* The first decision, the CreditScorer's DENY, turned out "paid": its model's rules say
   * that shows a denial wrong, where the built-in rules say nothing */
  {
    g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (
      "[model CreditScorer]\noutcomes.APPROVE.right = paid\noutcomes.DENY.wrong = paid\n",
      "rules.ini", &error);

    g_assert_no_error (error);
    g_assert_true (vigil_store_set_policy (store, policy, "Ada Lovelace", &error));
    g_assert_no_error (error);
    g_assert_true (vigil_store_record_outcome (store, 1, "paid", "2026-03-20", "collections",
                                               &error));
    g_assert_no_error (error);
  }
}

static gboolean
count_shown (gpointer data)
{
  gpointer *args = data;
  GtkLabel *label = args[0];

  return g_strcmp0 (gtk_label_get_label (label), args[1]) == 0;
}

static void
wait_for_count (VigilDecisionsView *view,
                guint               n)
{
  g_autofree char *text = g_strdup_printf ("%u decisions", n);
  gpointer args[2] = { child (view, "count_label"), text };

  if (!vigil_ui_test_wait_for (count_shown, args))
    g_error ("the view shows “%s”, not “%s”", gtk_label_get_label (args[0]), text);
}

static gboolean
all_loaded (gpointer data)
{
  GListModel *list = data;
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilDecisionItem) item = g_list_model_get_item (list, i);

      if (vigil_decision_item_get_decision (item) == NULL)
        return FALSE;
    }
  return n > 0;
}

static gboolean
stack_shows_detail (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "detail") == 0;
}

static gboolean
dialog_shown (gpointer data)
{
  return vigil_ui_test_find_dialog (NULL) != NULL;
}

static gboolean
paned_vertical (gpointer data)
{
  GtkPaned *paned = child (data, "paned");

  return gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_VERTICAL;
}

static void
test_list_filter_review (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (db_path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilStore) check = NULL;
  g_autoptr(VigilDatabase) database = NULL;
  g_autoptr(VigilDecisionQuery) day = vigil_decision_query_new ();
  g_autoptr(VigilDecisionItem) first = NULL;
  g_autoptr(VigilDecision) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  VigilDecisionEvent *event;
  VigilDecisionsView *view;
  GtkWidget *window;
  GListModel *list;
  AdwMessageDialog *dialog;
  GtkSelectionModel *selection;
  VigilUiTestLabelWait wait;
  gint64 n_day, id;

  g_assert_no_error (error);
  database = vigil_database_new (store);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  view = VIGIL_DECISIONS_VIEW (vigil_decisions_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_object_set (view, "database", database, "reviewer", "Ada Lovelace", NULL);
  gtk_window_present (GTK_WINDOW (window));

  /* Every decision, newest first. */
  wait_for_count (view, N_DAYS * PER_DAY);
  g_assert_false (gtk_widget_get_visible (child (view, "filter_chip")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (view, "list_stack")), ==, "list");
  /* Side by side when wide, yet never asking the window for more than a phone's width. */
  g_assert_false (paned_vertical (view));
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (view)), <=, 340);

  /* One model, one day, as the dashboard asks when a chart's day is clicked. */
  vigil_decisions_view_show (view, "CreditScorer", "2026-03-02", "2026-03-03", FALSE);
  vigil_decision_query_set_model (day, "CreditScorer");
  g_assert_true (vigil_decision_query_set_range (day, "2026-03-02", "2026-03-03", NULL));
  check = vigil_store_open (db_path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  n_day = vigil_store_count_decisions (check, day, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_day, >, 0);
  g_assert_cmpint (n_day, <, PER_DAY);
  wait_for_count (view, (guint) n_day);
  g_assert_true (gtk_widget_get_visible (child (view, "filter_chip")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, "filter_label")), "CreditScorer"));
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, "filter_label")), "2026-03-02"));

  list = vigil_decisions_view_get_list (view);
  g_assert_true (vigil_ui_test_wait_for (all_loaded, list));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VigilDecisionItem) item = g_list_model_get_item (list, i);
      VigilDecision *d = vigil_decision_item_get_decision (item);

      g_assert_cmpstr (vigil_decision_get_model_name (d), ==, "CreditScorer");
      g_assert_true (g_str_has_prefix (vigil_decision_get_timestamp (d), "2026-03-02"));
    }
  wait.root = child (view, "column_view");
  wait.text = "2026-03-02 ";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
  wait.text = "2026-03-01 ";
  g_assert_false (vigil_ui_test_label_shown (&wait));

  /* The newest of that day, in detail. */
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (child (view, "column_view")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  first = g_list_model_get_item (list, 0);
  id = vigil_decision_get_id (vigil_decision_item_get_decision (first));
  g_assert_true (vigil_ui_test_wait_for (stack_shows_detail, child (view, "detail_stack")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, "detail_title")), "Decision"));
  wait.root = child (view, "detail_grid");
  wait.text = "CreditScorer, version v2.1";
  g_assert_true ((vigil_ui_test_find_label (wait.root, wait.text) != NULL));
  wait.text = "Debt ratio under the bank";
  g_assert_true ((vigil_ui_test_find_label (wait.root, wait.text) != NULL));
  g_assert_nonnull (strstr (gtk_label_get_label (child (view, "features_label")),
                            "\"debt_ratio\": 0.31,\n"));
  wait.root = child (view, "history_list");
  wait.text = "Not reviewed yet";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));

  /* Without a reviewer's name, no review. */
  vigil_decisions_view_set_reviewer (view, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "decisions.approve", NULL));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (vigil_ui_test_find_dialog (NULL));
  vigil_decisions_view_set_reviewer (view, "Ada Lovelace");

  /* Approve it with a note, answering the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "decisions.approve", NULL));
  g_assert_true (vigil_ui_test_wait_for (dialog_shown, NULL));
  dialog = vigil_ui_test_find_dialog (NULL);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Limits checked by hand");
  adw_message_dialog_response (dialog, "review");

  wait.root = child (view, "column_view");
  wait.text = "Approved";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
  wait.root = child (view, "history_list");
  wait.text = "Approved by Ada Lovelace";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
  wait.text = "Limits checked by hand";
  g_assert_true ((vigil_ui_test_find_label (wait.root, wait.text) != NULL));
  /* The same row is still selected. */
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  stored = vigil_store_get_decision (check, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_decision_get_review_status (stored), ==, VIGIL_REVIEW_APPROVED);
  g_assert_cmpstr (vigil_decision_get_reviewed_by (stored), ==, "Ada Lovelace");
  g_assert_cmpstr (vigil_decision_get_review_notes (stored), ==, "Limits checked by hand");
  events = vigil_store_list_decision_events (check, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = events->pdata[0];
  g_assert_cmpstr (event->action, ==, "review");
  g_assert_cmpstr (event->actor, ==, "Ada Lovelace");
  g_assert_cmpstr (event->status, ==, "approved");
  g_assert_cmpstr (event->previous_status, ==, "pending");
  g_assert_cmpstr (event->notes, ==, "Limits checked by hand");

  vigil_ui_test_save_screenshot (window, "decisions-view.png");

  /* Clearing the filters lists everything again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "decisions.clear-filters", NULL));
  wait_for_count (view, N_DAYS * PER_DAY);
  g_assert_null (vigil_decisions_view_get_model_name (view));
  g_assert_false (gtk_widget_get_visible (child (view, "filter_chip")));

  /* Nothing flagged: the empty state. */
  vigil_decisions_view_show (view, NULL, NULL, NULL, TRUE);
  wait_for_count (view, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (view, "list_stack")), ==, "empty");
  vigil_ui_test_save_screenshot (window, "decisions-view-empty.png");

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The outcome in the detail, judged by the model's own rules in the policy */
static void
test_outcome_judged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (db_path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilDatabase) database = NULL;
  VigilDecisionsView *view;
  VigilUiTestLabelWait wait;
  GtkSelectionModel *selection;
  GListModel *list;
  GtkWidget *window;
  guint position = G_MAXUINT;

  g_assert_no_error (error);
  database = vigil_database_new (store);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  view = VIGIL_DECISIONS_VIEW (vigil_decisions_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_object_set (view, "database", database, "reviewer", "Ada Lovelace", NULL);
  gtk_window_present (GTK_WINDOW (window));

  vigil_decisions_view_show (view, "CreditScorer", "2026-03-01", "2026-03-02", FALSE);
  wait_for_count (view, PER_DAY / 3 + 1);
  list = vigil_decisions_view_get_list (view);
  g_assert_true (vigil_ui_test_wait_for (all_loaded, list));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VigilDecisionItem) item = g_list_model_get_item (list, i);

      if (vigil_decision_get_id (vigil_decision_item_get_decision (item)) == 1)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (child (view, "column_view")));
  gtk_selection_model_select_item (selection, position, TRUE);
  g_assert_true (vigil_ui_test_wait_for (stack_shows_detail, child (view, "detail_stack")));
  wait.root = child (view, "detail_grid");
  wait.text = "the decision was wrong";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
  wait.text = "paid (";
  g_assert_true (vigil_ui_test_label_shown (&wait));

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
paned_horizontal (gpointer data)
{
  return !paned_vertical (data);
}

static gboolean
detail_beside_list (gpointer data)
{
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (child (data, "detail_stack"), data, &bounds)
         && bounds.origin.x >= 600 && bounds.origin.y < 100;
}

/* A phone held upright: the detail under the list, reachable, nothing cut off. */
static void
test_phone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (db_path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilDatabase) database = NULL;
  VigilDecisionsView *view;
  GtkSelectionModel *selection;
  GtkWidget *window, *detail, *buttons;
  graphene_rect_t bounds;
  VigilUiTestLabelWait wait;
  guint n_buttons = 0;

  g_assert_no_error (error);
  database = vigil_database_new (store);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  view = VIGIL_DECISIONS_VIEW (vigil_decisions_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_object_set (view, "database", database, "reviewer", "Ada Lovelace", NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (view)), <=, 340);

  /* A day and a model, so that the filter chip shows too; a day the test above left alone. */
  vigil_decisions_view_show (view, "CreditScorer", "2026-03-03", "2026-03-04", FALSE);
  wait_for_count (view, PER_DAY / 3);
  g_assert_true (vigil_ui_test_wait_for (paned_vertical, view));
  g_assert_cmpint (gtk_widget_get_width (window), ==, 360);
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (view)), <=, 340);

  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (child (view, "column_view")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  detail = child (view, "detail_stack");
  g_assert_true (vigil_ui_test_wait_for (stack_shows_detail, detail));
  wait.root = child (view, "history_list");
  wait.text = "Not reviewed yet";
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));

  /* Drawn, so laid out with the detail shown. */
  vigil_ui_test_save_screenshot (window, "decisions-view-360.png");

  /* The detail spans the window's width, under the list, and its review buttons show. */
  g_assert_true (gtk_widget_compute_bounds (detail, window, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 360);
  g_assert_cmpfloat (bounds.origin.y, >, 150);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, 640);
  buttons = child (view, "review_buttons");
  for (GtkWidget *slot = gtk_widget_get_first_child (buttons); slot != NULL;
       slot = gtk_widget_get_next_sibling (slot), n_buttons++)
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (slot));

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 360);
    }
  g_assert_cmpuint (n_buttons, ==, 3);
  g_assert_true (gtk_widget_compute_bounds (child (view, "filter_chip"), window, &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 360);

  /* Wide again: side by side, the list as wide as before. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  g_assert_true (vigil_ui_test_wait_for (paned_horizontal, view));
  g_assert_cmpint (gtk_paned_get_position (child (view, "paned")), ==, 620);
  g_assert_true (vigil_ui_test_wait_for (detail_beside_list, view));

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  vigil_ui_test_init (&argc, &argv);

  /* What VigilApplication loads from its resource base path. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/finsecure/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  make_database ();
  g_test_add_func ("/vigil/ui/decisions-view/list-filter-review", test_list_filter_review);
  g_test_add_func ("/vigil/ui/decisions-view/phone", test_phone);
  g_test_add_func ("/vigil/ui/decisions-view/outcome-judged", test_outcome_judged);
  status = g_test_run ();

  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
