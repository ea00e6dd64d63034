/* vigilctl-private.h: what vigilctl's command files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-detector.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The exit statuses, as vigilctl(1) documents them */
#define EXIT_OK       0
#define EXIT_FAILED   1   /* the database, a file, the data */
#define EXIT_USAGE    2   /* the command line: unknown command or option, missing argument */
#define EXIT_REJECTED 3   /* import, follow: some lines were rejected */
#define EXIT_FAIL_ON  4   /* detect --fail-on: a new alert at or above that severity */

/* --db (before the command or among its options) and --json */
extern char     *opt_db;
extern gboolean  opt_json;

/* vigilctl-output.c */
void        fail              (const char    *format,
                               ...) G_GNUC_PRINTF (1, 2);
int         usage_error       (const char    *format,
                               ...) G_GNUC_PRINTF (1, 2);
int         usage_unexpected  (const char    *command,
                               const char    *argument);
int         usage_either      (const char    *command,
                               gboolean       one_given,
                               const char    *one,
                               gboolean       other_given,
                               const char    *other);
int         usage_missing_after (const char  *command,
                                 const char  *option,
                                 const char  *value_metavar,
                                 const char  *value,
                                 const char  *what,
                                 const char  *metavar,
                                 const char  *hint);
gboolean    parse_options     (const char    *command,
                               const char    *parameters,
                               const char    *summary,
                               GOptionEntry  *entries,
                               gboolean       with_json,
                               int           *argc,
                               char        ***argv);
gboolean    parse_id          (const char    *command,
                               const char    *text,
                               gint64        *out);
VigilStore *open_store        (VigilStoreOpenFlags flags);
gboolean    use_witness       (VigilStore    *store,
                               const char    *command,
                               const char    *path);
gboolean    want_progress     (void);
gboolean    run_interruptible (const char    *name,
                               GThreadFunc    func,
                               gpointer       data,
                               GCancellable  *cancellable);
void        fail_interrupted  (const char    *command);
void        json_kind         (GString       *out,
                               const char    *kind);
void        json_print        (GString       *out);

/* vigilctl-alerts.c: detect's backtest, which simulate runs too */
GPtrArray  *run_backtest      (VigilDetector  *detector,
                               const char     *model,
                               const char     *from,
                               const char     *to,
                               gboolean        progress,
                               gboolean       *out_interrupted,
                               GError        **error);

/* The commands: argc and argv from the command's name on; return an exit status */
int cmd_init      (int argc, char **argv);
int cmd_import    (int argc, char **argv);
int cmd_follow    (int argc, char **argv);
int cmd_export    (int argc, char **argv);
int cmd_copy      (int argc, char **argv);
int cmd_decisions (int argc, char **argv);
int cmd_alerts    (int argc, char **argv);
int cmd_ack       (int argc, char **argv);
int cmd_review    (int argc, char **argv);
int cmd_outcome   (int argc, char **argv);
int cmd_outcomes  (int argc, char **argv);
int cmd_models    (int argc, char **argv);
int cmd_access    (int argc, char **argv);
int cmd_stats     (int argc, char **argv);
int cmd_verify    (int argc, char **argv);
int cmd_seal      (int argc, char **argv);
int cmd_report    (int argc, char **argv);
int cmd_detect    (int argc, char **argv);
int cmd_simulate  (int argc, char **argv);
int cmd_policy    (int argc, char **argv);

G_END_DECLS
