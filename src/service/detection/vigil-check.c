/* vigil-check.c: the anomaly checks, one descriptor each
 *
 * The one place that names the checks. Each descriptor holds a check's name (its group in the
 * policy, the type of its alerts), the words people read, its policy keys with their defaults
 * and ranges, and the detector's function that runs it. Adding a check is adding a descriptor
 * here and its function to the detector; tests/test-check-registry.c shows that nothing else
 * needs to change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-check"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-check.h"
#include "vigil-detector-checks.h"
#include "vigil-policy.h"

static char *
describe_distribution (const VigilCheckPolicy *cp)
{
  /* TRANSLATORS: the thresholds of a check; %s at the end is a severity (HIGH) */
  return g_strdup_printf (_("alerts when a category’s share moves by more than %.4g; "
                            "severity %s"), cp->threshold, vigil_severity_to_string (cp->severity));
}

static char *
describe_concentration (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when one entity has more than %.4g of the window’s "
                            "decisions; severity %s"), cp->threshold,
                          vigil_severity_to_string (cp->severity));
}

static char *
describe_confidence (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when the mean confidence moves by more than %.4g; "
                            "severity %s"), cp->threshold, vigil_severity_to_string (cp->severity));
}

static char *
describe_volume (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when the daily volume is above %.4g× or below %.4g× "
                            "the baseline’s; severity %s"), cp->threshold, cp->low_ratio,
                          vigil_severity_to_string (cp->severity));
}

static char *
describe_feature_drift (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when a numeric input’s PSI over %u bins exceeds both "
                            "%.4g and the %.4g quantile of its chi-square approximation; "
                            "severity %s"), cp->bins, cp->threshold, cp->confidence,
                          vigil_severity_to_string (cp->severity));
}

static char *
describe_categorical_drift (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when a text input’s mix of categories differs at the "
                            "%.4g confidence level (chi-square, over all such inputs) and a "
                            "category’s share moved by more than %.4g; severity %s"),
                          cp->confidence, cp->threshold, vigil_severity_to_string (cp->severity));
}

static char *
describe_data_quality (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when the share of decisions without inputs, confidence or "
                            "explanation, missing an input or with an input outside the "
                            "baseline’s range rises by more than %.4g, at %.4g confidence "
                            "over all of them; severity %s"), cp->threshold, cp->confidence,
                          vigil_severity_to_string (cp->severity));
}

static char *
describe_performance_drop (const VigilCheckPolicy *cp)
{
  return g_strdup_printf (_("alerts when the accuracy judged by outcomes, in windows ending %u "
                            "days before the check’s day, falls by more than %.4g at %.4g "
                            "confidence; severity %s"), cp->lag_days, cp->threshold,
                          cp->confidence,
                          vigil_severity_to_string (cp->severity));
}

/* A share between 0 and 1, as Preferences shows it */
#define SHARE_PREF 0, 1, 0.01, 2

