/* vigil-simulation-wizard.h: the trainer's wizard: scenario, anomalies, run and scorecard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"
#include "vigil-job.h"
#include "vigil-wizard-state.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIMULATION_WIZARD (vigil_simulation_wizard_get_type ())
G_DECLARE_FINAL_TYPE (VigilSimulationWizard, vigil_simulation_wizard, VIGIL, SIMULATION_WIZARD,
                      AdwWindow)

VigilSimulationWizard *vigil_simulation_wizard_new       (GtkWindow             *parent,
                                                          VigilDatabase         *database);
VigilWizardState      *vigil_simulation_wizard_get_state (VigilSimulationWizard *self);
VigilJob              *vigil_simulation_wizard_get_job   (VigilSimulationWizard *self);

G_END_DECLS
