/* vigil-notifier.h: a command run for each new alert, to route it to mail, chat or tickets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-alert.h"

G_BEGIN_DECLS

#define VIGIL_NOTIFIER_ERROR (vigil_notifier_error_quark ())

typedef enum
{
  VIGIL_NOTIFIER_ERROR_FAILED,
  VIGIL_NOTIFIER_ERROR_TIMED_OUT,
} VigilNotifierError;

/* How long a notify command may run before it is killed. */
#define VIGIL_NOTIFIER_TIMEOUT_SECONDS 60

GQuark   vigil_notifier_error_quark (void);
gboolean vigil_notifier_run         (const char    *command,
                                     VigilAlert    *alert,
                                     guint          timeout_seconds,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
