/* vigil-wizard-state.h: the simulation wizard's pages, what is valid on them and what they say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-period.h"
#include "vigil-scenario.h"
#include "vigil-scorecard.h"
#include "vigil-store.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_WIZARD_PAGE_SCENARIO,
  VIGIL_WIZARD_PAGE_ANOMALIES,
  VIGIL_WIZARD_PAGE_RUN,
  VIGIL_WIZARD_PAGE_RESULTS,
  VIGIL_WIZARD_N_PAGES,
} VigilWizardPage;

typedef enum
{
  VIGIL_WIZARD_TARGET_NEW,       /* a new training database file */
  VIGIL_WIZARD_TARGET_OPEN,      /* the training database open in the window */
} VigilWizardTarget;

typedef enum
{
  VIGIL_WIZARD_RUN_IDLE,
  VIGIL_WIZARD_RUN_RUNNING,
  VIGIL_WIZARD_RUN_CANCELLED,
  VIGIL_WIZARD_RUN_FAILED,
  VIGIL_WIZARD_RUN_DONE,
} VigilWizardRun;

typedef enum
{
  VIGIL_WIZARD_PHASE_GENERATE,   /* generate and log the decisions, day by day */
  VIGIL_WIZARD_PHASE_DETECT,     /* run the checks as of the end of each day */
  VIGIL_WIZARD_N_PHASES,
} VigilWizardPhase;

/* The share of a run's single progress fraction (a VigilJob's) given to generating and
 * logging; the rest is detection. */
#define VIGIL_WIZARD_GENERATE_SHARE 0.8

#define VIGIL_TYPE_WIZARD_STATE (vigil_wizard_state_get_type ())
G_DECLARE_FINAL_TYPE (VigilWizardState, vigil_wizard_state, VIGIL, WIZARD_STATE, GObject)

VigilWizardState  *vigil_wizard_state_new                 (void);
VigilScenario     *vigil_wizard_state_get_scenario        (VigilWizardState  *self);

/* Scenario page */
gboolean           vigil_wizard_state_set_start_date_text (VigilWizardState  *self,
                                                           const char        *text);
const char        *vigil_wizard_state_get_start_date_text (VigilWizardState  *self);
gboolean           vigil_wizard_state_set_seed_text       (VigilWizardState  *self,
                                                           const char        *text);
const char        *vigil_wizard_state_get_seed_text       (VigilWizardState  *self);
guint64            vigil_wizard_state_new_seed            (VigilWizardState  *self);

void               vigil_wizard_state_set_open_database   (VigilWizardState  *self,
                                                           const char        *path,
                                                           VigilPurpose       purpose,
                                                           gboolean           read_only);
gboolean           vigil_wizard_state_get_open_allowed    (VigilWizardState  *self);
char              *vigil_wizard_state_dup_open_note       (VigilWizardState  *self);
gboolean           vigil_wizard_state_set_target          (VigilWizardState  *self,
                                                           VigilWizardTarget  target);
VigilWizardTarget  vigil_wizard_state_get_target          (VigilWizardState  *self);
void               vigil_wizard_state_set_new_path        (VigilWizardState  *self,
                                                           const char        *path);
const char        *vigil_wizard_state_get_new_path        (VigilWizardState  *self);
const char        *vigil_wizard_state_get_target_path     (VigilWizardState  *self);
char              *vigil_wizard_state_suggest_path        (VigilWizardState  *self,
                                                           const char        *folder);

/* Anomalies page */
void               vigil_wizard_state_set_anomaly         (VigilWizardState  *self,
                                                           VigilAnomaly       anomaly,
                                                           gboolean           injected);
void               vigil_wizard_state_set_anomaly_intensity (VigilWizardState *self,
                                                             VigilAnomaly      anomaly,
                                                             double            intensity);
double             vigil_wizard_state_get_anomaly_intensity (VigilWizardState *self,
                                                             VigilAnomaly      anomaly);
const char        *vigil_wizard_state_anomaly_title       (VigilAnomaly       anomaly);
char              *vigil_wizard_state_dup_anomaly_explanation (VigilWizardState *self,
                                                               VigilAnomaly      anomaly);
char              *vigil_wizard_state_dup_preview         (VigilWizardState  *self);

/* Pages */
VigilWizardPage    vigil_wizard_state_get_page            (VigilWizardState  *self);
const char        *vigil_wizard_state_get_page_name       (VigilWizardPage    page);
const char        *vigil_wizard_state_get_page_title      (VigilWizardPage    page);
char              *vigil_wizard_state_dup_subtitle        (VigilWizardState  *self);
char              *vigil_wizard_state_dup_problem         (VigilWizardState  *self,
                                                           VigilWizardPage    page);
gboolean           vigil_wizard_state_can_go_next         (VigilWizardState  *self);
gboolean           vigil_wizard_state_can_go_back         (VigilWizardState  *self);
gboolean           vigil_wizard_state_next                (VigilWizardState  *self);
gboolean           vigil_wizard_state_back                (VigilWizardState  *self);
const char        *vigil_wizard_state_get_next_label      (VigilWizardState  *self);
const char        *vigil_wizard_state_get_cancel_label    (VigilWizardState  *self);

/* Run page */
VigilWizardRun     vigil_wizard_state_get_run             (VigilWizardState  *self);
VigilScenario     *vigil_wizard_state_run_started         (VigilWizardState  *self);
void               vigil_wizard_state_set_progress        (VigilWizardState  *self,
                                                           double             fraction);
double             vigil_wizard_state_get_phase_fraction  (VigilWizardState  *self,
                                                           VigilWizardPhase   phase);
const char        *vigil_wizard_state_get_phase_title     (VigilWizardPhase   phase);
void               vigil_wizard_state_run_finished        (VigilWizardState  *self,
                                                           VigilScorecard    *scorecard,
                                                           const GError      *error);
char              *vigil_wizard_state_dup_run_status      (VigilWizardState  *self);

/* Results page */
VigilScorecard    *vigil_wizard_state_get_scorecard       (VigilWizardState  *self);
char              *vigil_wizard_state_dup_result          (VigilWizardState  *self,
                                                           guint              index);
GStrv              vigil_wizard_state_dup_catches         (VigilWizardState  *self,
                                                           guint              index);
char              *vigil_wizard_state_dup_false_alarms    (VigilWizardState  *self);
gboolean           vigil_wizard_state_get_show_period     (VigilWizardState  *self,
                                                           VigilPeriod       *out);
const char        *vigil_wizard_state_get_show_model      (VigilWizardState  *self);

G_END_DECLS
