/* test-stats.c: the distributions and tests behind alert p-values, against independent values
 *
 * Reference values come from tables, closed forms, or were computed for this file with Python's
 * standard library (exact rationals, decimal at 40 to 80 digits, or Simpson's rule); the command
 * that produced each is in the comment next to it. Tolerances are relative and sit a little above
 * the precision of the reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-stats.h"

#define assert_close(got, want, rel)                                                         \
  G_STMT_START                                                                               \
  {                                                                                          \
    double got_ = (got), want_ = (want);                                                     \
    if (!(fabs (got_ - want_) <= (rel) * fabs (want_)))                                      \
      {                                                                                      \
        g_autofree char *msg_ = g_strdup_printf ("%s = %.17g, expected %.17g (rel. error %.2g, " \
                                                 "allowed %.2g)", #got, got_, want_,         \
                                                 fabs (got_ - want_) / fabs (want_),         \
                                                 (double) (rel));                            \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg_);             \
      }                                                                                      \
  }                                                                                          \
  G_STMT_END

#define assert_nan(expr) g_assert_true (isnan (expr))

static void
test_normal_sf (void)
{
  /* the 97.5% point of the normal table */
  assert_close (vigil_stats_normal_sf (1.959963984540054), 0.025, 1e-14);
  /* python3 -c "from decimal import Decimal as D, getcontext as g; import math; g().prec=80; pi=D('3.1415926535897932384626433832795028841971693993751058209749445923078164062862090'); sf=lambda z: (1-2/pi.sqrt()*sum((-1)**n*(D(z)/D(2).sqrt())**(2*n+1)/(math.factorial(n)*(2*n+1)) for n in range(400)))/2; print(sf(5), sf(8))" */
  assert_close (vigil_stats_normal_sf (5), 2.8665157187919391167e-07, 1e-14);
  assert_close (vigil_stats_normal_sf (8), 6.2209605742717841235e-16, 1e-14);
  /* far tail, asymptotic series of erfc:
   * python3 -c "from decimal import Decimal as D, getcontext as g; import math; g().prec=50; u=D(30)/D(2).sqrt(); pi=D('3.14159265358979323846264338327950288419716939937511'); print((-u*u).exp()/(2*u*pi.sqrt())*sum(D((-1)**n*math.prod(range(1,2*n,2)))/(2*u*u)**n for n in range(100)))" */
  assert_close (vigil_stats_normal_sf (30), 4.9067139271481870595e-198, 1e-13);

  g_assert_cmpfloat (vigil_stats_normal_sf (0), ==, 0.5);
  assert_close (vigil_stats_normal_sf (-1.959963984540054), 0.975, 1e-15);
  g_assert_cmpfloat (vigil_stats_normal_sf (INFINITY), ==, 0.0);
  g_assert_cmpfloat (vigil_stats_normal_sf (-INFINITY), ==, 1.0);
  assert_nan (vigil_stats_normal_sf (NAN));
}

static void
test_gamma_q (void)
{
  const double xs[] = { 0.01, 0.3, 1, 2.5, 10, 20 };

  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      /* Q(1, x) = e^-x and Q(1/2, x) = erfc(sqrt x) */
      assert_close (vigil_stats_gamma_q (1, xs[i]), exp (-xs[i]), 1e-14);
      assert_close (vigil_stats_gamma_q (0.5, xs[i]), erfc (sqrt (xs[i])), 1e-13);
    }
  /* Q(a + 1, x) = Q(a, x) + x^a e^-x / Gamma(a + 1) from Q(1/2, x):
   * python3 -c "import math; print(repr(math.erfc(1)+math.exp(-1)*(1/math.gamma(1.5)+1/math.gamma(2.5))))" */
  assert_close (vigil_stats_gamma_q (2.5, 1), 0.8491450360846096, 1e-14);
  /* Q(n, x) = e^-x sum_{k<n} x^k / k!, beyond the mean (continued fraction) and below (series):
   * python3 -c "from decimal import Decimal as D, getcontext as g; import math; g().prec=60; x=D(150); print((-x).exp()*sum(x**k/math.factorial(k) for k in range(100)))"
   * python3 -c "from decimal import Decimal as D, getcontext as g; import math; g().prec=60; x=D(80); print((-x).exp()*sum(x**k/math.factorial(k) for k in range(100)))" */
  assert_close (vigil_stats_gamma_q (100, 150), 5.9245403354839158294e-06, 1e-12);
  assert_close (vigil_stats_gamma_q (100, 80), 0.98289168696486688583, 1e-14);

  g_assert_cmpfloat (vigil_stats_gamma_q (3, 0), ==, 1.0);
  g_assert_cmpfloat (vigil_stats_gamma_q (3, INFINITY), ==, 0.0);
  assert_nan (vigil_stats_gamma_q (0, 1));
  assert_nan (vigil_stats_gamma_q (-1, 1));
  assert_nan (vigil_stats_gamma_q (1, -1));
  assert_nan (vigil_stats_gamma_q (NAN, 1));
}

