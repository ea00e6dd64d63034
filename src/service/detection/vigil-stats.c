/* vigil-stats.c: distributions and tests behind the p-values of Vigil's anomaly alerts
 *
 * Each alert keeps the p-value of the test that matches its check: two-proportion z or Pearson
 * chi-square for prediction categories and for the categories of text inputs (sparse ones
 * pooled), Welch's t for mean confidence, an exact conditional Poisson test for volume, and PSI
 * with a sample-size-aware threshold for feature drift. The
 * special functions are written here rather than taken from a library: the regularized
 * incomplete gamma (series and Lentz's continued fraction), the regularized incomplete beta
 * (continued fraction), and densities in the saddle-point form of C. Loader ("Fast and accurate
 * computation of binomial probabilities", 2000), which keeps full relative precision where a
 * difference of lgamma() values would lose it (n in the millions).
 *
 * Functions return NAN for input outside their domain instead of failing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-stats"

#include "config.h"

#include <float.h>
#include <math.h>

#include "vigil-stats.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406
#define TWO_PI      6.283185307179586476925286766559

/* sqrt(2) = SQRT2_HI + SQRT2_LO to about 32 digits */
#define SQRT2_HI 1.4142135623730951
#define SQRT2_LO (-9.667293313452913e-17)

/* Lentz's method replaces a zero denominator by this */
#define TINY 1e-300

/* R's binom.test counts outcomes with density <= d * (1 + 1e-7) as "no more likely" */
#define BINOM_REL_TOL 1e-7

/* stirlerr(x) = lgamma(x + 1) - (x + 1/2) ln x + x - ln sqrt(2 pi), the error of Stirling's
 * formula. From 10 on, the asymptotic series to x^-13 is good to a few 1e-17. */
static double
stirlerr (double x)
{
  double r, r2;

  if (x < 10.0)
    return lgamma (x + 1.0) - (x + 0.5) * log (x) + x - LN_SQRT_2PI;

  r = 1.0 / x;
  r2 = r * r;
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188
              - r2 * (691.0 / 360360 - r2 * (1.0 / 156)))))));
}

/* bd0(x, m) = x ln(x / m) + m - x >= 0 for x, m > 0, without the cancellation of the direct form
 * when x is close to m (then a series in v = (x - m) / (x + m)). */
static double
bd0 (double x,
     double m)
{
  double l;

  if (fabs (x - m) < 0.1 * (x + m))
    {
      double v = (x - m) / (x + m);
      double v2 = v * v;
      double s = (x - m) * v;
      double ej = 2.0 * x * v;

      for (int j = 1; j < 1000; j++)
        {
          double s1;

          ej *= v2;
          s1 = s + ej / (2 * j + 1);
          if (s1 == s)
            break;
          s = s1;
        }
      return s;
    }

  l = log (x / m);
  if (!isfinite (l))
    l = log (x) - log (m);
  return x * l + m - x;
}

/* ln of Gamma(n + 1) / (Gamma(k + 1) Gamma(n - k + 1)) p^k q^(n - k), n = k + nk, for real
 * k, nk >= 0 and p + q = 1 (both passed, so that neither is rounded by 1 - the other). */
static double
log_binom_density (double k,
                   double nk,
                   double p,
                   double q)
{
  double n = k + nk;

  if (k == 0.0)
    return nk == 0.0 ? 0.0 : nk * (p < 0.5 ? log1p (-p) : log (q));
  if (nk == 0.0)
    return k * (q < 0.5 ? log1p (-q) : log (p));
  if (p == 0.0 || q == 0.0)
    return -INFINITY;

  return stirlerr (n) - stirlerr (k) - stirlerr (nk) - bd0 (k, n * p) - bd0 (nk, n * q)
         + 0.5 * log (n / (TWO_PI * k * nk));
}

/* ln of x^a e^-x / Gamma(a + 1), for a > 0, x > 0 */
static double
log_poisson_density (double a,
                     double x)
{
  return -stirlerr (a) - bd0 (a, x) - 0.5 * log (TWO_PI * a);
}

/* Regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P, each with full relative precision
 * where it is the smaller one: the power series for P when x < a + 1, otherwise Lentz's
 * evaluation of the continued fraction for Q. Both need O(sqrt(a)) terms at worst. */
static void
gamma_pq (double  a,
          double  x,
          double *out_p,
          double *out_q)
{
  double lpref;
  int max_iter;

  if (x == 0.0)
    {
      *out_p = 0.0;
      *out_q = 1.0;
      return;
    }
  if (isinf (x))
    {
      *out_p = 1.0;
      *out_q = 0.0;
      return;
    }

  lpref = log_poisson_density (a, x);
  max_iter = 1000 + (int) (20.0 * sqrt (MIN (a, 1e12)));

  if (x < a + 1.0)
    {
      /* P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)) */
      double term = 1.0, sum = 1.0, p;

      for (int n = 1; n < max_iter; n++)
        {
          term *= x / (a + n);
          sum += term;
          if (term < sum * (DBL_EPSILON / 2))
            break;
        }
      p = exp (lpref) * sum;
      *out_p = p;
      *out_q = 1.0 - p;
    }
  else
    {
      /* Q = x^a e^-x / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...)) */
      double b = x + 1.0 - a;
      double c = 1.0 / TINY;
      double d = 1.0 / b;
      double h = d, q;

      for (int i = 1; i < max_iter; i++)
        {
          double an = -i * (i - a);
          double delta;

          b += 2.0;
          d = an * d + b;
          if (fabs (d) < TINY)
            d = TINY;
          c = b + an / c;
          if (fabs (c) < TINY)
            c = TINY;
          d = 1.0 / d;
          delta = d * c;
          h *= delta;
          if (fabs (delta - 1.0) < 2 * DBL_EPSILON)
            break;
        }
      q = exp (lpref + log (a)) * h;
      *out_q = q;
      *out_p = 1.0 - q;
    }
}