static const VigilCheckInfo builtin_checks[VIGIL_N_CHECKS] = {
  [VIGIL_CHECK_DISTRIBUTION_SHIFT] = {
    .name = "distribution_shift",
    .label = N_("Distribution shift"),
    .title = N_("Distribution Shift"),
    .summary = N_("A change in the share of a decision category"),
    .description = N_("Compares the share of each prediction category in the recent window "
                      "with its share in the baseline."),
    .test = N_("Two-proportion z-test of the recent share against the baseline share."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_HIGH,
    .subject = VIGIL_CHECK_SUBJECT_PREDICTION,
    .keys = {
      { "threshold", VIGIL_CHECK_FIELD_THRESHOLD, 0.20, 0, 1, FALSE,
        N_("The distribution shift threshold"),
        N_("Threshold"), N_("Change of share that raises an alert"), SHARE_PREF },
    },
    .describe = describe_distribution,
    .run = vigil_detector_check_distribution,
  },
  [VIGIL_CHECK_CONCENTRATION_RISK] = {
    .name = "concentration_risk",
    .label = N_("Concentration risk"),
    .title = N_("Concentration Risk"),
    .summary = N_("Too many decisions on one entity"),
    .description = N_("Finds the entity (ticker) with the most decisions in the recent window "
                      "and its share of them."),
    .test = N_("Two-proportion z-test of the recent share against the baseline share."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_MEDIUM,
    .subject = VIGIL_CHECK_SUBJECT_TICKER,
    .keys = {
      { "threshold", VIGIL_CHECK_FIELD_THRESHOLD, 0.30, 0, 1, FALSE,
        N_("The concentration threshold"),
        N_("Threshold"), N_("Largest share of one entity"), SHARE_PREF },
    },
    .describe = describe_concentration,
    .run = vigil_detector_check_concentration,
  },
  [VIGIL_CHECK_CONFIDENCE_SHIFT] = {
    .name = "confidence_shift",
    .label = N_("Confidence shift"),
    .title = N_("Confidence Shift"),
    .summary = N_("A change in the models’ mean confidence"),
    .description = N_("Compares the mean confidence of the recent window with the baseline’s."),
    .test = N_("Welch’s t-test of the two means."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_MEDIUM,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "threshold", VIGIL_CHECK_FIELD_THRESHOLD, 0.10, 0, 1, FALSE,
        N_("The confidence shift threshold"),
        N_("Threshold"), N_("Change of mean confidence that raises an alert"), SHARE_PREF },
    },
    .describe = describe_confidence,
    .run = vigil_detector_check_confidence,
  },
  [VIGIL_CHECK_VOLUME_ANOMALY] = {
    .name = "volume_anomaly",
    .label = N_("Volume anomaly"),
    .title = N_("Volume Anomaly"),
    .summary = N_("Unusually many or few decisions"),
    .description = N_("Compares the recent window’s decisions a day with the baseline’s."),
    .test = N_("Test of two Poisson rates (decisions a day)."),
    .evidence = VIGIL_EVIDENCE_RATE,
    .severity = VIGIL_SEVERITY_LOW,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "high_ratio", VIGIL_CHECK_FIELD_THRESHOLD, 2.0, 1, VIGIL_POLICY_MAX_HIGH_RATIO, FALSE,
        N_("The high volume ratio"),
        N_("High Ratio"), N_("Times the baseline’s daily volume that is too many"),
        1, 1000, 0.1, 1 },
      { "low_ratio", VIGIL_CHECK_FIELD_LOW_RATIO, 0.3, 0, 1, FALSE,
        N_("The low volume ratio"),
        N_("Low Ratio"), N_("Share of the baseline’s daily volume that is too few"),
        SHARE_PREF },
    },
    .describe = describe_volume,
    .run = vigil_detector_check_volume,
  },
  [VIGIL_CHECK_FEATURE_DRIFT] = {
    .name = "feature_drift",
    .label = N_("Feature drift"),
    .title = N_("Feature Drift"),
    .summary = N_("A change in the distribution of an input"),
    .description = N_("Compares the distribution of each numeric input feature in the recent "
                      "window with the baseline’s, by the population stability index (PSI)."),
    .test = N_("Chi-square approximation of the PSI’s sampling distribution."),
    .evidence = VIGIL_EVIDENCE_PSI,
    .severity = VIGIL_SEVERITY_MEDIUM,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "psi_floor", VIGIL_CHECK_FIELD_THRESHOLD, 0.25, 0, VIGIL_POLICY_MAX_PSI_FLOOR, FALSE,
        N_("The feature drift PSI floor"),
        N_("PSI Floor"), N_("Smallest population stability index that raises an alert"),
        0, 100, 0.01, 2 },
      { "bins", VIGIL_CHECK_FIELD_BINS, 10, VIGIL_POLICY_MIN_BINS, VIGIL_POLICY_MAX_BINS, TRUE,
        N_("The number of feature drift bins"), NULL, NULL, 0, 0, 0, 0 },
      { "confidence", VIGIL_CHECK_FIELD_CONFIDENCE, 0.95, VIGIL_POLICY_MIN_CONFIDENCE,
        VIGIL_POLICY_MAX_CONFIDENCE, FALSE,
        N_("The feature drift confidence"), NULL, NULL, 0, 0, 0, 0 },
    },
    .describe = describe_feature_drift,
    .run = vigil_detector_check_feature_drift,
  },
  [VIGIL_CHECK_CATEGORICAL_DRIFT] = {
    .name = "categorical_drift",
    .label = N_("Categorical drift"),
    .title = N_("Categorical Drift"),
    .summary = N_("A change in the mix of a text input"),
    .description = N_("Compares the share of each category of each text input feature in the "
                      "recent window with the baseline’s; rare categories are pooled for the "
                      "test, and categories the baseline never had are named."),
    .test = N_("Pearson’s chi-square test of homogeneity, Bonferroni-corrected over the "
               "model’s text inputs."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_MEDIUM,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "share_floor", VIGIL_CHECK_FIELD_THRESHOLD, 0.10, 0, 1, FALSE,
        N_("The categorical drift share floor"),
        N_("Share Floor"), N_("Smallest change of a category’s share that raises an alert"),
        SHARE_PREF },
      /* Days of a hundred decisions leave some categories with expected counts near five,
       * where the chi-square approximation errs towards alarms: 99%, not feature drift's 95% */
      { "confidence", VIGIL_CHECK_FIELD_CONFIDENCE, 0.99, VIGIL_POLICY_MIN_CONFIDENCE,
        VIGIL_POLICY_MAX_CONFIDENCE, FALSE,
        N_("The categorical drift confidence"), NULL, NULL, 0, 0, 0, 0 },
    },
    .describe = describe_categorical_drift,
    .run = vigil_detector_check_categorical_drift,
  },
  [VIGIL_CHECK_DATA_QUALITY] = {
    .name = "data_quality",
    .label = N_("Data quality"),
    .title = N_("Data Quality"),
    .summary = N_("Decisions logged without their inputs, confidence or explanation"),
    .description = N_("Compares, with the baseline’s, the shares of decisions with no input "
                      "features, no confidence or no explanation, of decisions missing an input "
                      "feature every baseline decision had, and of numeric inputs outside the "
                      "range of the baseline’s values."),
    .test = N_("Two-proportion z-test of each recent share against the baseline share, at "
               "the confidence level for all of a model’s shares together (Bonferroni)."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_MEDIUM,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "threshold", VIGIL_CHECK_FIELD_THRESHOLD, 0.05, 0, 1, FALSE,
        N_("The data quality threshold"),
        N_("Threshold"), N_("Rise of a share of incomplete decisions that raises an alert"),
        SHARE_PREF },
      { "confidence", VIGIL_CHECK_FIELD_CONFIDENCE, 0.999, VIGIL_POLICY_MIN_CONFIDENCE,
        VIGIL_POLICY_MAX_CONFIDENCE, FALSE,
        N_("The data quality confidence"), NULL, NULL, 0, 0, 0, 0 },
    },
    .describe = describe_data_quality,
    .run = vigil_detector_check_data_quality,
  },
  [VIGIL_CHECK_PERFORMANCE_DROP] = {
    .name = "performance_drop",
    .label = N_("Performance drop"),
    .title = N_("Performance Drop"),
    .summary = N_("Decisions that their outcomes show wrong more often than before"),
    .description = N_("Compares the accuracy of the decisions whose outcome has arrived, judged "
                      "by it (a loan approved then defaulted was wrong), with the baseline’s. "
                      "Outcomes arrive late: the windows can end a lag before the check’s day, "
                      "and every outcome recorded so far counts."),
    .test = N_("Two-proportion z-test of the recent accuracy against the baseline’s, on the "
               "decisions an outcome judges, at the confidence level."),
    .evidence = VIGIL_EVIDENCE_SHARE,
    .severity = VIGIL_SEVERITY_HIGH,
    .subject = VIGIL_CHECK_SUBJECT_WINDOW,
    .keys = {
      { "threshold", VIGIL_CHECK_FIELD_THRESHOLD, 0.10, 0, 1, FALSE,
        N_("The performance drop threshold"),
        N_("Threshold"), N_("Fall in accuracy that raises an alert"), SHARE_PREF },
      { "confidence", VIGIL_CHECK_FIELD_CONFIDENCE, 0.99, VIGIL_POLICY_MIN_CONFIDENCE,
        VIGIL_POLICY_MAX_CONFIDENCE, FALSE,
        N_("The performance drop confidence"), NULL, NULL, 0, 0, 0, 0 },
      { "lag_days", VIGIL_CHECK_FIELD_LAG_DAYS, 0, 0, 365, TRUE,
        N_("The outcome lag in days"),
        N_("Outcome Lag"), N_("Days a decision’s outcome takes to arrive"), 0, 365, 1, 0 },
    },
    .describe = describe_performance_drop,
    .run = vigil_detector_check_performance_drop,
  },
};

