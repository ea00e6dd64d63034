/* vigil-report.h: the periodic audit report: its model, its pages, its PDF and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "vigil-period.h"
#include "vigil-report-info.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_REPORT_ERROR (vigil_report_error_quark ())

typedef enum
{
  VIGIL_REPORT_ERROR_FAILED,
  VIGIL_REPORT_ERROR_INVALID,   /* a bad period, model, role or paper */
} VigilReportError;

typedef enum
{
  VIGIL_PAPER_A4,               /* 595 x 842 pt */
  VIGIL_PAPER_LETTER,           /* 612 x 792 pt */
} VigilPaper;

/* What a statement finds: what is required holds, does not hold, or the log holds nothing
 * to judge it by (no decision in the period, no model active). */
typedef enum
{
  VIGIL_REPORT_VERDICT_MET,
  VIGIL_REPORT_VERDICT_NOT_MET,
  VIGIL_REPORT_VERDICT_NO_DATA,
} VigilReportVerdict;

/* Called from the thread that builds or writes the report: @fraction 0..1 and a translated
 * sentence saying what is being done. */
typedef void (*VigilReportProgress) (double      fraction,
                                     const char *phase,
                                     gpointer    user_data);

/* The organisation named on the title page when neither the request nor the database's
 * meta key "organisation" names one. */
#define VIGIL_REPORT_DEFAULT_ORGANISATION "FinSecure"

/* A compliance statement, computed from the database: @verdict says whether what the
 * regulation asks for is true of the period, and @text says why plainly; @holds is
 * @verdict == MET. @provisions names the rules it serves ("SR 11-7 ongoing monitoring; EU AI
 * Act Art. 72"). */
typedef struct
{
  const char         *title;    /* "Logging", "Ongoing monitoring", ... (translated) */
  const char         *text;
  gboolean            holds;
  VigilReportVerdict  verdict;
  const char         *provisions;
} VigilReportStatement;

#define VIGIL_TYPE_REPORT (vigil_report_get_type ())
G_DECLARE_FINAL_TYPE (VigilReport, vigil_report, VIGIL, REPORT, GObject)

GQuark        vigil_report_error_quark       (void);

/* Paper and roles */
void          vigil_paper_get_size           (VigilPaper        paper,
                                              double           *width_pt,
                                              double           *height_pt);
gboolean      vigil_paper_from_string        (const char       *str,       /* "a4", "letter" */
                                              VigilPaper       *out);
/* A role as typed, with the shorthands risk-officer, compliance-officer and
 * chief-risk-officer written out ("Risk Officer"); NULL when @text is blank. */
char         *vigil_signer_role_normalize    (const char       *text);
/* "Head of Model Validation=Priya Rao" (or a role alone: a name written by hand) into its
 * role, normalized, and name (NULL when none); FALSE with a message when it is not one. */
gboolean      vigil_signer_parse             (const char       *text,
                                              char            **out_role,
                                              char            **out_name,
                                              GError          **error);
/* "Met", "NOT MET", "NO DATA" (translated); and "met", "not_met", "no_data" for machines. */
const char   *vigil_report_verdict_get_label (VigilReportVerdict verdict);
const char   *vigil_report_verdict_to_string (VigilReportVerdict verdict);

/* Gathers everything the report says about @period (whole UTC days) for @models
 * (NULL or empty: every model that logged decisions), and verifies the ledger in full, whose
 * head the report seals: every link, the schema, and the heads sealed by earlier reports.
 * @organisation NULL: the meta key "organisation", else the default. @generated_by: who asks for the report (NULL: the user name). Reads only; call it in a
 * worker thread. An empty period gives a report that says so, not an error. */
VigilReport  *vigil_report_build             (VigilStore          *store,
                                              const VigilPeriod   *period,
                                              const char * const  *models,
                                              const char          *organisation,
                                              const char          *generated_by,
                                              GCancellable        *cancellable,
                                              VigilReportProgress  progress,
                                              gpointer             progress_data,
                                              GError             **error);

/* As vigil_report_build(), and @expect_head (a head sealed earlier) must be a prefix of the
 * ledger for it to be intact. */
VigilReport  *vigil_report_build_expecting   (VigilStore          *store,
                                              const VigilPeriod   *period,
                                              const char * const  *models,
                                              const char          *organisation,
                                              const char          *generated_by,
                                              const char          *expect_head,
                                              GCancellable        *cancellable,
                                              VigilReportProgress  progress,
                                              gpointer             progress_data,
                                              GError             **error);

/* Sign-off: the people who are to sign the report, in order. @role is any text, kept as
 * typed but for the shorthands of vigil_signer_role_normalize(); @name NULL or "" leaves the
 * name to be written by hand. Signature and date stay blank on the page: a person signs and
 * dates the paper. With none added, the page has blank blocks for the usual three roles.
 * Invalidates the pages laid out so far. */
