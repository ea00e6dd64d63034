/* vigil-test-detect.h: running the detector on a test's store and finding its results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-detector.h"
#include "vigil-test-util.h"

/* The detector's results for @model as of @as_of, stored unless @dry_run */
static inline GPtrArray *
test_detect (Fixture    *f,
             const char *model,
             const char *as_of,
             gboolean    dry_run)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  vigil_detector_set_dry_run (detector, dry_run);
  results = vigil_detector_run (detector, model, as_of, NULL, &error);
  g_assert_no_error (error);
  return results;
}

/* The first result of @check (with @subject, unless NULL), or NULL */
static inline VigilCheckResult *
test_find_result (GPtrArray  *results,
                  VigilCheck  check,
                  const char *subject)
{
  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];

      if (vigil_check_result_get_check (r) == check &&
          (subject == NULL || g_strcmp0 (vigil_check_result_get_subject (r), subject) == 0))
        return r;
    }
  return NULL;
}
