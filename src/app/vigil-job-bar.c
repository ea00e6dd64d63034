/* vigil-job-bar.c: the bar that shows a long job's progress, with a Cancel button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-job-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-job-bar.h"

struct _VigilJobBar
{
  AdwBin          parent_instance;

  VigilJob       *job;
  GSignalGroup   *job_signals;
  guint           pulse_id;

  GtkRevealer    *revealer;
  GtkLabel       *title_label;
  GtkLabel       *message_label;
  GtkProgressBar *progress_bar;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (VigilJobBar, vigil_job_bar, ADW_TYPE_BIN)

static gboolean
pulse_cb (gpointer data)
{
  VigilJobBar *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
update (VigilJobBar *self)
{
  gboolean running = self->job != NULL && vigil_job_get_running (self->job);
  double fraction = self->job != NULL ? vigil_job_get_fraction (self->job) : 0;

  gtk_revealer_set_reveal_child (self->revealer, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), running);
  if (self->job == NULL)
    return;

  gtk_label_set_label (self->title_label, vigil_job_get_title (self->job));
  gtk_label_set_label (self->message_label, vigil_job_get_message (self->job));

  if (running && fraction < 0)
    {
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (100, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
    }
}

void
vigil_job_bar_set_job (VigilJobBar *self,
                       VigilJob    *job)
{
  g_return_if_fail (VIGIL_IS_JOB_BAR (self));
  g_return_if_fail (job == NULL || VIGIL_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  update (self);
}

/**
 * vigil_job_bar_get_job:
 *
 * Returns: (transfer none) (nullable): the job shown
 */
VigilJob *
vigil_job_bar_get_job (VigilJobBar *self)
{
  g_return_val_if_fail (VIGIL_IS_JOB_BAR (self), NULL);

  return self->job;
}

static void
cancel_clicked_cb (VigilJobBar *self)
{
  if (self->job != NULL)
    {
      vigil_job_cancel (self->job);
      gtk_label_set_label (self->message_label, _("Cancelling…"));
    }
}

static void
vigil_job_bar_dispose (GObject *object)
{
  VigilJobBar *self = VIGIL_JOB_BAR (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (vigil_job_bar_parent_class)->dispose (object);
}

static void
vigil_job_bar_class_init (VigilJobBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_job_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-job-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilJobBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilJobBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilJobBar, message_label);
  gtk_widget_class_bind_template_child (widget_class, VigilJobBar, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilJobBar, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
vigil_job_bar_init (VigilJobBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->job_signals = g_signal_group_new (VIGIL_TYPE_JOB);
  g_signal_group_connect_swapped (self->job_signals, "notify", G_CALLBACK (update), self);
}
