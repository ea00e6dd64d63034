/* vigil-report-info.c: a report recorded in the database, as the list of past reports shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include "vigil-report-info.h"

struct _VigilReportInfo
{
  GObject  parent_instance;

  gint64   id;
  char    *generated_at;
  char    *period_start;
  char    *period_end;
  char    *models;
  char    *generated_by;
  char    *signatories;
  char    *pdf_sha256;
  char    *ledger_head;
  gint64   ledger_records;
};

G_DEFINE_FINAL_TYPE (VigilReportInfo, vigil_report_info, G_TYPE_OBJECT)

static void
vigil_report_info_finalize (GObject *object)
{
  VigilReportInfo *self = VIGIL_REPORT_INFO (object);

  g_free (self->generated_at);
  g_free (self->period_start);
  g_free (self->period_end);
  g_free (self->models);
  g_free (self->generated_by);
  g_free (self->signatories);
  g_free (self->pdf_sha256);
  g_free (self->ledger_head);
  G_OBJECT_CLASS (vigil_report_info_parent_class)->finalize (object);
}

static void
vigil_report_info_class_init (VigilReportInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_report_info_finalize;
}

static void
vigil_report_info_init (VigilReportInfo *self)
{
}

VigilReportInfo *
vigil_report_info_new (gint64      id,
                       const char *generated_at,
                       const char *period_start,
                       const char *period_end,
                       const char *models,
                       const char *generated_by,
                       const char *signatories,
                       const char *pdf_sha256,
                       const char *ledger_head,
                       gint64      ledger_records)
{
  VigilReportInfo *self = g_object_new (VIGIL_TYPE_REPORT_INFO, NULL);

  self->id = id;
  self->generated_at = g_strdup (generated_at);
  self->period_start = g_strdup (period_start);
  self->period_end = g_strdup (period_end);
  self->models = g_strdup (models ? models : "");
  self->generated_by = g_strdup (generated_by);
  self->signatories = g_strdup (signatories);
  self->pdf_sha256 = g_strdup (pdf_sha256);
  self->ledger_head = g_strdup (ledger_head);
  self->ledger_records = ledger_records;
  return self;
}

gint64
vigil_report_info_get_id (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), 0);
  return self->id;
}

const char *
vigil_report_info_get_generated_at (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->generated_at;
}

const char *
vigil_report_info_get_period_start (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->period_start;
}

const char *
vigil_report_info_get_period_end (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->period_end;
}

const char *
vigil_report_info_get_models (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->models;
}

const char *
vigil_report_info_get_generated_by (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->generated_by;
}

const char *
vigil_report_info_get_signatories (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->signatories;
}

const char *
vigil_report_info_get_pdf_sha256 (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->pdf_sha256;
}

const char *
vigil_report_info_get_ledger_head (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), NULL);
  return self->ledger_head;
}

gint64
vigil_report_info_get_ledger_records (VigilReportInfo *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_INFO (self), 0);
  return self->ledger_records;
}
