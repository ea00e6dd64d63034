/* vigil-store-desks.c: desks on a server: the desk a model is on, who sits at a desk, and who
 * holds which of Vigil's roles
 *
 * A model on a desk is seen by the desk's members, the auditors and the admins; one on no desk
 * by everyone (row-level security in vigil-schema-postgres.sql). Each change of a desk is an
 * event in the ledger, recorded under the login that made it. An SQLite file has no desks:
 * whoever can open the file sees everything in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-store-internal.h"

/* PostgreSQL's longest name (NAMEDATALEN - 1): a longer login cannot exist */
#define MAX_LOGIN_LEN 63

static gboolean
check_server (VigilStore  *self,
              gboolean     roles,
              GError     **error)
{
  if (vigil_sql_get_engine (self->db) == VIGIL_SQL_POSTGRESQL)
    return TRUE;
  if (roles)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
                 _("Roles and desks need a PostgreSQL database; “%s” is a file, whose every "
                   "model is seen by whoever can open it. Create a shared database with "
                   "“vigilctl --db postgresql://… init”."), self->path);
  else
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
                 _("Desks need a PostgreSQL database; “%s” is a file, whose every model is "
                   "seen by whoever can open it. Create a shared database with “vigilctl "
                   "--db postgresql://… init”."), self->path);
  return FALSE;
}

