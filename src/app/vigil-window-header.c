/* vigil-window-header.c: the header bar of VigilWindow: the model and the period selectors,
 * the custom period, and fitting both selectors to the window's width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigil-accessible.h"
#include "vigil-summary-text.h"
#include "vigil-window-private.h"

/* The period dropdown's fixed choices, as the period-days setting stores them: the last N
 * complete days, or 0 for today so far; the last item is the custom range. */
static const guint period_presets[] = { 7, 30, 90, 0 };
#define PERIOD_CUSTOM G_N_ELEMENTS (period_presets)

void
_vigil_window_select_model_in_dropdown (VigilWindow *self)
{
  guint position = 0;

  if (self->model_name != NULL)
    for (guint i = 0; i < self->model_names->len; i++)
      if (g_str_equal (g_ptr_array_index (self->model_names, i), self->model_name))
        position = i + 1;

  self->updating_models = TRUE;
  gtk_drop_down_set_selected (self->model_dropdown, position);
  self->updating_models = FALSE;
}

static void
models_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VigilWindow *self = user_data;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;
  g_autofree char *total = NULL;
  gboolean model_found = FALSE;
  guint n;

  models = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (models == NULL)
    {
      vigil_window_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (models);
  g_ptr_array_set_size (self->model_names, 0);
  self->n_decisions = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);
      const char *name = vigil_model_info_get_name (info);
      g_autofree char *count = vigil_summary_text_format_count (vigil_model_info_get_decision_count (info));

      self->n_decisions += vigil_model_info_get_decision_count (info);
      g_ptr_array_add (self->model_names, g_strdup (name));
      /* Translators: a model in the model selector, with its number of decisions */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), name, count));
      model_found |= g_strcmp0 (name, self->model_name) == 0;
    }

  total = vigil_summary_text_format_count (self->n_decisions);
  /* Translators: the first item of the model selector, with the number of decisions */
  all = g_strdup_printf (_("All Models (%s)"), total);
  g_ptr_array_insert (labels, 0, g_steal_pointer (&all));
  g_ptr_array_add (labels, NULL);

  self->updating_models = TRUE;
  gtk_string_list_splice (self->model_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->model_list)),
                          (const char * const *) labels->pdata);
  self->updating_models = FALSE;

  /* A model that is gone (another database) falls back to all models. */
  if (!model_found && self->model_name != NULL)
    {
      g_clear_pointer (&self->model_name, g_free);
      _vigil_window_update_scope (self);
    }
  _vigil_window_select_model_in_dropdown (self);
  _vigil_window_show_dashboard_or_empty (self);
  _vigil_window_update_actions (self);
}

static gpointer
list_models_func (VigilStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return vigil_store_list_models (store, error);
}

void
_vigil_window_load_models (VigilWindow *self)
{
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);

  if (self->database == NULL)
    return;

  self->models_cancellable = g_cancellable_new ();
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, list_models_func, NULL, NULL,
                            g_object_unref, self->models_cancellable, models_loaded_cb, self);
}

