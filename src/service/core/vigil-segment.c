/* vigil-segment.c: the context fields whose values segment a model's decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-segment.h"

/**
 * vigil_segment_field:
 * @name: a context field's name, as a policy's segment_by gives it
 *
 * The context fields whose values segment a model's decisions are a fixed set of columns;
 * only this table's own strings ever name one in a query.
 *
 * Returns: (transfer none) (nullable): the field's name from the table, %NULL when @name is not
 *   one of them
 */
const char *
vigil_segment_field (const char *name)
{
  static const char * const fields[] = { "sector", "portfolio_id", "user_id", "ticker" };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (name, fields[i]))
      return fields[i];
  return NULL;
}