static const VigilCheckInfo *checks[VIGIL_MAX_CHECKS] = {
  &builtin_checks[0], &builtin_checks[1], &builtin_checks[2], &builtin_checks[3],
  &builtin_checks[4], &builtin_checks[5], &builtin_checks[6], &builtin_checks[7],
};
static guint n_checks = VIGIL_N_CHECKS;

/**
 * vigil_checks_get_all:
 * @n_checks: (out): how many there are
 *
 * Returns: (transfer none): every check, in the order of their #VigilCheck numbers
 */
const VigilCheckInfo * const *
vigil_checks_get_all (guint *n_out)
{
  g_return_val_if_fail (n_out != NULL, NULL);

  *n_out = n_checks;
  return checks;
}

guint
vigil_checks_get_n (void)
{
  return n_checks;
}

const VigilCheckInfo *
vigil_check_get_info (VigilCheck check)
{
  g_return_val_if_fail ((guint) check < n_checks, NULL);
  return checks[check];
}

/**
 * vigil_check_lookup:
 * @name: (nullable): a check's name, as a policy or an alert stores it
 *
 * Returns: (transfer none) (nullable): the check, or %NULL when none has that name
 */
const VigilCheckInfo *
vigil_check_lookup (const char *name)
{
  VigilCheck check;

  return vigil_check_from_string (name, &check) ? checks[check] : NULL;
}