static void
test_beta_inc (void)
{
  /* I_x(a, b) for integers is P(Binomial(a + b - 1, x) >= a), exactly:
   * python3 -c "from fractions import Fraction as F; import math; x=F(3,10); print(float(sum(math.comb(11,j)*x**j*(1-x)**(11-j) for j in range(5,12))))"
   * python3 -c "from fractions import Fraction as F; import math; x=F(45,100); print(float(sum(math.comb(899,j)*x**j*(1-x)**(899-j) for j in range(400,900))))" */
  assert_close (vigil_stats_beta_inc (5, 7, 0.3), 0.2103046173, 1e-14);
  assert_close (vigil_stats_beta_inc (400, 500, 0.45), 0.632142380300379, 1e-13);

  /* closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, I_x(1/2, 1/2) = 2/pi asin(sqrt x) */
  assert_close (vigil_stats_beta_inc (3.5, 1, 0.7), pow (0.7, 3.5), 1e-14);
  assert_close (vigil_stats_beta_inc (1, 4.25, 0.2), -expm1 (4.25 * log1p (-0.2)), 1e-14);
  assert_close (vigil_stats_beta_inc (0.5, 0.5, 0.9), 2 / G_PI * asin (sqrt (0.9)), 1e-14);

  /* I_x(a, b) = 1 - I_{1-x}(b, a) */
  assert_close (vigil_stats_beta_inc (30, 12.5, 0.6) + vigil_stats_beta_inc (12.5, 30, 0.4), 1.0,
                1e-15);

  /* One huge shape near the switch of the continued fraction, where evaluating it as written
   * loses ten digits (three terms of a binomial sum):
   * python3 -c "from decimal import Decimal as D, getcontext as g; import math; g().prec=60; a=10**7; N=a+2; y=D(2)**-21; x=1-y; print(sum(math.comb(N,j)*x**j*y**(N-j) for j in range(a,N+1)))" */
  assert_close (vigil_stats_beta_inc (1e7, 3, 1 - ldexp (1, -21)), 0.14556543712411630248, 1e-13);

  g_assert_cmpfloat (vigil_stats_beta_inc (2, 3, 0), ==, 0.0);
  g_assert_cmpfloat (vigil_stats_beta_inc (2, 3, 1), ==, 1.0);
  assert_nan (vigil_stats_beta_inc (0, 1, 0.5));
  assert_nan (vigil_stats_beta_inc (1, -2, 0.5));
  assert_nan (vigil_stats_beta_inc (1, 1, 1.5));
  assert_nan (vigil_stats_beta_inc (1, 1, -0.1));
}

static void
test_chi2_sf (void)
{
  const double xs[] = { 0.001, 0.5, 3, 12, 40 };

  /* the 5% critical value for one degree of freedom */
  assert_close (vigil_stats_chi2_sf (3.841458820694124, 1), 0.05, 1e-14);
  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      /* one degree of freedom: erfc(sqrt(x/2)); two: e^(-x/2) */
      assert_close (vigil_stats_chi2_sf (xs[i], 1), erfc (sqrt (xs[i] / 2)), 1e-13);
      assert_close (vigil_stats_chi2_sf (xs[i], 2), exp (-xs[i] / 2), 1e-14);
    }

  g_assert_cmpfloat (vigil_stats_chi2_sf (0, 3), ==, 1.0);
  g_assert_cmpfloat (vigil_stats_chi2_sf (-1, 3), ==, 1.0);
  assert_nan (vigil_stats_chi2_sf (1, 0));
  assert_nan (vigil_stats_chi2_sf (NAN, 3));
}