static void
model_selected_cb (VigilWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->model_dropdown);
  const char *name = NULL;

  if (self->updating_models)
    return;

  if (position != GTK_INVALID_LIST_POSITION && position > 0 &&
      position <= self->model_names->len)
    name = g_ptr_array_index (self->model_names, position - 1);

  if (g_strcmp0 (name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (name);
  g_settings_set_string (self->settings, "last-model", name != NULL ? name : "");
  _vigil_window_update_scope (self);
}

/**
 * vigil_window_select_model:
 * @model_name: (nullable): a model, or %NULL for all models
 *
 * Shows @model_name in every view, as the model selector does.
 */
void
vigil_window_select_model (VigilWindow *self,
                           const char  *model_name)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  if (g_strcmp0 (model_name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  _vigil_window_select_model_in_dropdown (self);
  _vigil_window_update_scope (self);
}

const char *
vigil_window_get_model (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->model_name;
}

/* "Last 7 days" is the 7 complete UTC days up to yesterday, the days the checks count in;
 * today, which is not over, is a choice of its own. */
static void
period_for_preset (guint        n_days,
                   VigilPeriod *period)
{
  gboolean ok = n_days == 0 ? vigil_period_init_today_so_far (period, NULL, NULL)
                            : vigil_period_init_complete_days (period, NULL, n_days, NULL);

  if (!ok)
    g_return_if_reached ();
}

/* The choices after the presets: with a custom range in force, the range itself and then
 * "Custom Range…" to change it (choosing the range again would change nothing); without,
 * "Custom Range…" alone. */
static void
set_period_label (VigilWindow *self,
                  guint        position)
{
  g_autofree char *custom = NULL;
  const char *labels[] = { NULL, NULL, NULL };
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->period_list)) - PERIOD_CUSTOM;

  if (position == PERIOD_CUSTOM)
    {
      custom = vigil_period_describe (&self->period);
      labels[0] = custom;
      labels[1] = _("Custom Range…");
    }
  else
    {
      labels[0] = _("Custom Range…");
    }

  self->updating_models = TRUE;
  gtk_string_list_splice (self->period_list, PERIOD_CUSTOM, n_old, labels);
  gtk_drop_down_set_selected (self->period_dropdown, position);
  self->updating_models = FALSE;
}

/**
 * vigil_window_set_period:
 * @period: the days every view shows
 */
void
vigil_window_set_period (VigilWindow       *self,
                         const VigilPeriod *period)
{
  guint position = PERIOD_CUSTOM;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  self->period = *period;

  for (guint i = 0; i < G_N_ELEMENTS (period_presets) && position == PERIOD_CUSTOM; i++)
    {
      VigilPeriod preset;

      period_for_preset (period_presets[i], &preset);
      if (vigil_period_equal (&preset, period))
        position = i;
    }

  set_period_label (self, position);
  _vigil_window_update_scope (self);
}

const VigilPeriod *
vigil_window_get_period (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return &self->period;
}

static void
custom_period_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           VigilWindow      *self)
{
  GtkEntry *from = g_object_get_data (G_OBJECT (dialog), "from");
  GtkEntry *to = g_object_get_data (G_OBJECT (dialog), "to");
  g_autoptr(GError) error = NULL;
  VigilPeriod period;

  if (g_str_equal (response, "apply") &&
      vigil_period_init_range (&period, gtk_editable_get_text (GTK_EDITABLE (from)),
                               gtk_editable_get_text (GTK_EDITABLE (to)), &error))
    {
      vigil_window_set_period (self, &period);
      return;
    }

  if (error != NULL)
    vigil_window_toast (self, error->message);
  vigil_window_set_period (self, &self->period);
}

static GtkWidget *
make_day_entry (const char *label,
                const char *day)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), day);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "YYYY-MM-DD");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return entry;
}

/* A day picked in the calendar is typed into its entry */
static void
day_picked_cb (GtkCalendar *calendar,
               GtkEditable *entry)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (entry, day);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar),
                                                             GTK_TYPE_POPOVER)));
}

/* The calendar opens on the entry's day, when it holds one */
static void
calendar_shown_cb (GtkPopover  *popover,
                   GtkCalendar *calendar)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (calendar), "entry");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int y, m, d;

  if (sscanf (gtk_editable_get_text (entry), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      (date = g_date_time_new (utc, y, m, d, 0, 0, 0)) != NULL)
    {
      g_signal_handlers_block_by_func (calendar, day_picked_cb, entry);
      gtk_calendar_select_day (calendar, date);
      g_signal_handlers_unblock_by_func (calendar, day_picked_cb, entry);
    }
}

/* A button beside a day's entry that opens a calendar; the entry stays for typing */
static GtkWidget *
make_calendar_button (GtkWidget  *entry,
                      const char *name)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (day_picked_cb), entry, 0);
  g_object_set_data (G_OBJECT (calendar), "entry", entry);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_shown_cb), calendar);
  g_object_set_data (G_OBJECT (button), "calendar", calendar);
  return button;
}

