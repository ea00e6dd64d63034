/* vigil-stats.h: distributions and tests behind the p-values of Vigil's anomaly alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

double vigil_stats_normal_sf         (double         z);
double vigil_stats_gamma_q           (double         a,
                                      double         x);
double vigil_stats_beta_inc          (double         a,
                                      double         b,
                                      double         x);
double vigil_stats_chi2_sf           (double         x,
                                      double         df);
double vigil_stats_chi2_quantile     (double         p,
                                      double         df);
double vigil_stats_student_t_sf2     (double         t,
                                      double         df);

double vigil_stats_two_proportion_z  (gint64         x1,
                                      gint64         n1,
                                      gint64         x2,
                                      gint64         n2,
                                      double        *out_z);
double vigil_stats_outside_range_test (gint64        k,
                                       gint64        m,
                                       gint64        n);
double vigil_stats_chi2_homogeneity  (const gint64  *recent,
                                      const gint64  *baseline,
                                      guint          n_categories,
                                      double        *out_stat,
                                      int           *out_df);
double vigil_stats_chi2_pooled      (const gint64  *recent,
                                      const gint64  *baseline,
                                      guint          n_categories,
                                      double         min_expected,
                                      gboolean      *pooled,
                                      double        *out_stat,
                                      int           *out_df);
double vigil_stats_welch_t           (double         mean1,
                                      double         var1,
                                      gint64         n1,
                                      double         mean2,
                                      double         var2,
                                      gint64         n2,
                                      double        *out_t,
                                      double        *out_df);
double vigil_stats_binomial_test     (gint64         k,
                                      gint64         n,
                                      double         p);
double vigil_stats_poisson_rate_test (gint64         k1,
                                      double         t1,
                                      gint64         k2,
                                      double         t2);

double vigil_stats_psi               (const gint64  *baseline,
                                      const gint64  *recent,
                                      guint          n_bins);
double vigil_stats_psi_critical      (guint          n_bins,
                                      gint64         n,
                                      gint64         m,
                                      double         confidence);

G_END_DECLS
