/* vigil-policy.h: thresholds, severities, windows and enabled checks, per model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-check.h"
#include "vigil-enums.h"
#include "vigil-outcome-map.h"
#include "vigil-segment.h"

G_BEGIN_DECLS

#define VIGIL_POLICY_ERROR (vigil_policy_error_quark ())

typedef enum
{
  VIGIL_POLICY_ERROR_READ,
  VIGIL_POLICY_ERROR_SYNTAX,
  VIGIL_POLICY_ERROR_INVALID,
} VigilPolicyError;

/* The ranges a policy's values must be in, as the reader and vigil_policy_validate_model()
 * check them. */
#define VIGIL_POLICY_MIN_DAYS          (1.0 / 24)
#define VIGIL_POLICY_MAX_WINDOW_DAYS   365.0
#define VIGIL_POLICY_MAX_BASELINE_DAYS 3650.0
#define VIGIL_POLICY_MAX_MIN_SAMPLES   1000000000
#define VIGIL_POLICY_MAX_HIGH_RATIO    1e6
#define VIGIL_POLICY_MAX_PSI_FLOOR     100.0
#define VIGIL_POLICY_MIN_CONFIDENCE    0.5
#define VIGIL_POLICY_MAX_CONFIDENCE    0.9999
#define VIGIL_POLICY_MIN_BINS          2
#define VIGIL_POLICY_MAX_BINS          100
#define VIGIL_POLICY_MAX_SEGMENTS      100


/* The policy for one model. */
typedef struct
{
  double           window_days;
  double           baseline_days;
  gint64           min_samples;
  const char      *segment_by;           /* a context field (vigil_segment_field()), or NULL */
  gint64           min_segment_size;     /* 0: min_samples */
  double           segment_confidence;   /* over all of a run's segments together */
  VigilCheckPolicy checks[VIGIL_MAX_CHECKS];   /* by VigilCheck, vigil_checks_get_n() of them */
  VigilOutcomeMap *outcomes;  /* (nullable): the model's own rules for judging its outcomes,
                               * held by the policy it came from; NULL for the built-in ones */
} VigilModelPolicy;

#define VIGIL_TYPE_POLICY (vigil_policy_get_type ())
G_DECLARE_FINAL_TYPE (VigilPolicy, vigil_policy, VIGIL, POLICY, GObject)

GQuark                  vigil_policy_error_quark      (void);

VigilPolicy            *vigil_policy_new              (void);
VigilPolicy            *vigil_policy_new_from_file    (const char  *path,
                                                       GError     **error);
VigilPolicy            *vigil_policy_new_from_data    (const char  *data,
                                                       const char  *source_name,
                                                       GError     **error);
const VigilModelPolicy *vigil_policy_get_defaults     (VigilPolicy *self);
const VigilModelPolicy *vigil_policy_for_model        (VigilPolicy *self,
                                                       const char  *model_name);
void                    vigil_policy_set_windows      (VigilPolicy *self,
                                                       double       window_days,
                                                       double       baseline_days);
const char             *vigil_policy_get_notify_command (VigilPolicy *self);
void                    vigil_policy_set_notify_command (VigilPolicy *self,
                                                         const char  *command);

/* Editing and saving a policy */
VigilPolicy            *vigil_policy_copy             (VigilPolicy *self);
gboolean                vigil_policy_equal            (VigilPolicy *a,
                                                       VigilPolicy *b);
char                  **vigil_policy_dup_model_names  (VigilPolicy *self);
gboolean                vigil_policy_has_model        (VigilPolicy *self,
                                                       const char  *model_name);
gboolean                vigil_policy_validate_model   (const VigilModelPolicy *policy,
                                                       GError     **error);
gboolean                vigil_policy_set_defaults     (VigilPolicy *self,
                                                       const VigilModelPolicy *policy,
                                                       GError     **error);
gboolean                vigil_policy_set_model        (VigilPolicy *self,
                                                       const char  *model_name,
                                                       const VigilModelPolicy *policy,
                                                       GError     **error);
gboolean                vigil_policy_unset_model      (VigilPolicy *self,
                                                       const char  *model_name);
char                   *vigil_policy_to_data          (VigilPolicy *self);

gint64                  vigil_model_policy_get_min_segment_size (const VigilModelPolicy *policy);

G_END_DECLS