static void
choose_custom_period (VigilWindow *self)
{
  GtkWidget *dialog, *grid, *from, *to, *label, *from_calendar, *to_calendar;
  char last[VIGIL_DAY_LEN];

  vigil_period_get_last_day (&self->period, last);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Custom Period"),
                                   _("The first and the last day to show, both included, "
                                     "in UTC: type them as YYYY-MM-DD or pick them in the "
                                     "calendars."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Show"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  from = make_day_entry (_("First day"), self->period.first_day);
  to = make_day_entry (_("Last day"), last);
  label = gtk_label_new_with_mnemonic (_("_From"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), from);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), from, 1, 0, 1, 1);
  from_calendar = make_calendar_button (from, _("Choose the first day in a calendar"));
  gtk_grid_attach (GTK_GRID (grid), from_calendar, 2, 0, 1, 1);
  label = gtk_label_new_with_mnemonic (_("_To"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), to);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), to, 1, 1, 1, 1);
  to_calendar = make_calendar_button (to, _("Choose the last day in a calendar"));
  gtk_grid_attach (GTK_GRID (grid), to_calendar, 2, 1, 1, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);

  g_object_set_data (G_OBJECT (dialog), "from", from);
  g_object_set_data (G_OBJECT (dialog), "to", to);
  g_object_set_data (G_OBJECT (dialog), "from-calendar", from_calendar);
  g_object_set_data (G_OBJECT (dialog), "to-calendar", to_calendar);
  g_signal_connect_object (dialog, "response", G_CALLBACK (custom_period_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
period_selected_cb (VigilWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->period_dropdown);
  VigilPeriod period;

  if (self->updating_models || position == GTK_INVALID_LIST_POSITION)
    return;

  /* The range in force chosen again changes nothing; "Custom Range…" asks for one */
  if (position == PERIOD_CUSTOM &&
      g_list_model_get_n_items (G_LIST_MODEL (self->period_list)) > PERIOD_CUSTOM + 1)
    return;
  if (position >= PERIOD_CUSTOM)
    {
      choose_custom_period (self);
      return;
    }

  g_settings_set_int (self->settings, "period-days", (int) period_presets[position]);
  period_for_preset (period_presets[position], &period);
  vigil_window_set_period (self, &period);
}

/* The header's dropdowns show their whole choice when the header has room for it beside a
 * title, and shorten it, down to a few characters, as the window narrows towards a phone's
 * 360 pixels. Shortened, a label's minimum is small, so the window can be made narrower
 * still; whole, the header needs it all. The popup lists every choice in full. */
#define BUTTON_LABEL_MIN_CHARS 3
/* What the title between the selectors and the buttons needs, at the least, beside whole
 * selectors: more than its own minimum, so that the labels shorten before a person
 * narrowing the window meets the header's minimum */
#define HEADER_TITLE_ROOM 240

static void
set_button_label_whole (GtkLabel *label,
                        gboolean  whole)
{
  gtk_label_set_ellipsize (label, whole ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
}

static void
setup_button_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       VigilWindow              *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (label), BUTTON_LABEL_MIN_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  set_button_label_whole (GTK_LABEL (label), !self->header_compact);
  gtk_list_item_set_child (item, label);
  g_ptr_array_add (self->button_labels, label);
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  if (gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* Whether the selectors, whole, leave room for the title and the buttons in @width */
static gboolean
header_is_compact (VigilWindow *self,
                   int          width)
{
  int need = natural_width (GTK_WIDGET (self->model_dropdown))
             + natural_width (GTK_WIDGET (self->period_dropdown))
             + natural_width (GTK_WIDGET (self->primary_menu_button))
             + natural_width (GTK_WIDGET (self->refresh_button))
             + HEADER_TITLE_ROOM;

  return width < need;
}

/* On a phone the header keeps the selectors and the menu; F5 still refreshes */
static void
fit_header (VigilWindow *self,
            int          width)
{
  self->fitted_width = width;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), width >= 500);
  self->header_compact = header_is_compact (self, width);
  for (guint i = 0; i < self->button_labels->len; i++)
    set_button_label_whole (g_ptr_array_index (self->button_labels, i), !self->header_compact);
}

static gboolean
fit_header_cb (gpointer data)
{
  VigilWindow *self = data;

  self->fit_labels_source = 0;
  fit_header (self, gtk_widget_get_width (GTK_WIDGET (self)));
  return G_SOURCE_REMOVE;
}

/* Called once the window is allocated @width */
void
_vigil_window_header_allocated (VigilWindow *self,
                                int          width)
{
  /* Not during the allocation itself: a label that changes its size asks for another one.
   * Before the next frame, not in the idle time a busy window may never have. */
  if (self->fit_labels_source == 0 &&
      ((width >= 500) != (self->fitted_width >= 500) ||
       header_is_compact (self, width) != self->header_compact))
    self->fit_labels_source = g_idle_add_full (G_PRIORITY_DEFAULT, fit_header_cb, self, NULL);
}

static void
setup_popup_label_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static void
set_dropdown_factories (VigilWindow *self,
                        GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) popup = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (setup_button_label_cb), self);
  g_signal_connect (button, "bind", G_CALLBACK (bind_label_cb), NULL);
  g_signal_connect (popup, "setup", G_CALLBACK (setup_popup_label_cb), NULL);
  g_signal_connect (popup, "bind", G_CALLBACK (bind_label_cb), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, popup);
}