/* The continued fraction for I_x(a, b) of Abramowitz and Stegun 26.5.8, without its prefactor:
 * 1 / (1 + d1 / (1 + d2 / (1 + ...))) with d_2m = m (b - m) x / ((a + 2m - 1)(a + 2m)) and
 * d_2m+1 = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)). It converges fast for
 * x < (a + 1) / (a + b + 2), in O(sqrt(max(a, b))) steps at worst.
 *
 * Near that bound 1 + d_2m+1 nearly cancels, and evaluated as written the fraction loses about
 * log10(a) digits when a is large (1e-10 relative at a = 1e7). So it is evaluated in its
 * contracted form F = (1 + d1) - d1 d2 / ((1 + d2 + d3) - d3 d4 / ((1 + d4 + d5) - ...)),
 * 1 / F, whose partial denominators 1 + d_2m + d_2m+1 = (c0 + c1 y) / ((a + 2m)^2 - 1) are formed
 * from y = 1 - x, where nothing cancels, when a > b, and from x when a <= b. Lentz's method. */
static double
beta_cf (double a,
         double b,
         double x,
         double y)
{
  gboolean use_y = a > b;
  double f, c, d = 0.0;
  int max_iter = 1000 + (int) (20.0 * sqrt (MIN (MAX (a, b), 1e12)));

  /* 1 + d1 */
  if (use_y)
    f = (1.0 - b + (a + b) * y) / (a + 1.0);
  else
    f = 1.0 - (a + b) * x / (a + 1.0);
  if (fabs (f) < TINY)
    f = TINY;
  c = f;

  for (int m = 1; m < max_iter; m++)
    {
      double aa = a + 2.0 * m;
      double d_odd = -(a + m - 1.0) * (a + b + m - 1.0) * x / ((aa - 2.0) * (aa - 1.0));
      double d_even = m * (b - m) * x / ((aa - 1.0) * aa);
      double alpha = -d_odd * d_even;
      double beta, delta;

      if (use_y)
        {
          double c0 = a * (2.0 * m + 1.0 - b) + 2.0 * m * m + b - 1.0;
          double c1 = a * (a + b + 2.0 * m - 1.0) + 2.0 * m * m - b;

          beta = (c0 + c1 * y) / ((aa - 1.0) * (aa + 1.0));
        }
      else
        {
          beta = 1.0 + d_even - (a + m) * (a + b + m) * x / (aa * (aa + 1.0));
        }

      d = beta + alpha * d;
      if (fabs (d) < TINY)
        d = TINY;
      c = beta + alpha / c;
      if (fabs (c) < TINY)
        c = TINY;
      d = 1.0 / d;
      delta = c * d;
      f *= delta;
      if (fabs (delta - 1.0) < 2 * DBL_EPSILON)
        break;
    }
  return 1.0 / f;
}

/* I_x(a, b) in *out_i and 1 - I_x(a, b) in *out_ic, for a, b > 0 and x + y = 1, each with full
 * relative precision where it is the smaller of the two. */
static void
beta_inc_both (double  a,
               double  b,
               double  x,
               double  y,
               double *out_i,
               double *out_ic)
{
  gboolean swap;
  double lpref, w;

  if (x <= 0.0)
    {
      *out_i = 0.0;
      *out_ic = 1.0;
      return;
    }
  if (y <= 0.0)
    {
      *out_i = 1.0;
      *out_ic = 0.0;
      return;
    }

  /* I_x(a, b) = 1 - I_y(b, a); use the side where the fraction converges */
  swap = x > (a + 1.0) / (a + b + 2.0);
  if (swap)
    {
      double t;

      t = a, a = b, b = t;
      t = x, x = y, y = t;
    }

  /* x^a y^b / (a B(a, b)) = b / (a + b) * binomial density of a successes in a + b at x */
  lpref = log (b / (a + b)) + log_binom_density (a, b, x, y);
  w = exp (lpref) * beta_cf (a, b, x, y);

  if (swap)
    {
      *out_i = 1.0 - w;
      *out_ic = w;
    }
  else
    {
      *out_i = w;
      *out_ic = 1.0 - w;
    }
}

/* P(X <= k) for X ~ Binomial(n, p), q = 1 - p */
static double
binom_cdf (double k,
           double n,
           double p,
           double q)
{
  double lower, upper;

  if (k < 0.0)
    return 0.0;
  if (k >= n)
    return 1.0;
  /* P(X <= k) = I_q(n - k, k + 1) */
  beta_inc_both (n - k, k + 1.0, q, p, &lower, &upper);
  return lower;
}

