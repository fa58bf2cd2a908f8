"""Celery application, wired the common way: settings from Django (namespace CELERY),
tasks discovered in every installed app."""

import logging
import os

from celery import Celery
from kombu.transport import redis as kombu_redis
from kombu.transport import virtual as kombu_virtual

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leusden_portal.settings.dev")

logger = logging.getLogger(__name__)


class RedisQoS(kombu_redis.QoS):
    """kombu's Redis QoS, minus two crashes of the worker when Redis goes away (kombu 5.7.0,
    both found by `make faults`, scenario 1).

    On a lost connection Celery closes the consumer's connection. (1) The channel gives back
    the messages it holds unacknowledged through a transport whose `client` was already
    cleared; (2) a task that was running then finishes and acknowledges its message (tasks
    are acknowledged late) on the closed channel, which has no transport at all. Both raise
    AttributeError in kombu's `_connparams`, which Celery treats as unrecoverable: the worker
    stops. With no transport there is nothing to reach Redis through, and nothing is lost by
    not trying: each such message is still in Redis's unacked set, from which a worker's
    `restore_visible` puts it back on its queue after the visibility timeout. Our tasks are
    safe to run again (an outbox row that was sent is never sent twice), and if Redis itself
    lost the messages, the outbox sweep queues the notifications again."""

    def _transport_gone(self):
        transport = self.channel.connection
        return transport is None or transport.client is None

    def restore_unacked(self, client=None):
        if client is None and self._transport_gone():
            logger.warning(
                "broker connection already closed: %d unacknowledged message(s) stay in the "
                "broker's unacked set until the visibility timeout returns them",
                len(self._delivered),
            )
            self._delivered.clear()
            return None
        return super().restore_unacked(client)

    def ack(self, delivery_tag):
        if self._transport_gone():
            logger.warning(
                "broker connection lost before a task's acknowledgement: its message comes "
                "back after the visibility timeout (our tasks are safe to run again)"
            )
            return kombu_virtual.QoS.ack(self, delivery_tag)  # local bookkeeping only
        return super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        if self._transport_gone():
            logger.warning(
                "broker connection lost before a task's rejection: its message comes back "
                "after the visibility timeout"
            )
            return kombu_virtual.QoS.ack(self, delivery_tag)
        return super().reject(delivery_tag, requeue=requeue)


kombu_redis.Channel.QoS = RedisQoS

app = Celery("leusden_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