static void
test_chi2_quantile (void)
{
  const double dfs[] = { 0.5, 1, 3.7, 10, 250 };
  const double ps[] = { 0.5, 0.9, 0.95, 0.999999 };

  /* 95% critical values; df 1 is 1.959963984540054^2 and df 2 is -2 ln 0.05; df 19 and 99 by
   * bisection on the closed form of the upper tail for odd df:
   * python3 -c "import math; sf=lambda x,k: math.erfc(math.sqrt(x/2))+math.sqrt(2*x/math.pi)*math.exp(-x/2)*sum(x**(j-1)/math.prod(range(1,2*j,2)) for j in range(1,(k-1)//2+1)) if k%2 else math.exp(-x/2)*sum((x/2)**j/math.factorial(j) for j in range(k//2)); [print(k, repr((lambda lo,hi: [ (lo:=m) if sf(m:=(lo+hi)/2,k)>0.05 else (hi:=m) for _ in range(200)] and (lo+hi)/2)(0.0,500.0))) for k in (1,2,9,19,99)]" */
  assert_close (vigil_stats_chi2_quantile (0.95, 1), 3.841458820694124, 1e-14);
  assert_close (vigil_stats_chi2_quantile (0.95, 2), 5.991464547107979, 1e-14);
  assert_close (vigil_stats_chi2_quantile (0.95, 9), 16.918977604620448, 1e-14);
  assert_close (vigil_stats_chi2_quantile (0.95, 19), 30.14352720564616, 1e-14);
  assert_close (vigil_stats_chi2_quantile (0.95, 99), 123.2252214533618, 1e-14);

  /* lower tail, same bisection on 1 - sf:
   * python3 -c "import math; sf=lambda x,k: math.erfc(math.sqrt(x/2))+math.sqrt(2*x/math.pi)*math.exp(-x/2)*sum(x**(j-1)/math.prod(range(1,2*j,2)) for j in range(1,(k-1)//2+1)); lo,hi=0.0,100.0; exec('for _ in range(200):\n m=(lo+hi)/2\n if 1-sf(m,9)<0.05: lo=m\n else: hi=m'); print(repr(lo))" */
  assert_close (vigil_stats_chi2_quantile (0.05, 9), 3.325112843066813, 1e-13);
  /* far tails for df 2, where x = -2 ln(1 - p):
   * python3 -c "import math; print(repr(-2*math.log1p(-1e-10)), repr(-2*math.log(1-(1-1e-12))))" */
  assert_close (vigil_stats_chi2_quantile (1e-10, 2), 2.0000000001e-10, 1e-14);
  assert_close (vigil_stats_chi2_quantile (1 - 1e-12, 2), 55.26208647578672, 1e-14);

  /* round trip through the upper tail, for fractional df too */
  for (guint i = 0; i < G_N_ELEMENTS (dfs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ps); j++)
      {
        double x = vigil_stats_chi2_quantile (ps[j], dfs[i]);

        assert_close (vigil_stats_chi2_sf (x, dfs[i]), 1 - ps[j], 1e-12);
      }

  g_assert_cmpfloat (vigil_stats_chi2_quantile (0, 3), ==, 0.0);
  g_assert_cmpfloat (vigil_stats_chi2_quantile (1, 3), ==, INFINITY);
  assert_nan (vigil_stats_chi2_quantile (1.5, 3));
  assert_nan (vigil_stats_chi2_quantile (-0.1, 3));
  assert_nan (vigil_stats_chi2_quantile (0.5, 0));
  assert_nan (vigil_stats_chi2_quantile (NAN, 3));
}

static void
test_student_t (void)
{
  const double ts[] = { 0.1, 1, 3, 30 };

  /* the two-sided 5% point for 10 degrees of freedom (table value to 13 digits) */
  assert_close (vigil_stats_student_t_sf2 (2.228138851986, 10), 0.05, 1e-11);
  assert_close (vigil_stats_student_t_sf2 (-2.228138851986, 10), 0.05, 1e-11);

  for (guint i = 0; i < G_N_ELEMENTS (ts); i++)
    {
      double t = ts[i];

      /* df 1 (Cauchy): 2/pi atan(1/|t|); df 2: 1 - |t| / sqrt(2 + t^2) */
      assert_close (vigil_stats_student_t_sf2 (t, 1), 2 / G_PI * atan (1 / t), 1e-14);
      assert_close (vigil_stats_student_t_sf2 (t, 2), 1 - t / sqrt (2 + t * t), 1e-13);
    }
  assert_close (vigil_stats_student_t_sf2 (1e6, 1), 2 / G_PI * atan (1e-6), 1e-14);
  /* beyond where t^2 fits the leading term is used: 2 / (pi t) */
  assert_close (vigil_stats_student_t_sf2 (1e200, 1), 2 / G_PI * 1e-200, 1e-14);

  /* non-integer df by Simpson's rule on 2 G((v+1)/2) / (G(v/2) sqrt(pi)) int cos^(v-1) from
   * atan(t/sqrt v) to pi/2:
   * python3 -c "import math; v=7.5; t=1.7; a=math.atan(t/math.sqrt(v)); N=200000; h=(math.pi/2-a)/N; f=lambda th: math.cos(th)**(v-1); print(repr(2*math.exp(math.lgamma((v+1)/2)-math.lgamma(v/2))/math.sqrt(math.pi)*h/3*math.fsum([f(a),f(math.pi/2)]+[(4 if i%2 else 2)*f(a+i*h) for i in range(1,N)])))" */
  assert_close (vigil_stats_student_t_sf2 (1.7, 7.5), 0.13006609835733704, 1e-13);

  /* infinite df is the normal; a huge df is close to it */
  assert_close (vigil_stats_student_t_sf2 (2, INFINITY), 2 * vigil_stats_normal_sf (2), 1e-15);
  assert_close (vigil_stats_student_t_sf2 (2, 1e12), 2 * vigil_stats_normal_sf (2), 1e-11);

  g_assert_cmpfloat (vigil_stats_student_t_sf2 (0, 5), ==, 1.0);
  g_assert_cmpfloat (vigil_stats_student_t_sf2 (INFINITY, 5), ==, 0.0);
  assert_nan (vigil_stats_student_t_sf2 (1, 0));
  assert_nan (vigil_stats_student_t_sf2 (1, -3));
  assert_nan (vigil_stats_student_t_sf2 (NAN, 3));
}

