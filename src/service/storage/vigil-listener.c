/* vigil-listener.c: hears what other connections change in a shared database
 *
 * On PostgreSQL the schema's triggers notify the channel "vigil" once per statement that
 * adds decisions, alerts or events, or updates decisions and alerts (a batch of an import is
 * one notification, see vigil-schema-postgres.sql). A listener holds a connection of its own
 * in a thread of its own, blocked on the server's socket until a notification arrives, and
 * emits ::changed on the main context it was started on: an acknowledgement made in one
 * window shows in another without polling.
 *
 * When the connection is lost the listener says so (the ::connected property), opens it again
 * after a growing pause, and once it is back emits ::changed, since it may have missed
 * notifications in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-listener"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-listener.h"
#include "vigil-main-context.h"
#include "vigil-sql.h"

/* The pause before the first attempt to reconnect, and the longest */
#define FIRST_PAUSE_MSEC 250
#define LAST_PAUSE_MSEC  8000

#define CHANNEL "vigil"

struct _VigilListener
{
  GObject       parent_instance;

  char         *location;
  GMainContext *context;
  GThread      *thread;
  GCancellable *cancellable;
  gboolean      connected;
  char         *problem;
};

G_DEFINE_FINAL_TYPE (VigilListener, vigil_listener, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What the thread hands the main context; the weak reference lets the listener go away
 * while a message is on its way. */
typedef struct
{
  GWeakRef   listener;
  gboolean   changed;
  gboolean   set_connected;
  gboolean   connected;
  char      *problem;
  GPtrArray *payloads;
} Message;

static void
message_free (Message *message)
{
  g_weak_ref_clear (&message->listener);
  g_free (message->problem);
  g_clear_pointer (&message->payloads, g_ptr_array_unref);
  g_free (message);
}

static gboolean
deliver_cb (gpointer data)
{
  Message *message = data;
  g_autoptr(VigilListener) self = g_weak_ref_get (&message->listener);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (message->set_connected)
    {
      g_free (self->problem);
      self->problem = g_steal_pointer (&message->problem);
      if (self->connected != message->connected)
        {
          self->connected = message->connected;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        }
    }
  if (message->changed)
    {
      for (guint i = 0; message->payloads != NULL && i < message->payloads->len; i++)
        g_debug ("notified: %s", (char *) g_ptr_array_index (message->payloads, i));
      g_signal_emit (self, signals[CHANGED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
post (VigilListener *self,
      Message       *message)
{
  g_weak_ref_init (&message->listener, self);
  vigil_main_context_post (self->context, G_PRIORITY_DEFAULT, deliver_cb, message,
                           (GDestroyNotify) message_free);
}

static void
post_connected (VigilListener *self,
                gboolean       connected,
                gboolean       changed,
                const char    *problem)
{
  Message *message = g_new0 (Message, 1);

  message->set_connected = TRUE;
  message->connected = connected;
  message->changed = changed;
  message->problem = g_strdup (problem);
  post (self, message);
}

/* Waits @msec unless cancelled first; FALSE when cancelled */
static gboolean
pause_unless_cancelled (GCancellable *cancellable,
                        int           msec)
{
  GPollFD fd;

  if (!g_cancellable_make_pollfd (cancellable, &fd))
    return !g_cancellable_is_cancelled (cancellable);
  g_poll (&fd, 1, msec);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_is_cancelled (cancellable);
}

/* The thread owns @sql alone; the listener outlives the thread (vigil_listener_stop() joins
 * it before the listener is freed). */
static gpointer
listen_thread (gpointer data)
{
  VigilListener *self = data;
  VigilSql *sql = NULL;
  gboolean connected = FALSE;
  gboolean ever_connected = FALSE;
  int pause = FIRST_PAUSE_MSEC;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GPtrArray) payloads = NULL;
      int rc;

      if (sql == NULL)
        {
          rc = vigil_sql_open (self->location, 0, &sql);
          if (rc == VIGIL_SQL_OK)
            rc = vigil_sql_listen (sql, CHANNEL);
          if (rc != VIGIL_SQL_OK)
            {
              g_autofree char *problem =
                g_strdup_printf (_("Cannot hear changes from the server: %s"),
                                 vigil_sql_errmsg (sql));

              g_clear_pointer (&sql, vigil_sql_close);
              post_connected (self, FALSE, FALSE, problem);
              if (!pause_unless_cancelled (self->cancellable, pause))
                break;
              pause = MIN (pause * 2, LAST_PAUSE_MSEC);
              continue;
            }
        }

      /* Once the connection is lost, the next wait opens it again at once: a zero timeout
       * then tells at once whether it came back. */
      rc = vigil_sql_wait_notification (sql, connected ? -1 : 0, self->cancellable, &payloads);
      if (rc == VIGIL_SQL_INTERRUPT)
        break;
      if (rc != VIGIL_SQL_OK)
        {
          g_autofree char *problem =
            g_strdup_printf (_("Lost the connection to the server: %s"), vigil_sql_errmsg (sql));

          if (connected)
            post_connected (self, FALSE, FALSE, problem);
          connected = FALSE;
          if (!pause_unless_cancelled (self->cancellable, pause))
            break;
          pause = MIN (pause * 2, LAST_PAUSE_MSEC);
          continue;
        }

      if (!connected)
        {
          /* Back (or there for the first time): what changed meanwhile went unheard */
          connected = TRUE;
          pause = FIRST_PAUSE_MSEC;
          post_connected (self, TRUE, ever_connected, NULL);
          ever_connected = TRUE;
        }
      if (payloads->len > 0)
        {
          Message *message = g_new0 (Message, 1);

          message->changed = TRUE;
          message->payloads = g_steal_pointer (&payloads);
          post (self, message);
        }
    }

  g_clear_pointer (&sql, vigil_sql_close);
  return NULL;
}

static void
vigil_listener_dispose (GObject *object)
{
  vigil_listener_stop (VIGIL_LISTENER (object));

  G_OBJECT_CLASS (vigil_listener_parent_class)->dispose (object);
}

static void
vigil_listener_finalize (GObject *object)
{
  VigilListener *self = VIGIL_LISTENER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->location);
  g_free (self->problem);

  G_OBJECT_CLASS (vigil_listener_parent_class)->finalize (object);
}

static void
vigil_listener_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilListener *self = VIGIL_LISTENER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_listener_class_init (VigilListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_listener_dispose;
  object_class->finalize = vigil_listener_finalize;
  object_class->get_property = vigil_listener_get_property;

  /**
   * VigilListener:connected:
   *
   * Whether the listener's connection to the server is up: while it is not, changes made
   * elsewhere go unheard (they are caught up with when it is back).
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilListener::changed:
   *
   * Emitted on the main context the listener was started on when another connection
   * committed decisions, alerts or events, or after a lost connection came back.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_listener_init (VigilListener *self)
{
}

/**
 * vigil_listener_new:
 * @location: a database server's URI
 *
 * Returns: (transfer full): a listener, not yet listening
 */
VigilListener *
vigil_listener_new (const char *location)
{
  VigilListener *self;

  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_LISTENER, NULL);
  self->location = g_strdup (location);
  return self;
}

/**
 * vigil_listener_start:
 *
 * Starts listening in a thread of its own; ::changed is emitted on the thread-default main
 * context of the caller.
 */
void
vigil_listener_start (VigilListener *self)
{
  g_return_if_fail (VIGIL_IS_LISTENER (self));
  g_return_if_fail (self->thread == NULL);

  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_new ("vigil-listener", listen_thread, self);
}

/**
 * vigil_listener_stop:
 *
 * Stops listening and waits for the thread to end: at once, since the thread waits on the
 * cancellable as well as on the server.
 */
void
vigil_listener_stop (VigilListener *self)
{
  g_return_if_fail (VIGIL_IS_LISTENER (self));

  if (self->thread == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
}

gboolean
vigil_listener_is_connected (VigilListener *self)
{
  g_return_val_if_fail (VIGIL_IS_LISTENER (self), FALSE);

  return self->connected;
}

/**
 * vigil_listener_get_problem:
 *
 * Returns: (nullable): why the listener is not connected, for the user
 */
const char *
vigil_listener_get_problem (VigilListener *self)
{
  g_return_val_if_fail (VIGIL_IS_LISTENER (self), NULL);

  return self->problem;
}