static GtkStringList *
make_period_list (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (period_presets); i++)
    {
      g_autofree char *label = NULL;

      if (period_presets[i] == 0)
        {
          /* Translators: a choice of the period selector: today, which is not over */
          gtk_string_list_append (list, _("Today So Far"));
          continue;
        }
      /* Translators: a choice of the period selector, the complete days before today */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %u Day", "Last %u Days",
                                            period_presets[i]),
                               period_presets[i]);
      gtk_string_list_append (list, label);
    }
  gtk_string_list_append (list, _("Custom Range…"));
  return list;
}

/* "Last 7 days" and "Today so far" move on at midnight UTC */
void
_vigil_window_refresh_period (VigilWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->period_dropdown);
  VigilPeriod period;

  if (position >= PERIOD_CUSTOM)
    return;

  period_for_preset (period_presets[position], &period);
  if (!vigil_period_equal (&period, &self->period))
    vigil_window_set_period (self, &period);
}

/* Fills the selectors with the last model and period chosen */
void
_vigil_window_header_init (VigilWindow *self)
{
  g_autofree char *last_model = NULL;
  int period_days;

  self->model_names = g_ptr_array_new_with_free_func (g_free);
  self->button_labels = g_ptr_array_new ();
  /* Whole once the window is allocated and the header measured */
  self->header_compact = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button),
                          g_settings_get_int (self->settings, "window-width") >= 500);

  set_dropdown_factories (self, self->model_dropdown);
  set_dropdown_factories (self, self->period_dropdown);
  vigil_accessible_name_dropdown (self->model_dropdown, _("Model"));
  vigil_accessible_name_dropdown (self->period_dropdown, _("Period"));

  self->model_list = gtk_string_list_new (NULL);
  gtk_string_list_append (self->model_list, _("All Models"));
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->model_list));
  g_object_unref (self->model_list);
  last_model = g_settings_get_string (self->settings, "last-model");
  if (last_model[0] != '\0')
    self->model_name = g_steal_pointer (&last_model);

  self->period_list = make_period_list ();
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_list));
  g_object_unref (self->period_list);
  period_days = g_settings_get_int (self->settings, "period-days");
  period_for_preset ((guint) CLAMP (period_days, 0, VIGIL_PERIOD_MAX_DAYS), &self->period);
  vigil_window_set_period (self, &self->period);

  g_signal_connect_swapped (self->model_dropdown, "notify::selected",
                            G_CALLBACK (model_selected_cb), self);
  g_signal_connect_swapped (self->period_dropdown, "notify::selected",
                            G_CALLBACK (period_selected_cb), self);
}