static void
test_two_proportion (void)
{
  double z, p;

  /* The notebook's SELL surge: 24% SELL in a 5-day baseline of 250 decisions, then 35 of the
   * day's 50 (70%; the notebook forces about 71%):
   * python3 -c "import math; x1,n1,x2,n2=35,50,60,250; p=(x1+x2)/(n1+n2); z=(x1/n1-x2/n2)/math.sqrt(p*(1-p)*(1/n1+1/n2)); print(repr(z), repr(math.erfc(z/math.sqrt(2))))" */
  p = vigil_stats_two_proportion_z (35, 50, 60, 250, &z);
  assert_close (z, 6.383145328719074, 1e-14);
  assert_close (p, 1.7348711756049277e-10, 1e-13);
  g_assert_cmpfloat (p, <, 1e-9);
  /* the statistic changes sign with the order, the p-value does not */
  assert_close (vigil_stats_two_proportion_z (60, 250, 35, 50, &z), p, 1e-15);
  assert_close (z, -6.383145328719074, 1e-14);
  /* equal proportions: nothing to see */
  g_assert_cmpfloat (vigil_stats_two_proportion_z (12, 50, 60, 250, &z), ==, 1.0);
  g_assert_cmpfloat (z, ==, 0.0);
  /* no SELL at all in either window, or only SELL: no variance, p = 1 */
  g_assert_cmpfloat (vigil_stats_two_proportion_z (0, 50, 0, 250, &z), ==, 1.0);
  g_assert_cmpfloat (z, ==, 0.0);
  g_assert_cmpfloat (vigil_stats_two_proportion_z (50, 50, 250, 250, NULL), ==, 1.0);

  /* an empty window is not evidence */
  assert_nan (vigil_stats_two_proportion_z (0, 0, 60, 250, &z));
  assert_nan (z);
  assert_nan (vigil_stats_two_proportion_z (3, 50, 0, 0, NULL));
  assert_nan (vigil_stats_two_proportion_z (51, 50, 60, 250, NULL));
  assert_nan (vigil_stats_two_proportion_z (-1, 50, 60, 250, NULL));
}

/* Every way to place m recent values among n + m ranks, counting those above or below every
 * baseline value */
static double
outside_range_by_enumeration (int k,
                              int m,
                              int n)
{
  int total = 0, at_least = 0;

  for (guint mask = 0; mask < (1u << (n + m)); mask++)
    {
      int lowest_baseline = -1, highest_baseline = -1, outside = 0;

      if (__builtin_popcount (mask) != m)
        continue;
      for (int r = 0; r < n + m; r++)
        if (!(mask & (1u << r)))
          {
            if (lowest_baseline < 0)
              lowest_baseline = r;
            highest_baseline = r;
          }
      for (int r = 0; r < n + m; r++)
        if ((mask & (1u << r)) && (r < lowest_baseline || r > highest_baseline))
          outside++;
      total++;
      at_least += outside >= k;
    }
  return (double) at_least / (double) total;
}

static void
test_outside_range (void)
{
  /* Small samples against every arrangement of their ranks */
  for (int n = 1; n <= 6; n++)
    for (int m = 1; m <= 6; m++)
      for (int k = 0; k <= m; k++)
        assert_close (vigil_stats_outside_range_test (k, m, n),
                      outside_range_by_enumeration (k, m, n), 1e-12);
  /* One recent value outside two baseline values: 2 chances in 3 */
  assert_close (vigil_stats_outside_range_test (1, 1, 2), 2.0 / 3.0, 1e-15);
  /* Larger ones against exact fractions:
   * python3 -c "from fractions import Fraction as F; ..." with f(j) the product of
   * (m - i) / (N - i) for i < j and P = (k + 1) f(k) - k f(k + 1) */
  assert_close (vigil_stats_outside_range_test (6, 50, 150), 0.001087391530369937, 1e-12);
  assert_close (vigil_stats_outside_range_test (10, 50, 150), 4.069715983902383e-06, 1e-11);
  assert_close (vigil_stats_outside_range_test (10, 100, 700), 6.103861923497416e-09, 1e-11);
  g_assert_cmpfloat (vigil_stats_outside_range_test (0, 50, 150), ==, 1.0);

  assert_nan (vigil_stats_outside_range_test (1, 50, 0));
  assert_nan (vigil_stats_outside_range_test (51, 50, 150));
  assert_nan (vigil_stats_outside_range_test (-1, 50, 150));
}

