"""Celery application, wired the common way: settings from Django (namespace CELERY),
tasks discovered in every installed app."""

import logging
import os

from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leusden_portal.settings.dev")

logger = logging.getLogger(__name__)


class RedisQoS(kombu_redis.QoS):
    """kombu's Redis QoS, minus a crash of the worker when Redis goes away (kombu 5.7.0).

    On a lost connection Celery closes the consumer's connection; the channel then gives back
    the messages it holds unacknowledged, through a transport whose `client` was already
    cleared, and `_connparams` raises AttributeError ('NoneType' object has no attribute
    'hostname'), which Celery treats as unrecoverable: the worker stops (found by
    `make faults`, scenario 1). With no transport left there is nothing to give them back
    through, and nothing needs to be: each such message is still in Redis's unacked set, from
    which the next worker's `restore_visible` puts it back on its queue after the visibility
    timeout (if Redis itself lost them, the outbox sweep queues the notification again)."""

    def restore_unacked(self, client=None):
        if client is None and self.channel.connection.client is None:
            logger.warning(
                "broker connection already closed: %d unacknowledged message(s) stay in the "
                "broker's unacked set until the visibility timeout returns them",
                len(self._delivered),
            )
            self._delivered.clear()
            return None
        return super().restore_unacked(client)


kombu_redis.Channel.QoS = RedisQoS

app = Celery("leusden_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