/* P(X >= k) for X ~ Binomial(n, p), q = 1 - p */
static double
binom_sf (double k,
          double n,
          double p,
          double q)
{
  double lower, upper;

  if (k <= 0.0)
    return 1.0;
  if (k > n)
    return 0.0;
  /* P(X >= k) = I_p(k, n - k + 1) */
  beta_inc_both (k, n - k + 1.0, p, q, &lower, &upper);
  return lower;
}

/**
 * vigil_stats_normal_sf:
 * @z: a standard score
 *
 * The upper tail P(Z > z) of the standard normal distribution, as erfc(z / sqrt 2) / 2. The
 * rounding of z / sqrt 2 is corrected to first order, so the relative error stays near that of
 * the C library's erfc() in the far tail too (about 1e-15 at z = 30), until the result
 * underflows beyond z = 38.
 *
 * Returns: a probability in [0, 1], or NAN if @z is NAN
 */
double
vigil_stats_normal_sf (double z)
{
  double u, r;

  if (isnan (z))
    return NAN;
  if (isinf (z))
    return z > 0 ? 0.0 : 1.0;

  u = z / SQRT2_HI;
  /* r = z / sqrt 2 - u, the part of the argument that u lost */
  r = (fma (-u, SQRT2_HI, z) - u * SQRT2_LO) / SQRT2_HI;
  return 0.5 * (erfc (u) - r * M_2_SQRTPI * exp (-u * u));
}

/**
 * vigil_stats_gamma_q:
 * @a: the shape, > 0
 * @x: the point, >= 0
 *
 * The regularized upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a), the upper
 * tail of a Gamma(a, 1) variable. For x < a + 1 the power series of P = 1 - Q is summed,
 * otherwise the continued fraction for Q is evaluated by Lentz's method; the prefactor
 * x^a e^-x / Gamma(a) is taken in Loader's saddle-point form.
 *
 * Against 40-digit references (a from 1e-3 to 1e7), the relative error when x >= a + 1 stays
 * within 1e-14 + |x - a| 2e-16, the sensitivity of Q to the last bit of x, however small Q is;
 * below a + 1 the absolute error is about 1e-15. Work grows like sqrt(a); a up to about 1e8 is
 * practical.
 *
 * Returns: Q(a, x) in [0, 1], or NAN when @a <= 0, @x < 0 or either is NAN
 */
double
vigil_stats_gamma_q (double a,
                     double x)
{
  double p, q;

  if (!(a > 0.0) || !(x >= 0.0) || isinf (a))
    return NAN;

  gamma_pq (a, x, &p, &q);
  return q;
}

/**
 * vigil_stats_beta_inc:
 * @a: the first shape, > 0
 * @b: the second shape, > 0
 * @x: the point, in [0, 1]
 *
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), the lower tail of
 * a Beta(a, b) variable. It evaluates the continued fraction of Abramowitz and Stegun 26.5.8
 * with Lentz's method where it converges fast, x < (a + 1) / (a + b + 2), and otherwise uses
 * I_x(a, b) = 1 - I_{1-x}(b, a). The prefactor x^a (1-x)^b / (a B(a, b)) is taken in Loader's
 * saddle-point form, so shapes in the hundreds of millions keep their precision.
 *
 * Against 40-digit references (shapes from 0.01 to 1e7), the relative error stays below 5e-13,
 * and below 1e-14 in most of that range; the worst case is a shape far below 1, where the result
 * comes from 1 - I_{1-x}(b, a). Work grows like sqrt(max(a, b)).
 *
 * Returns: I_x(a, b) in [0, 1], or NAN when a shape is not positive or @x is outside [0, 1]
 */
double
vigil_stats_beta_inc (double a,
                      double b,
                      double x)
{
  double i, ic;

  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0 && x <= 1.0) || isinf (a) || isinf (b))
    return NAN;

  beta_inc_both (a, b, x, 1.0 - x, &i, &ic);
  return i;
}

/**
 * vigil_stats_chi2_sf:
 * @x: the statistic
 * @df: the degrees of freedom, > 0, need not be an integer
 *
 * The upper tail P(X > x) of the chi-square distribution with @df degrees of freedom, as
 * Q(df / 2, x / 2) (see vigil_stats_gamma_q()). A negative @x gives 1. The relative error is
 * about 1e-14 in the upper tail.
 *
 * Returns: the p-value of a chi-square statistic, or NAN when @df <= 0 or an argument is NAN
 */
double
vigil_stats_chi2_sf (double x,
                     double df)
{
  double p, q;

  if (isnan (x) || !(df > 0.0) || isinf (df))
    return NAN;
  if (x <= 0.0)
    return 1.0;

  gamma_pq (df / 2.0, x / 2.0, &p, &q);
  return q;
}

/* A start for quantiles, Abramowitz and Stegun 26.2.23 (error below 4.5e-4) */
static double
normal_quantile_rough (double p)
{
  double q = p < 0.5 ? p : 1.0 - p;
  double t = sqrt (-2.0 * log (q));
  double z = t - (2.515517 + t * (0.802853 + t * 0.010328))
                 / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));

  return p < 0.5 ? -z : z;
}

