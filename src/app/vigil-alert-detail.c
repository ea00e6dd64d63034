/* vigil-alert-detail.c: the evidence and acknowledgement of one alert
 *
 * What an auditor reads to judge an alert: the windows compared, the values and the test
 * behind it, its place in the ledger, and who acknowledged it with what note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alert-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-alert-detail.h"
#include "vigil-alert-filter.h"
#include "vigil-check-result.h"

struct _VigilAlertDetail
{
  AdwBin      parent_instance;

  VigilAlert *alert;

  GtkLabel   *type_label;
  GtkLabel   *severity_label;
  GtkLabel   *description_label;
  GtkLabel   *model_label;
  GtkLabel   *subject_label;
  GtkLabel   *time_label;
  GtkLabel   *baseline_start_label;
  GtkLabel   *window_start_label;
  GtkLabel   *window_end_label;
  GtkLabel   *observed_label;
  GtkLabel   *baseline_label;
  GtkLabel   *threshold_label;
  GtkLabel   *n_recent_label;
  GtkLabel   *n_baseline_label;
  GtkLabel   *p_value_label;
  GtkLabel   *ack_by_label;
  GtkLabel   *ack_at_label;
  GtkLabel   *ack_note_label;
  GtkLabel   *hash_label;
};

G_DEFINE_FINAL_TYPE (VigilAlertDetail, vigil_alert_detail, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ALERT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
vigil_alert_detail_new (void)
{
  return g_object_new (VIGIL_TYPE_ALERT_DETAIL, NULL);
}

/**
 * vigil_alert_detail_show_severity:
 * @label: a label
 *
 * Shows @severity in @label as a coloured pill that also carries the word, so that the
 * colour is never the only sign.
 */
void
vigil_alert_detail_show_severity (GtkLabel      *label,
                                  VigilSeverity  severity)
{
  static const char *classes[] = { "low", "medium", "high" };
  GtkWidget *widget = GTK_WIDGET (label);
  const char *text;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (severity <= VIGIL_SEVERITY_HIGH);

  switch (severity)
    {
    case VIGIL_SEVERITY_HIGH:
      /* Translators: an alert's severity */
      text = C_("severity", "High");
      break;
    case VIGIL_SEVERITY_MEDIUM:
      /* Translators: an alert's severity */
      text = C_("severity", "Medium");
      break;
    case VIGIL_SEVERITY_LOW:
    default:
      /* Translators: an alert's severity */
      text = C_("severity", "Low");
      break;
    }

  gtk_label_set_label (label, text);
  gtk_widget_add_css_class (widget, "vigil-severity");
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (i == (guint) severity)
        gtk_widget_add_css_class (widget, classes[i]);
      else
        gtk_widget_remove_css_class (widget, classes[i]);
    }
}

static void
set_text (GtkLabel   *label,
          const char *text,
          const char *fallback)
{
  gboolean missing = text == NULL || *text == '\0';

  gtk_label_set_label (label, missing ? fallback : text);
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
}

static void
set_owned_text (GtkLabel   *label,
                char       *text,
                const char *fallback)
{
  set_text (label, text, fallback);
  g_free (text);
}

/* A segment's alert, "sector=Energy / SELL", as "SELL, in sector “Energy”" */
static char *
describe_subject (const char *subject)
{
  g_autofree char *segment_by = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *rest = NULL;

  if (!vigil_subject_split_segment (subject, &segment_by, &segment, &rest))
    return g_strdup (subject);
  if (rest == NULL)
    return g_strdup_printf (_("All of %s “%s”"), segment_by, segment);
  return g_strdup_printf (_("%s, in %s “%s”"), rest, segment_by, segment);
}

