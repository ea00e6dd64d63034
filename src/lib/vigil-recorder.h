/* vigil-recorder.h: record a model's decisions and their outcomes for Vigil's audit log
 *
 * libvigil-recorder-1 appends each decision, and each outcome, as one line to a spool file,
 * which `vigilctl follow SPOOL` commits to Vigil's sealed ledger exactly once. It checks every
 * value as Vigil's import does, so a line it writes is never refused. Plain C, no GLib types:
 * usable from C and C++ alike. Every function is thread-safe, and threads may share one
 * recorder (vigil_recorder_free() only once the others are done with it).
 *
 * Functions return VIGIL_RECORDER_OK (0) or an error status; vigil_recorder_last_error() then
 * says what and where, for the calling thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

#include "vigil-recorder-version.h"

#if defined(VIGIL_RECORDER_COMPILATION) && defined(__GNUC__)
# define VIGIL_RECORDER_API __attribute__ ((visibility ("default"))) extern
#else
# define VIGIL_RECORDER_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _VigilRecorder VigilRecorder;

typedef enum
{
  VIGIL_RECORDER_OK = 0,
  VIGIL_RECORDER_ERROR_INVALID = 1,   /* a value was refused; nothing was written */
  VIGIL_RECORDER_ERROR_IO = 2,        /* the spool could not be written; nothing was written */
} VigilRecorderStatus;

/* Room for a decision reference ("2026-11-25T14:02:11.123456") and its NUL */
#define VIGIL_RECORDER_REFERENCE_SIZE 32

/* One decision. Zero it first (`VigilRecorderDecision d = { 0 };`, in C++ `d{}`), then set
 * what you have; a field left NULL is absent. Text is UTF-8, at most 256 bytes (prediction
 * 1,024, explanation 16 KiB). */
typedef struct
{
  const char *model_name;       /* required */
  const char *model_version;    /* required */
  const char *decision_type;    /* required: "credit_approval", "trading_signal"… */
  const char *prediction;       /* required: "APPROVE", "BUY"… */
  int         has_confidence;   /* non-zero when confidence is set */
  double      confidence;       /* in [0, 1] */
  const char *input_features;   /* a JSON object (at most 64 KiB once compact), or NULL */
  const char *explanation;
  const char *ticker;
  const char *sector;
  const char *portfolio_id;
  const char *user_id;
  const char *timestamp;        /* ISO 8601; NULL for now */
  const char *event_id;         /* since 1.1: your own key for it, unique per model, with
                                 * which your systems send its outcome later; or NULL */
  void       *reserved[7];      /* zero: room for the fields of later 1.x versions */
} VigilRecorderDecision;

/* Opens (creating it if needed) the spool file @spool_path for appending. Returns NULL when it
 * cannot be written. */
VIGIL_RECORDER_API VigilRecorder *vigil_recorder_open (const char *spool_path);

/* Closes @recorder (NULL is allowed). Every line was written when its call returned. */
VIGIL_RECORDER_API void vigil_recorder_free (VigilRecorder *recorder);

/* Checks @decision and appends it to the spool as one line, whole or not at all. When
 * @reference is not NULL, it receives the decision's reference, its timestamp: with the model
 * name it names the decision in vigil_recorder_record_outcome(). Decisions recorded without a
 * timestamp get distinct ones within a process. */
VIGIL_RECORDER_API int vigil_recorder_record (VigilRecorder               *recorder,
                                              const VigilRecorderDecision *decision,
                                              char                         reference[VIGIL_RECORDER_REFERENCE_SIZE]);

/* Records what actually happened after the decision of @model_name whose reference (its
 * timestamp) is @reference: @outcome ("DEFAULTED", "+2.4%"; at most 1,024 bytes), known at
 * @outcome_date (ISO 8601, or NULL for now), recorded by @recorded_by (NULL: the user running
 * `vigilctl follow`). `vigilctl follow` records it once the decision is committed. */
VIGIL_RECORDER_API int vigil_recorder_record_outcome (VigilRecorder *recorder,
                                                      const char    *model_name,
                                                      const char    *reference,
                                                      const char    *outcome,
                                                      const char    *outcome_date,
                                                      const char    *recorded_by);

/* As vigil_recorder_record_outcome(), for the decision with the id @decision_id in Vigil's
 * database (`vigilctl decisions` shows ids). */
VIGIL_RECORDER_API int vigil_recorder_record_outcome_for_id (VigilRecorder *recorder,
                                                             int64_t        decision_id,
                                                             const char    *outcome,
                                                             const char    *outcome_date,
                                                             const char    *recorded_by);

/* What went wrong in the calling thread's last failed call ("" when none); valid until the
 * thread's next call. */
VIGIL_RECORDER_API const char *vigil_recorder_last_error (void);

/* The library's version at run time, "1.0.0" */
VIGIL_RECORDER_API const char *vigil_recorder_get_version (void);

#ifdef __cplusplus
}
#endif