static void
test_chi2_homogeneity (void)
{
  const gint64 surge_recent[] = { 35, 15 }, surge_baseline[] = { 60, 190 };
  const gint64 recent3[] = { 20, 22, 8 }, baseline3[] = { 120, 60, 70 };
  const gint64 recent_new[] = { 20, 15, 10, 5, 0 }, baseline_new[] = { 120, 70, 60, 0, 0 };
  const gint64 one_r[] = { 50, 0, 0 }, one_b[] = { 250, 0, 0 };
  const gint64 apart_r[] = { 50, 0 }, apart_b[] = { 0, 250 };
  const gint64 empty[] = { 0, 0, 0 }, negative[] = { 5, -1, 3 };
  double stat, z, p;
  int df;

  /* two categories: the statistic is z^2 and the p-value that of the two-proportion test */
  p = vigil_stats_chi2_homogeneity (surge_recent, surge_baseline, 2, &stat, &df);
  g_assert_cmpint (df, ==, 1);
  assert_close (p, vigil_stats_two_proportion_z (35, 50, 60, 250, &z), 1e-12);
  assert_close (stat, z * z, 1e-13);

  /* BUY/SELL/HOLD, df 2, where the p-value is e^(-stat/2):
   * python3 -c "from fractions import Fraction as F; import math; r=[20,22,8]; b=[120,60,70]; R,B=sum(r),sum(b); N=R+B; s=sum((o-e)**2/e for o,e in [(r[i],F(R*(r[i]+b[i]),N)) for i in range(3)]+[(b[i],F(B*(r[i]+b[i]),N)) for i in range(3)]); print(repr(float(s)), repr(math.exp(-float(s)/2)))" */
  p = vigil_stats_chi2_homogeneity (recent3, baseline3, 3, &stat, &df);
  g_assert_cmpint (df, ==, 2);
  assert_close (stat, 8.976681854730636, 1e-14);
  assert_close (p, 0.01123927512375524, 1e-13);

  /* a category seen only in the recent window counts; one seen in neither does not (df 3,
   * p = erfc(sqrt(s/2)) + sqrt(2s/pi) e^(-s/2)):
   * python3 -c "from fractions import Fraction as F; import math; r=[20,15,10,5]; b=[120,70,60,0]; R,B=sum(r),sum(b); N=R+B; s=float(sum((o-e)**2/e for o,e in [(r[i],F(R*(r[i]+b[i]),N)) for i in range(4)]+[(b[i],F(B*(r[i]+b[i]),N)) for i in range(4)])); print(repr(s), repr(math.erfc(math.sqrt(s/2))+math.sqrt(2*s/math.pi)*math.exp(-s/2)))" */
  p = vigil_stats_chi2_homogeneity (recent_new, baseline_new, 5, &stat, &df);
  g_assert_cmpint (df, ==, 3);
  assert_close (stat, 25.915966386554622, 1e-14);
  assert_close (p, 9.931704043418746e-06, 1e-13);

  /* every decision in one category, in both windows: identical distributions */
  p = vigil_stats_chi2_homogeneity (one_r, one_b, 3, &stat, &df);
  g_assert_cmpfloat (p, ==, 1.0);
  g_assert_cmpfloat (stat, ==, 0.0);
  g_assert_cmpint (df, ==, 0);
  /* each window in a category of its own: the largest possible statistic, N */
  p = vigil_stats_chi2_homogeneity (apart_r, apart_b, 2, &stat, &df);
  assert_close (stat, 300, 1e-15);
  g_assert_cmpint (df, ==, 1);
  g_assert_cmpfloat (p, <, 1e-60);

  /* an empty window, no categories, or a negative count */
  assert_nan (vigil_stats_chi2_homogeneity (empty, baseline3, 3, &stat, &df));
  assert_nan (stat);
  g_assert_cmpint (df, ==, 0);
  assert_nan (vigil_stats_chi2_homogeneity (recent3, empty, 3, NULL, NULL));
  assert_nan (vigil_stats_chi2_homogeneity (recent3, baseline3, 0, NULL, NULL));
  assert_nan (vigil_stats_chi2_homogeneity (negative, baseline3, 3, NULL, NULL));
}

static void
test_chi2_pooled (void)
{
  /* Loan purposes: "boat" (10 in all) and the new "crypto" (5, none in the baseline) expect
   * 10 / 3 and 5 / 3 in the recent window, under five, so they share a cell, which expects
   * exactly 5 and stands. The pooled table, by hand, with E = column x row / 150:
   *   recent   10 20 10 10   expected 20 50/3 25/3  5
   *   baseline 50 30 15  5   expected 40 100/3 50/3 10
   *   statistic 5 + 2/3 + 1/3 + 5 + 5/2 + 1/3 + 1/6 + 5/2 = 16.5, df 3, and
   *   p = erfc(sqrt(8.25)) + sqrt(33/pi) e^(-8.25) (the chi-square tail for df 3):
   * python3 -c "import math; print(repr(math.erfc(math.sqrt(8.25)) + math.sqrt(33/math.pi)*math.exp(-8.25)))" */
  const gint64 recent[] = { 10, 20, 10, 5, 5 }, baseline[] = { 50, 30, 15, 5, 0 };
  /* Past the cap: a remainder pooled whatever its size */
  const gint64 big_r[] = { 40, 40, 20 }, big_b[] = { 80, 80, 40 };
  /* The pooled cell too small on its own takes the next rarest category with it */
  const gint64 thin_r[] = { 30, 30, 12, 2 }, thin_b[] = { 30, 30, 12, 2 };
  gboolean pooled[5] = { FALSE };
  gboolean forced[3] = { FALSE, FALSE, TRUE };
  gboolean thin[4] = { FALSE };
  double stat, p;
  int df;

  p = vigil_stats_chi2_pooled (recent, baseline, 5, 5.0, pooled, &stat, &df);
  assert_close (stat, 16.5, 1e-14);
  g_assert_cmpint (df, ==, 3);
  assert_close (p, 0.0008953949124762859, 1e-12);
  g_assert_false (pooled[0] || pooled[1] || pooled[2]);
  g_assert_true (pooled[3] && pooled[4]);
  /* Without pooling, the new category's five alone would weigh more */
  g_assert_cmpfloat (vigil_stats_chi2_homogeneity (recent, baseline, 5, NULL, NULL), <, p);

  /* Identical mixes: nothing to see, with or without a forced pool */
  p = vigil_stats_chi2_pooled (big_r, big_b, 3, 5.0, forced, &stat, &df);
  g_assert_cmpfloat (stat, <, 1e-12);
  g_assert_cmpint (df, ==, 2);
  g_assert_true (forced[2]);
  assert_close (p, 1.0, 1e-12);

  /* 2 + 2 expect 4 / 2 = 2 each: pooled, still under five, so the 12 + 12 join it */
  p = vigil_stats_chi2_pooled (thin_r, thin_b, 4, 5.0, thin, &stat, &df);
  g_assert_true (thin[3] && thin[2]);
  g_assert_false (thin[0] || thin[1]);
  g_assert_cmpint (df, ==, 2);

  /* An empty window is no evidence */
  memset (pooled, 0, sizeof pooled);
  assert_nan (vigil_stats_chi2_pooled (recent, (const gint64[]) { 0, 0, 0, 0, 0 }, 5, 5.0,
                                       pooled, &stat, &df));
}