/**
 * vigil_stats_chi2_quantile:
 * @p: a probability
 * @df: the degrees of freedom, > 0, need not be an integer
 *
 * The x with P(X <= x) = @p for X chi-square with @df degrees of freedom: critical values such
 * as 3.841 for p = 0.95 and one degree of freedom. It starts from the Wilson-Hilferty
 * approximation df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3 (or the small-x expansion of P when
 * that is not positive), then refines by Newton's method on ln P(x) = ln p, or on
 * ln Q(x) = ln(1 - p) when p > 1/2, inside a bracket that falls back to bisection. The result
 * is within one or two units in the last place at the usual levels, and within 1e-13 relative
 * for p from 1e-300 to 1 - 1e-16 and df from 0.1 to 1e4.
 *
 * Returns: the quantile, 0 for @p = 0, +inf for @p = 1, NAN when @p is outside [0, 1] or
 *   @df <= 0
 */
double
vigil_stats_chi2_quantile (double p,
                           double df)
{
  double a, target, log_target, lgam_a, x, lo = 0.0, hi = INFINITY;
  gboolean upper;

  if (!(p >= 0.0 && p <= 1.0) || !(df > 0.0) || isinf (df))
    return NAN;
  if (p == 0.0)
    return 0.0;
  if (p == 1.0)
    return INFINITY;

  a = df / 2.0;
  upper = p > 0.5;
  target = upper ? 1.0 - p : p;
  log_target = log (target);
  lgam_a = lgamma (a);

  {
    double z = normal_quantile_rough (p);
    double c = 2.0 / (9.0 * df);
    double w = 1.0 - c + z * sqrt (c);

    x = df * w * w * w;
    if (!(x > 0.0) || (!upper && p < 0.05))
      {
        /* P(x) ~ (x/2)^a / Gamma(a + 1) for small x */
        double xs = 2.0 * exp ((log (p) + lgamma (a + 1.0)) / a);

        if (xs == 0.0)
          return 0.0;  /* below the smallest double */
        if (!(x > 0.0) || xs < x)
          x = xs;
      }
    if (!(x > 0.0) || !isfinite (x))
      x = df;
  }

  for (int i = 0; i < 400; i++)
    {
      double gp, gq, s, dens, x_new = NAN;

      gamma_pq (a, x / 2.0, &gp, &gq);
      s = upper ? gq : gp;
      if (s == target)
        break;
      if (upper == (s > target))
        lo = x;
      else
        hi = x;

      /* chi-square density at x: (x/2)^(a-1) e^(-x/2) / (2 Gamma(a)) */
      dens = exp ((a - 1.0) * log (x / 2.0) - x / 2.0 - lgam_a) / 2.0;
      if (s > 0.0 && dens > 0.0)
        {
          double step = (log (s) - log_target) * s / dens;

          x_new = upper ? x + step : x - step;
        }
      if (!(x_new > lo && x_new < hi))
        x_new = isinf (hi) ? 4.0 * x : lo == 0.0 ? 0.25 * hi : 0.5 * (lo + hi);
      if (fabs (x_new - x) <= 2 * DBL_EPSILON * x)
        {
          x = x_new;
          break;
        }
      x = x_new;
    }

  return x;
}

/**
 * vigil_stats_student_t_sf2:
 * @t: the statistic
 * @df: the degrees of freedom, > 0, need not be an integer (+inf gives the normal)
 *
 * The two-sided p-value P(|T| > |t|) of Student's t distribution with @df degrees of freedom,
 * as I_{df/(df+t^2)}(df/2, 1/2) (see vigil_stats_beta_inc()), with both df/(df+t^2) and
 * t^2/(df+t^2) formed directly so neither is rounded by a subtraction. For t^2 > 1e200 df the
 * leading term x^a / (a B(a, 1/2)) is taken in logarithms, so the p-value does not underflow
 * before its true value does. The relative error stays below 1e-13.
 *
 * Returns: a p-value in [0, 1], or NAN when @df <= 0 or an argument is NAN
 */
double
vigil_stats_student_t_sf2 (double t,
                           double df)
{
  double t2, x, y, i, ic;

  if (isnan (t) || !(df > 0.0))
    return NAN;
  if (isinf (df))
    return 2.0 * vigil_stats_normal_sf (fabs (t));
  if (isinf (t))
    return 0.0;

  t2 = t * t;
  if (!(t2 <= 1e200 * df))
    {
      /* x^a / (a B(a, 1/2)) with x = df / t^2, as c |t|^-df where that keeps more digits */
      double a = df / 2.0;
      double log_c = a * log (df) - log (a) - (lgamma (a) + lgamma (0.5) - lgamma (a + 0.5));
      double c = exp (log_c), tail = pow (fabs (t), -df);

      if (isfinite (c) && tail >= DBL_MIN)
        return c * tail;
      return exp (log_c - df * log (fabs (t)));
    }

  x = df / (df + t2);
  y = t2 / (df + t2);
  beta_inc_both (df / 2.0, 0.5, x, y, &i, &ic);
  return i;
}

