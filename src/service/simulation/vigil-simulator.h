/* vigil-simulator.h: the notebook's two models and day generator, seeded, into a training store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-scenario.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIMULATOR (vigil_simulator_get_type ())
G_DECLARE_FINAL_TYPE (VigilSimulator, vigil_simulator, VIGIL, SIMULATOR, GObject)

/**
 * VigilSimulatorProgress:
 * @fraction: the share of the scenario's decisions written so far, from 0 to 1
 * @day: the simulated day being written (from 1), or just committed
 * @user_data: the data given with the callback
 *
 * Called in the simulating thread now and then during a day, and once after each day is
 * committed.
 */
typedef void (*VigilSimulatorProgress) (double   fraction,
                                        guint    day,
                                        gpointer user_data);

VigilSimulator *vigil_simulator_new                   (void);
void            vigil_simulator_set_actor             (VigilSimulator          *self,
                                                       const char              *actor);

gboolean        vigil_simulator_run                   (VigilSimulator          *self,
                                                       VigilStore              *store,
                                                       VigilScenario           *scenario,
                                                       GCancellable            *cancellable,
                                                       VigilSimulatorProgress   progress,
                                                       gpointer                 progress_data,
                                                       GError                 **error);

guint           vigil_simulator_get_days_written      (VigilSimulator          *self);
gint64          vigil_simulator_get_decisions         (VigilSimulator          *self);
gint64          vigil_simulator_get_first_id          (VigilSimulator          *self);
gint64          vigil_simulator_get_last_id           (VigilSimulator          *self);
const char     *vigil_simulator_get_concentrated_ticker (VigilSimulator        *self);
VigilScenario  *vigil_simulator_get_scenario          (VigilSimulator          *self);

G_END_DECLS