static void
test_welch_t (void)
{
  double t, df, p;

  /* Confidence collapse: recent mean 0.70 (variance 0.0144, 50 decisions) against a baseline
   * of 0.82 (0.0064, 250); p by Simpson's rule at the non-integer df:
   * python3 -c "import math; m1,v1,n1,m2,v2,n2=0.70,0.0144,50,0.82,0.0064,250; s1,s2=v1/n1,v2/n2; t=(m1-m2)/math.sqrt(s1+s2); v=(s1+s2)**2/(s1*s1/(n1-1)+s2*s2/(n2-1)); a=math.atan(abs(t)/math.sqrt(v)); N=200000; h=(math.pi/2-a)/N; f=lambda th: math.cos(th)**(v-1); print(repr(t), repr(v), repr(2*math.exp(math.lgamma((v+1)/2)-math.lgamma(v/2))/math.sqrt(math.pi)*h/3*math.fsum([f(a),f(math.pi/2)]+[(4 if i%2 else 2)*f(a+i*h) for i in range(1,N)])))" */
  p = vigil_stats_welch_t (0.70, 0.0144, 50, 0.82, 0.0064, 250, &t, &df);
  assert_close (t, -6.776309271789383, 1e-14);
  assert_close (df, 58.00807708377475, 1e-14);
  assert_close (p, 6.951223126932977e-09, 1e-11);

  /* one sample without spread: df is the other's n - 1 (same Simpson's rule with 0.50, 0.01, 10
   * against 0.45, 0, 20) */
  p = vigil_stats_welch_t (0.50, 0.01, 10, 0.45, 0.0, 20, &t, &df);
  assert_close (df, 9, 1e-15);
  assert_close (t, 1.5811388300841893, 1e-14);
  assert_close (p, 0.14830470736655924, 1e-12);

  /* equal means */
  g_assert_cmpfloat (vigil_stats_welch_t (0.8, 0.01, 30, 0.8, 0.02, 40, &t, NULL), ==, 1.0);
  g_assert_cmpfloat (t, ==, 0.0);

  /* no spread at all (a model that always says 0.75) */
  g_assert_cmpfloat (vigil_stats_welch_t (0.75, 0, 50, 0.75, 0, 250, &t, &df), ==, 1.0);
  g_assert_cmpfloat (t, ==, 0.0);
  g_assert_cmpfloat (df, ==, 298);
  g_assert_cmpfloat (vigil_stats_welch_t (0.70, 0, 50, 0.75, 0, 250, &t, NULL), ==, 0.0);
  g_assert_cmpfloat (t, ==, -INFINITY);

  /* fewer than two values in a window, or a bad variance */
  assert_nan (vigil_stats_welch_t (0.7, 0.01, 1, 0.8, 0.01, 250, &t, &df));
  assert_nan (t);
  assert_nan (df);
  assert_nan (vigil_stats_welch_t (0.7, 0.01, 50, 0.8, 0.01, 0, NULL, NULL));
  assert_nan (vigil_stats_welch_t (0.7, -0.01, 50, 0.8, 0.01, 250, NULL, NULL));
  assert_nan (vigil_stats_welch_t (NAN, 0.01, 50, 0.8, 0.01, 250, NULL, NULL));
}