/**
 * vigil_stats_two_proportion_z:
 * @x1: successes in the first sample (for Vigil, decisions of one category in the recent window)
 * @n1: size of the first sample
 * @x2: successes in the second sample (the baseline window)
 * @n2: size of the second sample
 * @out_z: (out) (optional): the statistic z, positive when x1 / n1 > x2 / n2
 *
 * The pooled two-proportion z-test of p1 = p2: with p = (x1 + x2) / (n1 + n2),
 * z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)), and the two-sided p-value
 * P(|Z| > |z|) from the normal distribution. It is a large-sample test, trustworthy when each
 * sample has at least about five successes and five failures; it equals the chi-square test of a
 * 2 x 2 table without continuity correction. When p is 0 or 1 the samples cannot differ: z = 0
 * and the p-value is 1.
 *
 * Returns: the two-sided p-value, or NAN (and @out_z NAN) when a size is not positive or a count
 *   is negative or larger than its sample
 */
double
vigil_stats_two_proportion_z (gint64  x1,
                              gint64  n1,
                              gint64  x2,
                              gint64  n2,
                              double *out_z)
{
  double n, x, pooled, pooled_c, se, z;

  if (out_z != NULL)
    *out_z = NAN;
  if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
    return NAN;

  n = (double) n1 + (double) n2;
  x = (double) x1 + (double) x2;
  if (x == 0.0 || x == n)
    {
      if (out_z != NULL)
        *out_z = 0.0;
      return 1.0;
    }

  pooled = x / n;
  pooled_c = (n - x) / n;
  se = sqrt (pooled * pooled_c * (1.0 / (double) n1 + 1.0 / (double) n2));
  z = ((double) x1 / (double) n1 - (double) x2 / (double) n2) / se;
  if (out_z != NULL)
    *out_z = z;
  return 2.0 * vigil_stats_normal_sf (fabs (z));
}

/**
 * vigil_stats_outside_range_test:
 * @k: values of the second sample outside the range [min, max] of the first
 * @m: size of the second sample (for Vigil, a numeric input's values in the recent window)
 * @n: size of the first sample (the baseline's values), > 0
 *
 * The exact test that @k values or more of the second sample fall outside the first sample's
 * range when both samples come from one continuous distribution. The n + m values are then
 * exchangeable: the a largest and b smallest of them all belong to the second sample with
 * probability f(a + b), where f(j) = m (m - 1) ... (m - j + 1) / (N (N - 1) ... (N - j + 1)) and
 * N = n + m, so that P(K = j) = (j + 1) (f(j) - 2 f(j + 1) + f(j + 2)) and the tail sums to
 * P(K >= k) = (k + 1) f(k) - k f(k + 1). The test allows for the chance that the first sample's
 * extremes lie short of the distribution's, which a comparison of two shares would not. Ties
 * with the first sample's extremes only make K smaller: the test stays conservative.
 *
 * Returns: the one-sided p-value P(K >= @k), or NAN when @n is not positive or @k is not in
 *   [0, @m]
 */
double
vigil_stats_outside_range_test (gint64 k,
                                gint64 m,
                                gint64 n)
{
  double N = (double) n + (double) m;
  double log_f;

  if (n <= 0 || m < 0 || k < 0 || k > m)
    return NAN;
  if (k == 0)
    return 1.0;

  log_f = lgamma ((double) m + 1.0) - lgamma ((double) (m - k) + 1.0) - lgamma (N + 1.0) +
          lgamma (N - (double) k + 1.0);
  /* f(k + 1) = f(k) (m - k) / (N - k) */
  return MIN (1.0, exp (log_f) * ((double) k + 1.0 -
                                  (double) k * (double) (m - k) / (N - (double) k)));
}

/**
 * vigil_stats_chi2_homogeneity:
 * @recent: (array length=n_categories): counts per category in the first sample
 * @baseline: (array length=n_categories): counts per category in the second sample
 * @n_categories: the number of categories
 * @out_stat: (out) (optional): Pearson's statistic
 * @out_df: (out) (optional): its degrees of freedom
 *
 * Pearson's chi-square test that two samples of a categorical variable come from the same
 * distribution, on the 2 x K contingency table: the sum over cells of (O - E)^2 / E with
 * E = row total x column total / N, against a chi-square with K' - 1 degrees of freedom, where K'
 * counts the categories seen in either sample (categories empty in both are dropped). A
 * category present in one sample only is kept; it is what a new kind of decision looks like.
 * When every decision falls in one category the distributions agree: statistic 0, df 0,
 * p-value 1. The approximation wants expected counts of about five or more; with fewer, the
 * p-value is indicative only.
 *
 * Returns: the p-value, or NAN (statistic NAN, df 0) when a sample is empty or a count is
 *   negative
 */
