/* vigil-job.c: long work in a thread of its own, with progress and a way to cancel it
 *
 * Importing, verifying the ledger, running the checks and simulating take seconds to
 * minutes. A job runs such work in a worker thread; the work reports its progress with
 * vigil_job_update() from that thread, and the job hands it to the main context at most once
 * a frame, as the `fraction` and `message` properties a progress bar binds to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-job"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-database.h"
#include "vigil-job.h"

struct _VigilJob
{
  GObject        parent_instance;

  char          *title;
  double         fraction;
  char          *message;
  gboolean       running;
  GCancellable  *cancellable;
  GMainContext  *context;

  /* Written by the worker, read by the main context */
  GMutex         lock;
  double         pending_fraction;
  char          *pending_message;
  guint          pending_source;
};

G_DEFINE_FINAL_TYPE (VigilJob, vigil_job, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_FRACTION,
  PROP_MESSAGE,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  VigilJobFunc    func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} JobData;

static void
job_data_free (JobData *job_data)
{
  if (job_data->data_free != NULL)
    g_clear_pointer (&job_data->data, job_data->data_free);
  g_free (job_data);
}

VigilJob *
vigil_job_new (const char *title)
{
  return g_object_new (VIGIL_TYPE_JOB, "title", title, NULL);
}

const char *
vigil_job_get_title (VigilJob *self)
{
  g_return_val_if_fail (VIGIL_IS_JOB (self), NULL);

  return self->title;
}

/* From 0 to 1, or -1 while the work cannot tell how far it is. */
double
vigil_job_get_fraction (VigilJob *self)
{
  g_return_val_if_fail (VIGIL_IS_JOB (self), 0);

  return self->fraction;
}

const char *
vigil_job_get_message (VigilJob *self)
{
  g_return_val_if_fail (VIGIL_IS_JOB (self), NULL);

  return self->message;
}

gboolean
vigil_job_get_running (VigilJob *self)
{
  g_return_val_if_fail (VIGIL_IS_JOB (self), FALSE);

  return self->running;
}

static void
set_progress (VigilJob   *self,
              double      fraction,
              const char *message)
{
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (message != NULL && g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
}

static gboolean
apply_pending_cb (gpointer data)
{
  VigilJob *self = data;
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&self->lock);
  fraction = self->pending_fraction;
  message = g_steal_pointer (&self->pending_message);
  self->pending_source = 0;
  g_mutex_unlock (&self->lock);

  set_progress (self, fraction, message);
  return G_SOURCE_REMOVE;
}

/**
 * vigil_job_update:
 * @fraction: how far the work is, 0 to 1, or -1 when it cannot tell
 * @message: (nullable): what it is doing, in words; %NULL keeps the last message
 *
 * Safe to call from the job's thread as often as the work likes: the main context hears of
 * it at most every 50 ms.
 */
void
vigil_job_update (VigilJob   *self,
                  double      fraction,
                  const char *message)
{
  g_return_if_fail (VIGIL_IS_JOB (self));

  g_mutex_lock (&self->lock);
  self->pending_fraction = fraction;
  if (message != NULL)
    {
      g_free (self->pending_message);
      self->pending_message = g_strdup (message);
    }
  if (self->pending_source == 0 && self->context != NULL)
    {
      GSource *source = g_timeout_source_new (50);

      g_source_set_callback (source, apply_pending_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[vigil] job progress");
      self->pending_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

void
vigil_job_cancel (VigilJob *self)
{
  g_return_if_fail (VIGIL_IS_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  VigilJob *self = source_object;
  JobData *job_data = task_data;
  GError *error = NULL;
  gpointer result;

  vigil_database_lower_thread_priority ();
  result = job_data->func (self, job_data->data, cancellable, &error);
  if (result == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The work failed."));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, job_data->result_free);
}

static void
flush_pending (VigilJob *self)
{
  g_autofree char *message = NULL;
  double fraction;
  guint source;

  g_mutex_lock (&self->lock);
  source = self->pending_source;
  self->pending_source = 0;
  fraction = self->pending_fraction;
  message = g_steal_pointer (&self->pending_message);
  g_mutex_unlock (&self->lock);

  if (source == 0)
    return;   /* nothing waiting: the last update was heard */
  g_source_destroy (g_main_context_find_source_by_id (self->context, source));
  set_progress (self, fraction, message);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VigilJob *self = VIGIL_JOB (object);
  GTask *outer = user_data;
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);

  /* The work's last update, still waiting for its frame, is heard before the result */
  flush_pending (self);
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (value == NULL)
    g_task_return_error (outer, error);
  else
    {
      JobData *job_data = g_task_get_task_data (G_TASK (result));

      g_task_return_pointer (outer, value, job_data->result_free);
    }
  g_object_unref (outer);
}

/**
 * vigil_job_run_async:
 * @func: the work, run in a thread of its own
 * @data: (nullable): for @func
 * @data_free: (nullable): frees @data
 * @result_free: (nullable): frees a result nobody took
 * @callback: called on the main context when the work is done, failed or was cancelled
 *
 * Runs the work once; a job is not run twice.
 */
void
vigil_job_run_async (VigilJob            *self,
                     VigilJobFunc         func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  JobData *job_data;

  g_return_if_fail (VIGIL_IS_JOB (self));
  g_return_if_fail (!self->running && self->context == NULL);

  self->context = g_main_context_ref_thread_default ();
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  set_progress (self, -1, NULL);

  job_data = g_new0 (JobData, 1);
  job_data->func = func;
  job_data->data = data;
  job_data->data_free = data_free;
  job_data->result_free = result_free;

  outer = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (outer, vigil_job_run_async);

  inner = g_task_new (self, self->cancellable, job_done_cb, outer);
  g_task_set_task_data (inner, job_data, (GDestroyNotify) job_data_free);
  g_task_set_return_on_cancel (inner, FALSE);
  g_task_run_in_thread (inner, job_thread);
}

gpointer
vigil_job_run_finish (VigilJob      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vigil_job_finalize (GObject *object)
{
  VigilJob *self = VIGIL_JOB (object);

  g_free (self->title);
  g_free (self->message);
  g_free (self->pending_message);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_job_parent_class)->finalize (object);
}

static void
vigil_job_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VigilJob *self = VIGIL_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_job_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VigilJob *self = VIGIL_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_job_class_init (VigilJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_job_finalize;
  object_class->get_property = vigil_job_get_property;
  object_class->set_property = vigil_job_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_job_init (VigilJob *self)
{
  g_mutex_init (&self->lock);
  self->cancellable = g_cancellable_new ();
  self->fraction = -1;
}
