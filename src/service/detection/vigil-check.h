/* vigil-check.h: the anomaly checks, one descriptor each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

/* The built-in checks, in the order of the table; a check is named by its place in it. */
typedef enum
{
  VIGIL_CHECK_DISTRIBUTION_SHIFT,
  VIGIL_CHECK_CONCENTRATION_RISK,
  VIGIL_CHECK_CONFIDENCE_SHIFT,
  VIGIL_CHECK_VOLUME_ANOMALY,
  VIGIL_CHECK_FEATURE_DRIFT,
  VIGIL_CHECK_CATEGORICAL_DRIFT,
  VIGIL_CHECK_DATA_QUALITY,
  VIGIL_CHECK_PERFORMANCE_DROP,
  VIGIL_N_CHECKS
} VigilCheck;

/* Room for the built-in checks and any registered for a test. */
#define VIGIL_MAX_CHECKS 16

typedef struct
{
  gboolean      enabled;
  VigilSeverity severity;
  double        threshold;   /* share, share, mean, high ratio, PSI floor, share floor, share,
                              * accuracy fall */
  double        low_ratio;   /* volume_anomaly only */
  guint         bins;        /* feature_drift only */
  double        confidence;  /* feature_drift, categorical_drift: of their chi-square tests;
                              * data_quality: of its tests together; performance_drop */
  guint         lag_days;    /* performance_drop only: how old decisions are when judged */
} VigilCheckPolicy;

/* Where a check's policy key is kept in its VigilCheckPolicy. */
typedef enum
{
  VIGIL_CHECK_FIELD_THRESHOLD,
  VIGIL_CHECK_FIELD_LOW_RATIO,
  VIGIL_CHECK_FIELD_BINS,
  VIGIL_CHECK_FIELD_CONFIDENCE,
  VIGIL_CHECK_FIELD_LAG_DAYS,
} VigilCheckField;

/* Which decisions an alert of the check flags: those of its subject in the window, or all. */
typedef enum
{
  VIGIL_CHECK_SUBJECT_WINDOW,
  VIGIL_CHECK_SUBJECT_PREDICTION,
  VIGIL_CHECK_SUBJECT_TICKER,
} VigilCheckSubject;

/**
 * VigilCheckKey:
 * @key: its name in the policy file, in the check's group ("high_ratio")
 * @field: where its value is kept
 * @default_value: the notebook's value
 * @min: the smallest value the policy accepts
 * @max: the largest
 * @whole: whether it is a whole number
 * @what: (translatable): how an error names it ("The high volume ratio")
 * @pref_title: (translatable) (nullable): its row in Preferences, %NULL for none
 * @pref_subtitle: (translatable): the row's explanation
 *
 * One value of a check's policy besides enabled and severity, which every check has.
 */
typedef struct
{
  const char      *key;
  VigilCheckField  field;
  double           default_value;
  double           min, max;
  gboolean         whole;
  const char      *what;
  const char      *pref_title;
  const char      *pref_subtitle;
  double           pref_lower, pref_upper, pref_step;
  guint            pref_digits;
} VigilCheckKey;

#define VIGIL_CHECK_MAX_KEYS 4

/* One model's evaluation as of an instant, which the detector hands each check's function;
 * its accessors are in vigil-detector.h. */
typedef struct _VigilCheckRun VigilCheckRun;

/* Runs one check on @run, adding its results to it (vigil_check_run_add_result()). Returns
 * FALSE with @error set only when the data could not be read. */
typedef gboolean (*VigilCheckFunc) (VigilCheckRun  *run,
                                    VigilCheck      check,
                                    GCancellable   *cancellable,
                                    GError        **error);

/**
 * VigilCheckInfo:
 * @name: the check's key: its group in the policy, an alert's type, a check result's type
 * @label: (translatable): the name a person reads ("Distribution shift")
 * @title: (translatable): the same as a title, for Preferences ("Distribution Shift")
 * @summary: (translatable): one line, for Preferences and tooltips
 * @description: (translatable): what it compares, for the report's method appendix
 * @test: (translatable): the statistical test of its p-value
 * @severity: the severity of its alerts by default
 * @subject: which decisions its alerts flag
 * @keys: its policy keys, in the order they are written; ends at one without @key
 * @describe: the thresholds of a policy in words, for the report
 * @evidence: what its alerts' observed, baseline and threshold values measure
 * @run: the function that runs it
 *
 * Everything about one anomaly check. The detector, the policy, the report, the alert filter,
 * the scorecard and the app's Preferences all loop over these; adding a check is adding one.
 */
/* What an alert's observed, baseline and threshold values are, so that they are shown as
 * what they measure: shares and means of confidence as percentages, volumes as decisions a
 * day, PSI as PSI, which has no baseline value of its own (it measures against the baseline) */
typedef enum
{
  VIGIL_EVIDENCE_SHARE,
  VIGIL_EVIDENCE_RATE,
  VIGIL_EVIDENCE_PSI,
} VigilEvidenceKind;

typedef struct
{
  const char        *name;
  const char        *label;
  const char        *title;
  const char        *summary;
  const char        *description;
  const char        *test;
  VigilEvidenceKind  evidence;
  VigilSeverity      severity;
  VigilCheckSubject  subject;
  VigilCheckKey      keys[VIGIL_CHECK_MAX_KEYS];
  char            *(*describe) (const VigilCheckPolicy *policy);
  VigilCheckFunc     run;
} VigilCheckInfo;

const VigilCheckInfo * const *vigil_checks_get_all          (guint                 *n_checks);
guint                         vigil_checks_get_n            (void);
const VigilCheckInfo         *vigil_check_get_info          (VigilCheck             check);
const VigilCheckInfo         *vigil_check_lookup            (const char            *name);
const char                   *vigil_check_to_string         (VigilCheck             check);
gboolean                      vigil_check_from_string       (const char            *str,
                                                             VigilCheck            *out);
const char                   *vigil_check_get_label         (VigilCheck             check);
const char                   *vigil_check_type_to_label     (const char            *type);
const char                   *vigil_check_field_to_string   (VigilCheckField        field);
double                        vigil_check_policy_get_field  (const VigilCheckPolicy *policy,
                                                             VigilCheckField        field);
void                          vigil_check_policy_set_field  (VigilCheckPolicy      *policy,
                                                             VigilCheckField        field,
                                                             double                 value);
void                          vigil_check_policy_init       (VigilCheckPolicy      *policy,
                                                             VigilCheck             check);
VigilCheck                    vigil_checks_register_for_test (const VigilCheckInfo *info);

G_END_DECLS
