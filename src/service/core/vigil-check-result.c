/* vigil-check-result.c: what one check found for one model as of one instant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-check-result"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-check-result.h"
#include "vigil-segment.h"

struct _VigilCheckResult
{
  GObject           parent_instance;
  char             *model_name;
  VigilCheck        check;
  VigilCheckOutcome outcome;
  VigilSeverity     severity;
  char             *subject;
  char             *segment_by;
  char             *segment;
  char             *message;
  char             *as_of;
  char             *baseline_start;
  char             *window_start;
  char             *window_end;
  double            observed;
  double            baseline;
  double            threshold;
  gint64            n_recent;
  gint64            n_baseline;
  double            p_value;
  VigilAlert       *alert;
  gboolean          alert_is_new;
};

G_DEFINE_FINAL_TYPE (VigilCheckResult, vigil_check_result, G_TYPE_OBJECT)

static const char *outcomes[] = { "alerted", "clear", "insufficient_data", "not_applicable" };

const char *
vigil_check_outcome_to_string (VigilCheckOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcomes), NULL);
  return outcomes[outcome];
}

static void
vigil_check_result_finalize (GObject *object)
{
  VigilCheckResult *self = (VigilCheckResult *) object;

  g_free (self->model_name);
  g_free (self->subject);
  g_free (self->segment_by);
  g_free (self->segment);
  g_free (self->message);
  g_free (self->as_of);
  g_free (self->baseline_start);
  g_free (self->window_start);
  g_free (self->window_end);
  g_clear_object (&self->alert);

  G_OBJECT_CLASS (vigil_check_result_parent_class)->finalize (object);
}

static void
vigil_check_result_class_init (VigilCheckResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_check_result_finalize;
}

static void
vigil_check_result_init (VigilCheckResult *self)
{
  self->observed = self->baseline = self->threshold = self->p_value = NAN;
  self->n_recent = self->n_baseline = -1;
}

VigilCheckResult *
vigil_check_result_new (const char *model_name,
                        VigilCheck  check,
                        const char *as_of,
                        const char *baseline_start,
                        const char *window_start,
                        const char *window_end)
{
  VigilCheckResult *self = g_object_new (VIGIL_TYPE_CHECK_RESULT, NULL);

  self->model_name = g_strdup (model_name);
  self->check = check;
  self->as_of = g_strdup (as_of);
  self->baseline_start = g_strdup (baseline_start);
  self->window_start = g_strdup (window_start);
  self->window_end = g_strdup (window_end);
  self->outcome = VIGIL_OUTCOME_CLEAR;
  return self;
}

void
vigil_check_result_set_outcome (VigilCheckResult  *self,
                                VigilCheckOutcome  outcome,
                                const char        *subject,
                                const char        *message)
{
  char *old_subject = self->subject, *old_message = self->message;

  /* @subject or @message may be the result's own */
  self->outcome = outcome;
  self->subject = g_strdup (subject);
  self->message = g_strdup (message);
  g_free (old_subject);
  g_free (old_message);
}

/**
 * vigil_check_result_set_segment:
 * @segment_by: the context field whose value @segment the result's decisions share ("sector")
 *
 * Marks the result as found on one segment of the model's decisions.
 */
void
vigil_check_result_set_segment (VigilCheckResult *self,
                                const char       *segment_by,
                                const char       *segment)
{
  g_free (self->segment_by);
  self->segment_by = g_strdup (segment_by);
  g_free (self->segment);
  self->segment = g_strdup (segment);
}

/**
 * vigil_check_result_dup_full_subject:
 *
 * What an alert of the result is about, as alerts store it: the check's subject, after the
 * segment ("sector=Energy / APPROVE") when the result is one segment's, so that alerts of two
 * segments are two alerts and the same segment's is found again.
 *
 * Returns: (transfer full) (nullable): the subject, %NULL when the result has none
 */
char *
vigil_check_result_dup_full_subject (VigilCheckResult *self)
{
  if (self->segment_by == NULL)
    return g_strdup (self->subject);
  if (self->subject == NULL)
    return g_strdup_printf ("%s=%s", self->segment_by, self->segment);
  return g_strdup_printf ("%s=%s / %s", self->segment_by, self->segment, self->subject);
}

/**
 * vigil_subject_split_segment:
 * @subject: (nullable): an alert's subject
 * @segment_by: (out) (optional) (transfer full): the segment's field
 * @segment: (out) (optional) (transfer full): its value
 * @rest: (out) (optional) (transfer full) (nullable): the check's own subject, %NULL for none
 *
 * Reads back what vigil_check_result_dup_full_subject() wrote for a segment's alert.
 *
 * Returns: whether @subject is a segment's
 */
gboolean
vigil_subject_split_segment (const char  *subject,
                             char       **segment_by,
                             char       **segment,
                             char       **rest)
{
  const char *eq = subject ? strchr (subject, '=') : NULL;
  const char *slash;
  g_autofree char *field = NULL;

  if (eq == NULL)
    return FALSE;
  field = g_strndup (subject, (gsize) (eq - subject));
  if (vigil_segment_field (field) == NULL)
    return FALSE;
  slash = strstr (eq + 1, " / ");
  if (segment_by)
    *segment_by = g_steal_pointer (&field);
  if (segment)
    *segment = slash ? g_strndup (eq + 1, (gsize) (slash - eq - 1)) : g_strdup (eq + 1);
  if (rest)
    *rest = slash ? g_strdup (slash + 3) : NULL;
  return TRUE;
}

void
vigil_check_result_set_evidence (VigilCheckResult *self,
                                 double            observed,
                                 double            baseline,
                                 double            threshold,
                                 gint64            n_recent,
                                 gint64            n_baseline,
                                 double            p_value)
{
  self->observed = observed;
  self->baseline = baseline;
  self->threshold = threshold;
  self->n_recent = n_recent;
  self->n_baseline = n_baseline;
  self->p_value = p_value;
}

void
vigil_check_result_set_alert (VigilCheckResult *self,
                              VigilAlert       *alert,
                              gboolean          is_new)
{
  g_set_object (&self->alert, alert);
  self->alert_is_new = is_new;
}

void
vigil_check_result_set_severity (VigilCheckResult *self,
                                 VigilSeverity     severity)
{
  self->severity = severity;
}

#define GETTER(type, field)                                              \
  type                                                                   \
  vigil_check_result_get_##field (VigilCheckResult *self)                \
  {                                                                      \
    return self->field;                                                  \
  }

GETTER (const char *, model_name)
GETTER (VigilCheck, check)
GETTER (VigilCheckOutcome, outcome)
GETTER (const char *, subject)
GETTER (const char *, segment_by)
GETTER (const char *, segment)
GETTER (const char *, message)
GETTER (const char *, as_of)
GETTER (const char *, baseline_start)
GETTER (const char *, window_start)
GETTER (const char *, window_end)
GETTER (double, observed)
GETTER (double, baseline)
GETTER (double, threshold)
GETTER (gint64, n_recent)
GETTER (gint64, n_baseline)
GETTER (double, p_value)
GETTER (VigilSeverity, severity)
GETTER (VigilAlert *, alert)
GETTER (gboolean, alert_is_new)
#undef GETTER