double
vigil_stats_chi2_homogeneity (const gint64 *recent,
                              const gint64 *baseline,
                              guint         n_categories,
                              double       *out_stat,
                              int          *out_df)
{
  double total_r = 0.0, total_b = 0.0, total, stat = 0.0;
  int seen = 0, df;

  if (out_stat != NULL)
    *out_stat = NAN;
  if (out_df != NULL)
    *out_df = 0;
  g_return_val_if_fail (n_categories == 0 || (recent != NULL && baseline != NULL), NAN);

  for (guint i = 0; i < n_categories; i++)
    {
      if (recent[i] < 0 || baseline[i] < 0)
        return NAN;
      total_r += (double) recent[i];
      total_b += (double) baseline[i];
      seen += (recent[i] + baseline[i]) > 0;
    }
  if (total_r == 0.0 || total_b == 0.0)
    return NAN;

  total = total_r + total_b;
  for (guint i = 0; i < n_categories; i++)
    {
      double col = (double) recent[i] + (double) baseline[i];
      double er, eb, dr, db;

      if (col == 0.0)
        continue;
      er = total_r * col / total;
      eb = total_b * col / total;
      dr = (double) recent[i] - er;
      db = (double) baseline[i] - eb;
      stat += dr * dr / er + db * db / eb;
    }

  df = seen - 1;
  if (out_stat != NULL)
    *out_stat = stat;
  if (out_df != NULL)
    *out_df = df;
  if (df == 0)
    return 1.0;
  return vigil_stats_chi2_sf (stat, df);
}

/**
 * vigil_stats_chi2_pooled:
 * @recent: (array length=n_categories): counts per category in the first sample
 * @baseline: (array length=n_categories): counts per category in the second sample
 * @n_categories: the number of categories
 * @min_expected: the smallest expected count a category keeps a cell of its own with (5 is
 *   the usual rule)
 * @pooled: (inout) (array length=n_categories): on entry, %TRUE for categories to pool in any
 *   case (a remainder of values not told apart); on return, %TRUE for every pooled one
 * @out_stat: (out) (optional): Pearson's statistic
 * @out_df: (out) (optional): its degrees of freedom
 *
 * vigil_stats_chi2_homogeneity() on a table whose sparse categories share one "other" cell,
 * so that rare or new categories (a category absent from one sample has an expected count
 * there that the approximation cannot bear alone) do not make the statistic explode. The
 * rarest categories are pooled first: every one whose expected count in the smaller sample is
 * below @min_expected, then more, from the rarest up, while the pooled cell itself is still
 * below it.
 *
 * Returns: the p-value, as vigil_stats_chi2_homogeneity() gives it for the pooled table
 */
double
vigil_stats_chi2_pooled (const gint64 *recent,
                         const gint64 *baseline,
                         guint         n_categories,
                         double        min_expected,
                         gboolean     *pooled,
                         double       *out_stat,
                         int          *out_df)
{
  g_autofree gint64 *cells_r = NULL;
  g_autofree gint64 *cells_b = NULL;
  double total_r = 0.0, total_b = 0.0, scale;
  gint64 pool_r = 0, pool_b = 0;
  guint n_cells = 0;

  g_return_val_if_fail (n_categories == 0 || (recent != NULL && baseline != NULL &&
                                              pooled != NULL), NAN);

  for (guint i = 0; i < n_categories; i++)
    {
      if (recent[i] < 0 || baseline[i] < 0)
        return vigil_stats_chi2_homogeneity (recent, baseline, n_categories, out_stat, out_df);
      total_r += (double) recent[i];
      total_b += (double) baseline[i];
    }
  if (total_r == 0.0 || total_b == 0.0)
    return vigil_stats_chi2_homogeneity (recent, baseline, n_categories, out_stat, out_df);

  /* A category's expected count in the smaller sample is its total times this. */
  scale = MIN (total_r, total_b) / (total_r + total_b);
  for (guint i = 0; i < n_categories; i++)
    {
      if ((double) (recent[i] + baseline[i]) * scale < min_expected)
        pooled[i] = TRUE;
      if (pooled[i])
        {
          pool_r += recent[i];
          pool_b += baseline[i];
        }
    }
  while (pool_r + pool_b > 0 && (double) (pool_r + pool_b) * scale < min_expected)
    {
      gint64 rarest_count = G_MAXINT64;
      guint rarest = n_categories;

      for (guint i = 0; i < n_categories; i++)
        if (!pooled[i] && recent[i] + baseline[i] < rarest_count)
          {
            rarest_count = recent[i] + baseline[i];
            rarest = i;
          }
      if (rarest == n_categories)
        break;
      pooled[rarest] = TRUE;
      pool_r += recent[rarest];
      pool_b += baseline[rarest];
    }

  cells_r = g_new (gint64, n_categories + 1);
  cells_b = g_new (gint64, n_categories + 1);
  for (guint i = 0; i < n_categories; i++)
    if (!pooled[i])
      {
        cells_r[n_cells] = recent[i];
        cells_b[n_cells] = baseline[i];
        n_cells++;
      }
  cells_r[n_cells] = pool_r;
  cells_b[n_cells] = pool_b;
  n_cells++;
  return vigil_stats_chi2_homogeneity (cells_r, cells_b, n_cells, out_stat, out_df);
}