const char *
vigil_check_to_string (VigilCheck check)
{
  g_return_val_if_fail ((guint) check < n_checks, NULL);
  return checks[check]->name;
}

gboolean
vigil_check_from_string (const char *str,
                         VigilCheck *out)
{
  for (guint i = 0; i < n_checks; i++)
    if (g_strcmp0 (str, checks[i]->name) == 0)
      {
        *out = (VigilCheck) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigil_check_get_label:
 *
 * Returns: (transfer none): the check's name as a person reads it, translated
 */
const char *
vigil_check_get_label (VigilCheck check)
{
  g_return_val_if_fail ((guint) check < n_checks, NULL);
  return _(checks[check]->label);
}

/**
 * vigil_check_type_to_label:
 * @type: (nullable): a check's name, as an alert's type stores it
 *
 * Returns: (transfer none) (nullable): the check's label, translated; @type itself when no
 *   check has that name
 */
const char *
vigil_check_type_to_label (const char *type)
{
  const VigilCheckInfo *info = vigil_check_lookup (type);

  return info != NULL ? _(info->label) : type;
}

/* The field's name, as the app names its controls */
const char *
vigil_check_field_to_string (VigilCheckField field)
{
  static const char *names[] = { "threshold", "low_ratio", "bins", "confidence", "lag_days" };

  g_return_val_if_fail ((guint) field < G_N_ELEMENTS (names), NULL);
  return names[field];
}

double
vigil_check_policy_get_field (const VigilCheckPolicy *policy,
                              VigilCheckField         field)
{
  switch (field)
    {
    case VIGIL_CHECK_FIELD_THRESHOLD:
      return policy->threshold;
    case VIGIL_CHECK_FIELD_LOW_RATIO:
      return policy->low_ratio;
    case VIGIL_CHECK_FIELD_BINS:
      return policy->bins;
    case VIGIL_CHECK_FIELD_CONFIDENCE:
      return policy->confidence;
    case VIGIL_CHECK_FIELD_LAG_DAYS:
      return policy->lag_days;
    default:
      g_return_val_if_reached (0);
    }
}

void
vigil_check_policy_set_field (VigilCheckPolicy *policy,
                              VigilCheckField   field,
                              double            value)
{
  switch (field)
    {
    case VIGIL_CHECK_FIELD_THRESHOLD:
      policy->threshold = value;
      break;
    case VIGIL_CHECK_FIELD_LOW_RATIO:
      policy->low_ratio = value;
      break;
    case VIGIL_CHECK_FIELD_BINS:
      policy->bins = (guint) value;
      break;
    case VIGIL_CHECK_FIELD_CONFIDENCE:
      policy->confidence = value;
      break;
    case VIGIL_CHECK_FIELD_LAG_DAYS:
      policy->lag_days = (guint) value;
      break;
    default:
      g_return_if_reached ();
    }
}

/* The notebook's policy for @check: enabled, its severity and its keys' defaults. */
void
vigil_check_policy_init (VigilCheckPolicy *policy,
                         VigilCheck        check)
{
  const VigilCheckInfo *info = vigil_check_get_info (check);

  memset (policy, 0, sizeof *policy);
  policy->enabled = TRUE;
  policy->severity = info->severity;
  for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
    vigil_check_policy_set_field (policy, info->keys[k].field, info->keys[k].default_value);
}

/**
 * vigil_checks_register_for_test:
 * @info: (transfer none): a check that lives as long as the program
 *
 * Adds a check after the built-in ones, for a test that shows what a new check gets without
 * changing anything but its descriptor and function. Call it before anything else, in the main
 * thread: policies made earlier do not know the check.
 *
 * Returns: the new check's number
 */
VigilCheck
vigil_checks_register_for_test (const VigilCheckInfo *info)
{
  g_return_val_if_fail (info != NULL && info->name != NULL && info->label != NULL &&
                        info->describe != NULL && info->run != NULL, VIGIL_N_CHECKS);
  g_return_val_if_fail (vigil_check_lookup (info->name) == NULL, VIGIL_N_CHECKS);
  g_return_val_if_fail (n_checks < VIGIL_MAX_CHECKS, VIGIL_N_CHECKS);

  checks[n_checks] = info;
  return (VigilCheck) n_checks++;
}