static char *
dup_count (gint64 n)
{
  if (n < 0)
    return NULL;
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
dup_time_or_null (const char *timestamp)
{
  return timestamp != NULL ? vigil_format_alert_time (timestamp) : NULL;
}

static void
show_alert (VigilAlertDetail *self)
{
  VigilAlert *alert = self->alert;

  if (alert == NULL)
    {
      GtkLabel *labels[] = {
        self->type_label, self->severity_label, self->description_label, self->model_label,
        self->subject_label, self->time_label, self->baseline_start_label,
        self->window_start_label, self->window_end_label, self->observed_label,
        self->baseline_label, self->threshold_label, self->n_recent_label,
        self->n_baseline_label, self->p_value_label, self->ack_by_label, self->ack_at_label,
        self->ack_note_label, self->hash_label,
      };

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        gtk_label_set_label (labels[i], NULL);
      return;
    }

  set_owned_text (self->type_label, vigil_alert_type_to_label (vigil_alert_get_alert_type (alert)),
                  NULL);
  vigil_alert_detail_show_severity (self->severity_label, vigil_alert_get_severity (alert));
  set_text (self->description_label, vigil_alert_get_description (alert), _("No description"));
  set_text (self->model_label, vigil_alert_get_model_name (alert), _("Unknown"));
  set_owned_text (self->subject_label, describe_subject (vigil_alert_get_subject (alert)),
                  _("The whole model"));
  /* When it was raised is apart from the day of the alert, the window below: a backtest
   * raises today an alert about a past day. */
  set_owned_text (self->time_label, dup_time_or_null (vigil_alert_get_raised_at (alert)),
                  _("Unknown (stored before Vigil recorded it)"));

  set_owned_text (self->baseline_start_label,
                  dup_time_or_null (vigil_alert_get_baseline_start (alert)), _("Not recorded"));
  set_owned_text (self->window_start_label,
                  dup_time_or_null (vigil_alert_get_window_start (alert)), _("Not recorded"));
  set_owned_text (self->window_end_label,
                  dup_time_or_null (vigil_alert_get_window_end (alert)), _("Not recorded"));

  set_owned_text (self->observed_label,
                  vigil_format_alert_evidence (vigil_alert_get_alert_type (alert),
                                               VIGIL_EVIDENCE_OBSERVED,
                                               vigil_alert_get_observed (alert)), NULL);
  set_owned_text (self->baseline_label,
                  vigil_format_alert_evidence (vigil_alert_get_alert_type (alert),
                                               VIGIL_EVIDENCE_BASELINE,
                                               vigil_alert_get_baseline (alert)), NULL);
  set_owned_text (self->threshold_label,
                  vigil_format_alert_evidence (vigil_alert_get_alert_type (alert),
                                               VIGIL_EVIDENCE_THRESHOLD,
                                               vigil_alert_get_threshold (alert)), NULL);
  set_owned_text (self->n_recent_label, dup_count (vigil_alert_get_n_recent (alert)),
                  _("Not recorded"));
  set_owned_text (self->n_baseline_label, dup_count (vigil_alert_get_n_baseline (alert)),
                  _("Not recorded"));
  set_owned_text (self->p_value_label, vigil_format_p_value (vigil_alert_get_p_value (alert)),
                  NULL);

  if (vigil_alert_get_acknowledged (alert))
    {
      set_text (self->ack_by_label, vigil_alert_get_acknowledged_by (alert), _("Someone unknown"));
      set_owned_text (self->ack_at_label,
                      dup_time_or_null (vigil_alert_get_acknowledged_at (alert)),
                      _("Not recorded"));
      set_text (self->ack_note_label, vigil_alert_get_ack_note (alert), _("No note"));
    }
  else
    {
      set_text (self->ack_by_label, _("Unacknowledged"), NULL);
      set_text (self->ack_at_label, NULL, "—");
      set_text (self->ack_note_label, NULL, "—");
    }

  set_text (self->hash_label, vigil_alert_get_record_hash (alert), _("Not recorded"));
}

/**
 * vigil_alert_detail_get_alert:
 *
 * Returns: (transfer none) (nullable): the alert shown
 */
VigilAlert *
vigil_alert_detail_get_alert (VigilAlertDetail *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERT_DETAIL (self), NULL);

  return self->alert;
}

void
vigil_alert_detail_set_alert (VigilAlertDetail *self,
                              VigilAlert       *alert)
{
  g_return_if_fail (VIGIL_IS_ALERT_DETAIL (self));
  g_return_if_fail (alert == NULL || VIGIL_IS_ALERT (alert));

  if (!g_set_object (&self->alert, alert))
    return;

  show_alert (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT]);
}

static void
vigil_alert_detail_dispose (GObject *object)
{
  VigilAlertDetail *self = VIGIL_ALERT_DETAIL (object);

  g_clear_object (&self->alert);

  G_OBJECT_CLASS (vigil_alert_detail_parent_class)->dispose (object);
}

static void
vigil_alert_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilAlertDetail *self = VIGIL_ALERT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_ALERT:
      g_value_set_object (value, self->alert);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alert_detail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilAlertDetail *self = VIGIL_ALERT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_ALERT:
      vigil_alert_detail_set_alert (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alert_detail_class_init (VigilAlertDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_alert_detail_dispose;
  object_class->get_property = vigil_alert_detail_get_property;
  object_class->set_property = vigil_alert_detail_set_property;

  properties[PROP_ALERT] =
    g_param_spec_object ("alert", NULL, NULL,
                         VIGIL_TYPE_ALERT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-alert-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, type_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, severity_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, model_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, subject_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, time_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, baseline_start_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, window_start_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, window_end_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, observed_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, baseline_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, n_recent_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, n_baseline_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, p_value_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, ack_by_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, ack_at_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, ack_note_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAlertDetail, hash_label);
}

static void
vigil_alert_detail_init (VigilAlertDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