static void
test_binomial (void)
{
  /* exact sums over the outcomes no more likely than k (R's binom.test rule):
   * python3 -c "from fractions import Fraction as F; import math; k,n,p=7,20,F(0.2); w=[math.comb(n,i)*p**i*(1-p)**(n-i) for i in range(n+1)]; print(repr(float(sum(v for v in w if v<=w[k]*(1+F(1,10**7))))))"
   * and the same with k,n,p=0,10,F(0.3) and k,n,p=3,10,F(1,2) */
  assert_close (vigil_stats_binomial_test (7, 20, 0.2), 0.09822172861346876, 1e-13);
  assert_close (vigil_stats_binomial_test (0, 10, 0.3), 0.0388396033, 1e-13);
  /* symmetric: 2 P(X <= 3) = 2 * 176 / 1024 */
  assert_close (vigil_stats_binomial_test (3, 10, 0.5), 0.34375, 1e-14);
  assert_close (vigil_stats_binomial_test (7, 10, 0.5), 0.34375, 1e-14);
  /* python3 -c "import math; k,n=4850,20000; w=[math.comb(n,i)*3**(n-i) for i in range(n+1)]; print(repr(sum(v for v in w if v*10**7<=w[k]*(10**7+1))/4**n))" */
  assert_close (vigil_stats_binomial_test (4850, 20000, 0.25), 0.014303580520768395, 1e-13);

  /* With p = 1/(n + 1), 0 and 1 successes are equally likely, the two modes: every outcome is
   * no more likely than either, so p = 1. In floating point the two probabilities differ in
   * the last bits, which is what the relative tolerance is for. */
  for (gint64 n = 2; n <= 60; n++)
    {
      g_assert_cmpfloat (vigil_stats_binomial_test (0, n, 1.0 / (double) (n + 1)), ==, 1.0);
      g_assert_cmpfloat (vigil_stats_binomial_test (1, n, 1.0 / (double) (n + 1)), ==, 1.0);
    }

  /* at the mean, and the certain cases */
  g_assert_cmpfloat (vigil_stats_binomial_test (5, 10, 0.5), ==, 1.0);
  g_assert_cmpfloat (vigil_stats_binomial_test (0, 10, 0.0), ==, 1.0);
  g_assert_cmpfloat (vigil_stats_binomial_test (1, 10, 0.0), ==, 0.0);
  g_assert_cmpfloat (vigil_stats_binomial_test (10, 10, 1.0), ==, 1.0);
  /* all successes: p^n + the far tail of the other side */
  assert_close (vigil_stats_binomial_test (10, 10, 0.5), 2 * pow (0.5, 10), 1e-14);

  assert_nan (vigil_stats_binomial_test (0, 0, 0.5));
  assert_nan (vigil_stats_binomial_test (11, 10, 0.5));
  assert_nan (vigil_stats_binomial_test (-1, 10, 0.5));
  assert_nan (vigil_stats_binomial_test (3, 10, 1.5));
  assert_nan (vigil_stats_binomial_test (3, 10, NAN));
}

static void
test_binomial_huge (void)
{
  double p;

  g_test_timer_start ();
  /* n = 1e7, p = 1/2: 2 P(X >= k), the pmf at k from Stirling's series, then its ratios:
   * python3 -c "from decimal import Decimal as D, getcontext as g; g().prec=40; pi=D('3.141592653589793238462643383279502884197'); L=lambda m: (m+D('0.5'))*D(m).ln()-m+(2*pi).ln()/2+1/(12*D(m))-1/(360*D(m)**3)+1/(1260*D(m)**5); n,k=10**7,5001000; t=(L(n)-L(k)-L(n-k)-n*D(2).ln()).exp(); s=D(0); exec('for i in range(k,k+40000):\n s+=t\n t=t*(n-i)/(i+1)'); print(2*s)" */
  p = vigil_stats_binomial_test (5001000, 10000000, 0.5);
  g_test_message ("binomial test, n = 1e7: %.1f us", g_test_timer_elapsed () * 1e6);
  assert_close (p, 0.5272958562066437977, 1e-13);
  assert_close (vigil_stats_binomial_test (4999000, 10000000, 0.5), p, 1e-13);

  /* a few more that are quick for any n: far tails, n up to 2e9 */
  g_assert_cmpfloat (vigil_stats_binomial_test (5010000, 10000000, 0.5), <, 1e-9);
  g_assert_cmpfloat (vigil_stats_binomial_test (5000001, 10000000, 0.5), >, 0.99);
  p = vigil_stats_binomial_test (1000010000, 2000000000, 0.5);
  g_assert_cmpfloat (p, >, 0.6);
  g_assert_cmpfloat (p, <, 0.7);
}

static void
test_poisson_rate (void)
{
  /* Daily volume: 1 recent day against a 5-day baseline of 150 a day. Exact conditional test,
   * k1 | k1 + k2 ~ Binomial(k1 + k2, 1/6):
   * python3 -c "from fractions import Fraction as F; import math; k,n,p=170,920,F(1/6); w=[math.comb(n,i)*p**i*(1-p)**(n-i) for i in range(n+1)]; print(repr(float(sum(v for v in w if v<=w[k]*(1+F(1,10**7))))))"
   * and the same with k,n=450,1200, and with k,n,p=0,700,F(1/8) for the empty day */
  g_assert_cmpfloat (vigil_stats_poisson_rate_test (150, 1, 750, 5), >, 0.5);
  assert_close (vigil_stats_poisson_rate_test (150, 1, 750, 5), 1.0, 1e-15);
  assert_close (vigil_stats_poisson_rate_test (170, 1, 750, 5), 0.14426822253916813, 1e-13);
  /* a threefold spike */
  assert_close (vigil_stats_poisson_rate_test (450, 1, 750, 5), 7.180672728280715e-67, 1e-12);
  g_assert_cmpfloat (vigil_stats_poisson_rate_test (450, 1, 750, 5), <, 1e-20);
  /* a day without a single decision against 100 a day for a week */
  assert_close (vigil_stats_poisson_rate_test (0, 1, 700, 7), 4.7372188302813e-41, 1e-12);
  /* exposure in any unit: hours instead of days */
  assert_close (vigil_stats_poisson_rate_test (170, 24, 750, 120), 0.14426822253916813, 1e-13);
  /* nothing in either window: nothing to compare */
  g_assert_cmpfloat (vigil_stats_poisson_rate_test (0, 1, 0, 7), ==, 1.0);

  assert_nan (vigil_stats_poisson_rate_test (-1, 1, 700, 7));
  assert_nan (vigil_stats_poisson_rate_test (10, 0, 700, 7));
  assert_nan (vigil_stats_poisson_rate_test (10, 1, 700, -7));
  assert_nan (vigil_stats_poisson_rate_test (10, 1, 700, INFINITY));
}