/**
 * vigil_stats_welch_t:
 * @mean1: the mean of the first sample
 * @var1: its sample variance (with n - 1 in the denominator)
 * @n1: its size, >= 2
 * @mean2: the mean of the second sample
 * @var2: its sample variance
 * @n2: its size, >= 2
 * @out_t: (out) (optional): the statistic t, positive when @mean1 > @mean2
 * @out_df: (out) (optional): the Welch-Satterthwaite degrees of freedom
 *
 * Welch's t-test that two means are equal without assuming equal variances, from summary
 * statistics: t = (m1 - m2) / sqrt(v1/n1 + v2/n2) with
 * df = (v1/n1 + v2/n2)^2 / ((v1/n1)^2 / (n1 - 1) + (v2/n2)^2 / (n2 - 1)), and the two-sided
 * p-value from Student's t with that (non-integer) df. For confidence scores, which are bounded,
 * the t approximation is good from a few dozen decisions per window. When both variances are 0
 * the p-value is 1 if the means are equal and 0 otherwise (t is 0 or +-inf, df n1 + n2 - 2).
 *
 * Returns: the two-sided p-value, or NAN (and @out_t, @out_df NAN) when a sample has fewer than
 *   two values, a variance is negative, or an argument is not finite
 */
double
vigil_stats_welch_t (double  mean1,
                     double  var1,
                     gint64  n1,
                     double  mean2,
                     double  var2,
                     gint64  n2,
                     double *out_t,
                     double *out_df)
{
  double s1, s2, se2, t, df;

  if (out_t != NULL)
    *out_t = NAN;
  if (out_df != NULL)
    *out_df = NAN;
  if (n1 < 2 || n2 < 2 || !isfinite (mean1) || !isfinite (mean2) || !(var1 >= 0.0)
      || !(var2 >= 0.0) || isinf (var1) || isinf (var2))
    return NAN;

  s1 = var1 / (double) n1;
  s2 = var2 / (double) n2;
  se2 = s1 + s2;

  if (se2 == 0.0)
    {
      if (out_t != NULL)
        *out_t = mean1 == mean2 ? 0.0 : copysign (INFINITY, mean1 - mean2);
      if (out_df != NULL)
        *out_df = (double) n1 + (double) n2 - 2.0;
      return mean1 == mean2 ? 1.0 : 0.0;
    }

  t = (mean1 - mean2) / sqrt (se2);
  df = se2 * se2 / (s1 * s1 / ((double) n1 - 1.0) + s2 * s2 / ((double) n2 - 1.0));
  if (out_t != NULL)
    *out_t = t;
  if (out_df != NULL)
    *out_df = df;
  return vigil_stats_student_t_sf2 (t, df);
}

/* Two-sided exact binomial test with q = 1 - p passed separately (see below) */
static double
binomial_test (double k,
               double n,
               double p,
               double q)
{
  double m, threshold, pval;

  if (p == 0.0)
    return k == 0.0 ? 1.0 : 0.0;
  if (q == 0.0)
    return k == n ? 1.0 : 0.0;

  m = n * p;
  if (k == m)
    return 1.0;

  threshold = log_binom_density (k, n - k, p, q) + log1p (BINOM_REL_TOL);

  if (k < m)
    {
      /* The density does not increase from ceil(m) to n: find the first j there at or below
       * the threshold by bisection; the other tail is then P(X >= j). */
      double lo = ceil (m), hi = n, j;

      if (log_binom_density (hi, 0.0, p, q) > threshold)
        j = n + 1.0;
      else if (log_binom_density (lo, n - lo, p, q) <= threshold)
        j = lo;
      else
        {
          /* density(lo) > threshold >= density(hi) */
          while (hi - lo > 1.0)
            {
              double mid = floor (lo + (hi - lo) / 2.0);

              if (log_binom_density (mid, n - mid, p, q) <= threshold)
                hi = mid;
              else
                lo = mid;
            }
          j = hi;
        }
      pval = binom_cdf (k, n, p, q) + binom_sf (j, n, p, q);
    }
  else
    {
      /* The density does not decrease from 0 to floor(m): find the last i there at or below the
       * threshold; the other tail is P(X <= i). */
      double lo = 0.0, hi = floor (m), i;

      if (log_binom_density (lo, n, p, q) > threshold)
        i = -1.0;
      else if (log_binom_density (hi, n - hi, p, q) <= threshold)
        i = hi;
      else
        {
          /* density(lo) <= threshold < density(hi) */
          while (hi - lo > 1.0)
            {
              double mid = floor (lo + (hi - lo) / 2.0);

              if (log_binom_density (mid, n - mid, p, q) <= threshold)
                lo = mid;
              else
                hi = mid;
            }
          i = lo;
        }
      pval = binom_cdf (i, n, p, q) + binom_sf (k, n, p, q);
    }

  return MIN (pval, 1.0);
}

/**
 * vigil_stats_binomial_test:
 * @k: the number of successes
 * @n: the number of trials, > 0
 * @p: the success probability under the null hypothesis, in [0, 1]
 *
 * The exact two-sided binomial test, defined as R's binom.test() defines it: the p-value is the
 * total probability of the outcomes whose probability is no more than that of @k, with a
 * relative tolerance of 1e-7. Unimodality makes those outcomes two tails: the one beyond @k,
 * and on the other side of the mean n p the outcomes from a boundary found by bisection on the
 * log-density (Loader's saddle-point form, accurate to about 1e-15 relative at any n). Each tail
 * is one regularized incomplete beta. The work is O(log n + sqrt(n)) at worst, about 15
 * microseconds for n = 1e7, and n up to 1e9 and beyond is handled. Against exact rational sums
 * the relative error is about 1e-15 at ordinary p-values and below 3e-13 in far tails (1e-220).
 * An outcome equal to the mean gives 1.
 *
 * Returns: the two-sided p-value, or NAN when @n <= 0, @k is outside [0, n] or @p outside [0, 1]
 */
