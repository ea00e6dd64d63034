/* vigil-enums.c: the string forms of the service layer's enumerations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-enums"

#include "config.h"

#include "vigil-enums.h"

static const char *purposes[] = { "production", "training" };
static const char *statuses[] = { "pending", "approved", "escalated", "overridden" };
static const char *severities[] = { "LOW", "MEDIUM", "HIGH" };

static gboolean
lookup (const char  *str,
        const char **names,
        guint        n_names,
        gboolean     ignore_case,
        guint       *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (ignore_case ? g_ascii_strcasecmp (str, names[i]) == 0 : g_str_equal (str, names[i]))
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
vigil_purpose_to_string (VigilPurpose purpose)
{
  g_return_val_if_fail (purpose < G_N_ELEMENTS (purposes), NULL);
  return purposes[purpose];
}

gboolean
vigil_purpose_from_string (const char   *str,
                           VigilPurpose *out)
{
  guint i;

  if (!lookup (str, purposes, G_N_ELEMENTS (purposes), FALSE, &i))
    return FALSE;
  *out = (VigilPurpose) i;
  return TRUE;
}

const char *
vigil_review_status_to_string (VigilReviewStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (statuses), NULL);
  return statuses[status];
}

gboolean
vigil_review_status_from_string (const char        *str,
                                 VigilReviewStatus *out)
{
  guint i;

  if (!lookup (str, statuses, G_N_ELEMENTS (statuses), FALSE, &i))
    return FALSE;
  *out = (VigilReviewStatus) i;
  return TRUE;
}

const char *
vigil_severity_to_string (VigilSeverity severity)
{
  g_return_val_if_fail (severity < G_N_ELEMENTS (severities), NULL);
  return severities[severity];
}

gboolean
vigil_severity_from_string (const char    *str,
                            VigilSeverity *out)
{
  guint i;

  if (!lookup (str, severities, G_N_ELEMENTS (severities), TRUE, &i))
    return FALSE;
  *out = (VigilSeverity) i;
  return TRUE;
}