static void
test_psi (void)
{
  const gint64 base[] = { 100, 200, 300, 400 }, flipped[] = { 400, 300, 200, 100 };
  const gint64 twice[] = { 200, 400, 600, 800 };
  const gint64 gap_b[] = { 50, 50, 0 }, gap_r[] = { 0, 50, 50 };
  const gint64 zeros[] = { 0, 0, 0, 0 }, negative[] = { 1, -1, 1, 1 };
  double psi;

  /* identical counts: exactly 0; proportional counts: almost 0 (the smoothing weighs a little
   * more in the smaller sample) */
  g_assert_cmpfloat (vigil_stats_psi (base, base, 4), ==, 0.0);
  psi = vigil_stats_psi (base, twice, 4);
  g_assert_cmpfloat (psi, >=, 0.0);
  g_assert_cmpfloat (psi, <, 1e-6);

  /* a distribution turned around, with 0.5 added to every count:
   * python3 -c "import math; e=[100,200,300,400]; a=[400,300,200,100]; E=sum(e)+len(e)/2; A=sum(a)+len(a)/2; print(repr(math.fsum(((x+.5)/A-(y+.5)/E)*math.log(((x+.5)/A)/((y+.5)/E)) for x,y in zip(a,e))))" */
  assert_close (vigil_stats_psi (base, flipped, 4), 0.9086430387737503, 1e-14);
  assert_close (vigil_stats_psi (flipped, base, 4), 0.9086430387737503, 1e-14);
  /* a bin empty in one sample stays finite (same command with e=[50,50,0]; a=[0,50,50]) */
  assert_close (vigil_stats_psi (gap_b, gap_r, 3), 4.546916765360847, 1e-14);

  assert_nan (vigil_stats_psi (zeros, base, 4));
  assert_nan (vigil_stats_psi (base, zeros, 4));
  assert_nan (vigil_stats_psi (base, base, 0));
  assert_nan (vigil_stats_psi (base, negative, 4));
}

static void
test_psi_critical (void)
{
  /* chi2_0.95(9) (1/n + 1/m) */
  assert_close (vigil_stats_psi_critical (10, 1000, 1000, 0.95), 16.918977604620448 * 0.002, 1e-14);
  /* a week of 10000 against a day of 500 */
  assert_close (vigil_stats_psi_critical (10, 10000, 500, 0.95),
                16.918977604620448 * (1.0 / 10000 + 1.0 / 500), 1e-14);
  /* the customary fixed 0.1 is only right for some sizes: far too strict for small windows */
  g_assert_cmpfloat (vigil_stats_psi_critical (10, 250, 50, 0.99), >, 0.1);
  g_assert_cmpfloat (vigil_stats_psi_critical (10, 1000000, 100000, 0.99), <, 0.001);

  assert_nan (vigil_stats_psi_critical (1, 1000, 1000, 0.95));
  assert_nan (vigil_stats_psi_critical (10, 0, 1000, 0.95));
  assert_nan (vigil_stats_psi_critical (10, 1000, -5, 0.95));
  assert_nan (vigil_stats_psi_critical (10, 1000, 1000, 1.0));
  assert_nan (vigil_stats_psi_critical (10, 1000, 1000, 0.0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/stats/normal-sf", test_normal_sf);
  g_test_add_func ("/vigil/stats/gamma-q", test_gamma_q);
  g_test_add_func ("/vigil/stats/beta-inc", test_beta_inc);
  g_test_add_func ("/vigil/stats/chi2-sf", test_chi2_sf);
  g_test_add_func ("/vigil/stats/chi2-quantile", test_chi2_quantile);
  g_test_add_func ("/vigil/stats/student-t", test_student_t);
  g_test_add_func ("/vigil/stats/two-proportion-z", test_two_proportion);
  g_test_add_func ("/vigil/stats/outside-range", test_outside_range);
  g_test_add_func ("/vigil/stats/chi2-homogeneity", test_chi2_homogeneity);
  g_test_add_func ("/vigil/stats/chi2-pooled", test_chi2_pooled);
  g_test_add_func ("/vigil/stats/welch-t", test_welch_t);
  g_test_add_func ("/vigil/stats/binomial-test", test_binomial);
  g_test_add_func ("/vigil/stats/binomial-test-huge-n", test_binomial_huge);
  g_test_add_func ("/vigil/stats/poisson-rate-test", test_poisson_rate);
  g_test_add_func ("/vigil/stats/psi", test_psi);
  g_test_add_func ("/vigil/stats/psi-critical", test_psi_critical);

  return g_test_run ();
}