gboolean      vigil_report_add_signatory     (VigilReport       *self,
                                              const char        *role,
                                              const char        *name,
                                              GError           **error);
void          vigil_report_clear_signatories (VigilReport       *self);
guint         vigil_report_get_n_signatories (VigilReport       *self);
const char   *vigil_report_get_signatory_role (VigilReport      *self,
                                              guint              index);
const char   *vigil_report_get_signatory_name (VigilReport      *self,
                                              guint              index);  /* NULL: by hand */
/* "Role: Name; Role: Name" of the signatories named, NULL when none. Not a signature. */
char         *vigil_report_dup_signatories   (VigilReport       *self);

/* What the report covers */
const VigilPeriod *
              vigil_report_get_period        (VigilReport       *self);
const char * const *
              vigil_report_get_models        (VigilReport       *self);
const char   *vigil_report_get_organisation  (VigilReport       *self);
const char   *vigil_report_get_generated_at  (VigilReport       *self);  /* DESIGN's timestamp */
const char   *vigil_report_get_generated_by  (VigilReport       *self);  /* "Prepared by" */
gint64        vigil_report_get_total_decisions (VigilReport     *self);
gint64        vigil_report_get_previous_decisions (VigilReport  *self);
guint         vigil_report_get_n_alerts      (VigilReport       *self);
gboolean      vigil_report_is_empty          (VigilReport       *self);  /* no decisions */
/* The period ends after the report was generated: its last day is not over, and the report
 * makes no comparison with the previous period. */
gboolean      vigil_report_is_incomplete     (VigilReport       *self);

/* The ledger as verified when the report was built */
gboolean      vigil_report_is_ledger_intact  (VigilReport       *self);
const char   *vigil_report_get_ledger_head   (VigilReport       *self);
gint64        vigil_report_get_ledger_records (VigilReport      *self);
VigilLedgerReport *
              vigil_report_get_ledger_report (VigilReport       *self);
/* "Ledger intact: ..." what was verified (every record, the schema, the earlier reports'
 * heads), with the head; or where and why it is NOT intact, with the head as found */
char         *vigil_report_dup_ledger_statement (VigilReport    *self);

guint         vigil_report_get_n_statements  (VigilReport       *self);
const VigilReportStatement *
              vigil_report_get_statement     (VigilReport       *self,
                                              guint              index);

/* Pages: laid out once per paper (and again after a signer changes). render_page draws
 * page @page (0-based) in points, with (0, 0) the page's top left corner and the page's
 * size that of vigil_paper_get_size(); scale @cr for a preview. Safe to call from the main
 * thread once the report is built: it reads no database. */
guint         vigil_report_get_n_pages       (VigilReport       *self,
                                              VigilPaper         paper);
void          vigil_report_render_page       (VigilReport       *self,
                                              cairo_t           *cr,
                                              guint              page,
                                              VigilPaper         paper);

/* Writes the PDF (cairo's PDF surface, real text, fonts embedded) to @path, atomically;
 * @out_sha256 (optional): the SHA-256 of the file written, in hex. */
gboolean      vigil_report_write_pdf         (VigilReport        *self,
                                              const char         *path,
                                              VigilPaper          paper,
                                              char              **out_sha256,
                                              GCancellable       *cancellable,
                                              VigilReportProgress progress,
                                              gpointer            progress_data,
                                              GError            **error);

/* The same model for machines: a JSON object, pretty-printed. */
char         *vigil_report_to_json           (VigilReport       *self);
gboolean      vigil_report_write_json        (VigilReport       *self,
                                              const char        *path,
                                              GError           **error);

/* Recording: a row in `reports` (period, models, who prepared it, the PDF's SHA-256 (NULL
 * for a JSON-only export), the ledger head and records the report seals (of a broken ledger,
 * the head as found, marked "broken:"); signed_by stays NULL, for nobody has signed yet) and an
 * events row ("report_exported") whose details name the signatories, in one transaction. */
gboolean      vigil_store_record_report      (VigilStore        *store,
                                              VigilReport       *report,
                                              const char        *pdf_sha256,
                                              gint64            *out_id,
                                              GError           **error);
gboolean      vigil_store_record_report_file (VigilStore        *store,
                                              VigilReport       *report,
                                              const char        *path,
                                              const char        *pdf_sha256,
                                              gint64            *out_id,
                                              GError           **error);
/* The past reports, newest first: a list of VigilReportInfo. */
GListModel   *vigil_store_list_reports       (VigilStore        *store,
                                              GError           **error);

G_END_DECLS