double
vigil_stats_binomial_test (gint64 k,
                           gint64 n,
                           double p)
{
  if (n <= 0 || k < 0 || k > n || !(p >= 0.0 && p <= 1.0))
    return NAN;

  return binomial_test ((double) k, (double) n, p, 1.0 - p);
}

/**
 * vigil_stats_poisson_rate_test:
 * @k1: events in the first window (for Vigil, decisions in the recent window)
 * @t1: the exposure of the first window, > 0 (days, say)
 * @k2: events in the second window (the baseline window)
 * @t2: the exposure of the second window, > 0, in the same unit
 *
 * The exact two-sided test that two Poisson rates are equal, k1 / t1 against k2 / t2. Given
 * k1 + k2 = n, k1 is Binomial(n, t1 / (t1 + t2)) under the null hypothesis, so the p-value is
 * that of vigil_stats_binomial_test() (the conditional test of R's poisson.test() for two
 * samples). It is exact for any counts; with no event in either window there is nothing to
 * compare and the p-value is 1.
 *
 * Returns: the two-sided p-value, or NAN when a count is negative or an exposure is not a
 *   positive finite number
 */
double
vigil_stats_poisson_rate_test (gint64 k1,
                               double t1,
                               gint64 k2,
                               double t2)
{
  double n;

  if (k1 < 0 || k2 < 0 || !(t1 > 0.0) || !(t2 > 0.0) || isinf (t1) || isinf (t2))
    return NAN;

  n = (double) k1 + (double) k2;
  if (n == 0.0)
    return 1.0;
  return binomial_test ((double) k1, n, t1 / (t1 + t2), t2 / (t1 + t2));
}

/**
 * vigil_stats_psi:
 * @baseline: (array length=n_bins): counts per bin in the baseline window (the expected shares)
 * @recent: (array length=n_bins): counts per bin in the recent window (the actual shares)
 * @n_bins: the number of bins
 *
 * The population stability index sum_i (a_i - e_i) ln(a_i / e_i), where e_i and a_i are the
 * shares of bin i in @baseline and @recent. So that an empty bin does not make it infinite,
 * 0.5 is added to every bin's count before the shares are taken:
 * e_i = (baseline_i + 0.5) / (B + n_bins / 2), and likewise a_i. The index is 0 for identical
 * distributions and grows with the shift; it is symmetric in the two samples. Its size under no
 * drift depends on the sample sizes, see vigil_stats_psi_critical().
 *
 * Returns: the index, >= 0, or NAN when either total is 0 or a count is negative
 */
double
vigil_stats_psi (const gint64 *baseline,
                 const gint64 *recent,
                 guint         n_bins)
{
  double total_b = 0.0, total_r = 0.0, norm_b, norm_r, psi = 0.0;

  g_return_val_if_fail (n_bins == 0 || (recent != NULL && baseline != NULL), NAN);

  for (guint i = 0; i < n_bins; i++)
    {
      if (baseline[i] < 0 || recent[i] < 0)
        return NAN;
      total_b += (double) baseline[i];
      total_r += (double) recent[i];
    }
  if (total_b == 0.0 || total_r == 0.0)
    return NAN;

  norm_b = total_b + 0.5 * n_bins;
  norm_r = total_r + 0.5 * n_bins;
  for (guint i = 0; i < n_bins; i++)
    {
      double e = ((double) baseline[i] + 0.5) / norm_b;
      double a = ((double) recent[i] + 0.5) / norm_r;

      psi += (a - e) * log (a / e);
    }
  return psi;
}

/**
 * vigil_stats_psi_critical:
 * @n_bins: the number of bins, >= 2
 * @n: the size of one sample (the baseline window), > 0
 * @m: the size of the other (the recent window), > 0
 * @confidence: the confidence level, in (0, 1), 0.95 say
 *
 * The PSI above which drift is significant at @confidence, taking the sample sizes into
 * account: under no drift, PSI / (1/n + 1/m) is asymptotically chi-square with n_bins - 1
 * degrees of freedom (B. Yurdakul, "Statistical properties of population stability index",
 * 2018), so the threshold is chi2_quantile(confidence, n_bins - 1) * (1/n + 1/m). Small samples
 * get a larger threshold than the customary fixed 0.1 or 0.25, large ones a smaller. The
 * approximation wants about five or more expected counts per bin.
 *
 * Returns: the threshold, or NAN when @n_bins < 2, a size is not positive or @confidence is
 *   outside (0, 1)
 */
double
vigil_stats_psi_critical (guint  n_bins,
                          gint64 n,
                          gint64 m,
                          double confidence)
{
  if (n_bins < 2 || n <= 0 || m <= 0 || !(confidence > 0.0 && confidence < 1.0))
    return NAN;

  return vigil_stats_chi2_quantile (confidence, n_bins - 1)
         * (1.0 / (double) n + 1.0 / (double) m);
}