static gboolean
check_desk_name (const char  *desk,
                 GError     **error)
{
  if (desk == NULL || *desk == '\0' || !g_utf8_validate (desk, -1, NULL) ||
      strlen (desk) > VIGIL_MAX_NAME_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A desk needs a name: UTF-8 text of 1 to %d bytes"), VIGIL_MAX_NAME_LEN);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_desk (VigilStore *self,
             const char *desk)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  if (vigil_sql_prepare (self->db, "INSERT INTO desks (name) VALUES (?) "
                         "ON CONFLICT (name) DO NOTHING", &stmt) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (stmt, 1, desk, -1);
  return vigil_sql_step (stmt) == VIGIL_SQL_DONE;
}

static void
put_member (GString    *out,
            const char *key,
            const char *value)
{
  g_string_append_c (out, out->len > 0 ? ',' : '{');
  vigil_json_write_string (out, key);
  g_string_append_c (out, ':');
  if (value != NULL)
    vigil_json_write_string (out, value);
  else
    g_string_append (out, "null");
}

/**
 * vigil_store_set_model_desk:
 * @desk: (nullable): the desk, created when missing; %NULL to take the model off its desk
 * @out_changed: (out) (optional): whether anything changed
 *
 * Puts a model on a desk, or on none, with a “set_desk” event (target “model:NAME”, details
 * the desk and the previous one) in the same transaction. Setting the desk the model is
 * already on changes nothing and records nothing. Needs a server and an admin's login.
 */
gboolean
vigil_store_set_model_desk (VigilStore  *self,
                            const char  *model_name,
                            const char  *desk,
                            gboolean    *out_changed,
                            GError     **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *previous = NULL;
  g_autofree char *target = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL, FALSE);

  if (out_changed != NULL)
    *out_changed = FALSE;
  if (!check_server (self, FALSE, error) || (desk != NULL && !check_desk_name (desk, error)))
    return FALSE;
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db, "SELECT desk FROM models WHERE name = ?",
                         &select) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (select, 1, model_name, -1);
  rc = vigil_sql_step (select);
  if (rc == VIGIL_SQL_DONE)
    {
      vigil_store_rollback (self);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no model “%s” in “%s”: a model is listed once it has logged "
                     "decisions"), model_name, self->path);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  previous = vigil_sql_column_dup (select, 0);
  if (g_strcmp0 (previous, desk) == 0)
    {
      vigil_store_rollback (self);
      return TRUE;
    }

  if (desk != NULL && !ensure_desk (self, desk))
    goto fail;
  if (vigil_sql_prepare (self->db, "UPDATE models SET desk = ? WHERE name = ?",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, desk, -1);
  vigil_sql_bind_text (update, 2, model_name, -1);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  target = g_strconcat ("model:", model_name, NULL);
  put_member (details, "desk", desk);
  put_member (details, "previous_desk", previous);
  g_string_append_c (details, '}');
  if (!vigil_store_append_event (self, self->identity, "set_desk", target, details->str, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = TRUE;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not set the model’s desk"));
  vigil_store_rollback (self);
  return FALSE;
}

/* @name as an SQL identifier, for a hint a person copies */
static char *
quote_identifier (const char *name)
{
  g_autoptr(GString) out = NULL;

  if (g_regex_match_simple ("^[a-z_][a-z0-9_]*$", name, 0, 0))
    return g_strdup (name);
  out = g_string_new ("\"");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Inside the write transaction: whether @login names a role that can log in */
static gboolean
check_login (VigilStore  *self,
             const char  *login,
             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (login == NULL || *login == '\0' || !g_utf8_validate (login, -1, NULL) ||
      strlen (login) > MAX_LOGIN_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A desk member is a login: a name of 1 to %d bytes"), MAX_LOGIN_LEN);
      return FALSE;
    }
  if (vigil_sql_prepare (self->db, "SELECT rolcanlogin FROM pg_catalog.pg_roles "
                         "WHERE rolname = ?", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, login, -1);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_DONE)
    {
      g_autofree char *quoted = quote_identifier (login);

      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no login “%s” on the server of “%s”; the server’s administrator "
                     "creates it: CREATE ROLE %s LOGIN IN ROLE vigil_reviewer;"), login,
                   self->path, quoted);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  if (!vigil_sql_column_int (stmt, 0))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is a role no one logs in as; a desk lists logins"), login);
      return FALSE;
    }
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not look up the login"));
  return FALSE;
}

static gboolean
change_member (VigilStore  *self,
               const char  *desk,
               const char  *login,
               gboolean     add,
               gboolean    *out_changed,
               GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *target = NULL;

  if (out_changed != NULL)
    *out_changed = FALSE;
  if (!check_server (self, FALSE, error) || !check_desk_name (desk, error))
    return FALSE;
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (add)
    {
      if (!check_login (self, login, error))
        {
          vigil_store_rollback (self);
          return FALSE;
        }
      if (!ensure_desk (self, desk) ||
          vigil_sql_prepare (self->db, "INSERT INTO desk_members (desk, member) VALUES (?, ?) "
                             "ON CONFLICT (desk, member) DO NOTHING", &stmt) != VIGIL_SQL_OK)
        goto fail;
    }
  else if (vigil_sql_prepare (self->db, "DELETE FROM desk_members WHERE desk = ? AND member = ?",
                              &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, desk, -1);
  vigil_sql_bind_text (stmt, 2, login, -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;

  if (vigil_sql_changes (self->db) == 0)
    {
      vigil_store_rollback (self);
      if (!add)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                       _("“%s” is not a member of desk “%s”"), login, desk);
          return FALSE;
        }
      return TRUE;
    }

  target = g_strconcat ("desk:", desk, NULL);
  put_member (details, "member", login);
  g_string_append_c (details, '}');
  if (!vigil_store_append_event (self, self->identity,
                                 add ? "desk_add_member" : "desk_remove_member", target,
                                 details->str, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = TRUE;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, add ? _("Could not add the desk member")
                                             : _("Could not remove the desk member"));
  vigil_store_rollback (self);
  return FALSE;
}

/**
 * vigil_store_add_desk_member:
 * @desk: the desk, created when missing
 * @login: a login on the server
 * @out_changed: (out) (optional): whether @login was not a member yet
 *
 * Lets @login see the models on @desk, with a “desk_add_member” event (target “desk:NAME”,
 * details the member) in the same transaction. Adding a member again records nothing.
 * Needs a server and an admin's login.
 */
gboolean
vigil_store_add_desk_member (VigilStore  *self,
                             const char  *desk,
                             const char  *login,
                             gboolean    *out_changed,
                             GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return change_member (self, desk, login, TRUE, out_changed, error);
}

/**
 * vigil_store_remove_desk_member:
 *
 * Takes @login off @desk, with a “desk_remove_member” event in the same transaction. A
 * login that is not a member gives %VIGIL_STORE_ERROR_NOT_FOUND. Needs a server and an
 * admin's login.
 */
gboolean
vigil_store_remove_desk_member (VigilStore  *self,
                                const char  *desk,
                                const char  *login,
                                GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return change_member (self, desk, login, FALSE, NULL, error);
}

void
vigil_login_access_free (VigilLoginAccess *access)
{
  if (access == NULL)
    return;
  g_free (access->login);
  g_strfreev (access->roles);
  g_strfreev (access->desks);
  g_free (access);
}

/* One row per role held, desk sat at, or superuser flag of a login, by login. A role held
 * through another role (a team granted vigil_reviewer) counts; vigil_admin's own grants of
 * the other three do not, so an admin shows as vigil_admin. */
static const char access_sql[] =
  "WITH RECURSIVE grants (login, role) AS ( "
  "    SELECT m.member, m.roleid FROM pg_catalog.pg_auth_members m "
  "  UNION "
  "    SELECT g.login, m.roleid FROM grants g "
  "      JOIN pg_catalog.pg_roles via ON via.oid = g.role "
  "      JOIN pg_catalog.pg_auth_members m ON m.member = g.role "
  "     WHERE via.rolname NOT IN ('vigil_auditor', 'vigil_reviewer', 'vigil_ingest', "
  "                               'vigil_admin') "
  "), entries (login, kind, value) AS ( "
  "    SELECT l.rolname::text, 'role', r.rolname::text FROM grants g "
  "      JOIN pg_catalog.pg_roles l ON l.oid = g.login "
  "      JOIN pg_catalog.pg_roles r ON r.oid = g.role "
  "     WHERE l.rolcanlogin AND r.rolname IN ('vigil_auditor', 'vigil_reviewer', "
  "                                           'vigil_ingest', 'vigil_admin') "
  "  UNION "
  "    SELECT member::text, 'desk', desk FROM desk_members "
  "  UNION "
  "    SELECT rolname::text, 'superuser', NULL FROM pg_catalog.pg_roles "
  "     WHERE rolsuper AND rolcanlogin "
  ") "
  "SELECT e.login, e.kind, e.value, l.oid IS NOT NULL, coalesce (l.rolsuper, false), "
  "       coalesce (pg_catalog.pg_has_role (l.oid, 'vigil_auditor', 'MEMBER'), false) "
  "  FROM entries e LEFT JOIN pg_catalog.pg_roles l ON l.rolname = e.login AND l.rolcanlogin "
  " ORDER BY e.login, e.kind, e.value";

/* Ends @access's lists, taking @roles and @desks */
static void
finish_login (VigilLoginAccess  *access,
              GPtrArray        **roles,
              GPtrArray        **desks)
{
  g_ptr_array_add (*roles, NULL);
  g_ptr_array_add (*desks, NULL);
  access->roles = (GStrv) g_ptr_array_free (g_steal_pointer (roles), FALSE);
  access->desks = (GStrv) g_ptr_array_free (g_steal_pointer (desks), FALSE);
}

/**
 * vigil_store_list_access:
 *
 * Who may do what on this server database: every login that holds one of Vigil's group roles
 * (vigil_auditor, vigil_reviewer, vigil_ingest, vigil_admin, directly or through another
 * role), sits at a desk or is a superuser, with its roles and desks. Needs a server.
 *
 * Returns: (transfer full) (element-type VigilLoginAccess): the logins by name, or %NULL
 *   with @error set
 */
GPtrArray *
vigil_store_list_access (VigilStore  *self,
                         GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) desks = NULL;
  VigilLoginAccess *current = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (!check_server (self, TRUE, error))
    return NULL;
  if (vigil_sql_prepare (self->db, access_sql, &stmt) != VIGIL_SQL_OK)
    goto fail;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_login_access_free);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *login = vigil_sql_column_text (stmt, 0);
      const char *kind = vigil_sql_column_text (stmt, 1);
      const char *value = vigil_sql_column_text (stmt, 2);

      if (current == NULL || g_strcmp0 (current->login, login) != 0)
        {
          if (current != NULL)
            finish_login (current, &roles, &desks);
          current = g_new0 (VigilLoginAccess, 1);
          current->login = g_strdup (login);
          current->exists = vigil_sql_column_int (stmt, 3) != 0;
          current->superuser = vigil_sql_column_int (stmt, 4) != 0;
          current->sees_every_desk = vigil_sql_column_int (stmt, 5) != 0;
          g_ptr_array_add (list, current);
          roles = g_ptr_array_new_with_free_func (g_free);
          desks = g_ptr_array_new_with_free_func (g_free);
        }
      if (g_strcmp0 (kind, "role") == 0)
        g_ptr_array_add (roles, g_strdup (value));
      else if (g_strcmp0 (kind, "desk") == 0)
        g_ptr_array_add (desks, g_strdup (value));
    }
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  if (current != NULL)
    finish_login (current, &roles, &desks);
  return g_steal_pointer (&list);

fail:
  vigil_store_set_sql_error (self, error, _("Could not list who has access"));
  return NULL;
}
