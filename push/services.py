"""Issue 20 writes: connecting a group robot, turning notifications into messages for the
robots that want them, and one attempt at delivering a message (the task's body).

Nothing here runs inside the action that notified: the listener is called after commit
(outreach.registry), the sending happens in the worker, and a robot's failure is recorded
on its message for the manager to see, never raised into the action."""

import logging
import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outreach.dates import today
from outreach.guard import require
from outreach.jobs import enqueue
from outreach.models import Group, Notification
from outreach.selectors import memberships_on, staff_of

from .crypto import SecretUnreadable, secret_open, secret_seal, webhook_mask
from .kinds import GROUP_WIDE, PUSH_KINDS, push_kind_of
from .models import Delivery, DeliveryState, GroupRobot, Platform
from .webhooks import RobotError, message_body, robot_post, signed_url, webhook_check

logger = logging.getLogger(__name__)

MANAGE = "push.manage_robots"
# WeCom and DingTalk both allow 20 messages a minute per robot (DingTalk then mutes the
# robot for 10 minutes): a sliding window over the requests' times, per robot.
RATE_LIMIT = 20
RATE_WINDOW = timedelta(minutes=1)
MAX_ATTEMPTS = 5
BACKOFF = timedelta(seconds=30)  # 30 s, 1 min, 2 min, 4 min between the attempts
STALE_SENDING = timedelta(minutes=2)  # a worker that died mid-request: try again


# --- the manager's robots -----------------------------------------------------------------


def _kinds_clean(kinds) -> list[str]:
    unknown = set(kinds) - set(PUSH_KINDS)
    if unknown:
        raise ValidationError({"kinds": _("Choose among the listed notifications.")})
    return [kind for kind in PUSH_KINDS if kind in kinds]


def _webhook_clean(platform: str, webhook: str) -> str:
    if platform not in Platform.values:
        raise ValidationError({"platform": _("Choose WeCom or DingTalk.")})
    try:
        return webhook_check(platform, webhook)
    except ValidationError as error:
        raise ValidationError({"webhook": error.messages}) from None


@transaction.atomic
def robot_create(
    *,
    actor: User,
    group: Group,
    name: str,
    platform: str,
    webhook: str,
    secret: str = "",
    kinds: list[str],
    is_active: bool = True,
) -> GroupRobot:
    require(actor, MANAGE)
    webhook = _webhook_clean(platform, webhook)
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the robot, e.g. the chat's name.")})
    return GroupRobot.objects.create(
        group=group,
        name=name.strip()[:50],
        platform=platform,
        webhook_sealed=secret_seal(webhook),
        webhook_hint=webhook_mask(webhook),
        secret_sealed=secret_seal(secret.strip()) if platform == Platform.DINGTALK else "",
        kinds=_kinds_clean(kinds),
        is_active=is_active,
    )


@transaction.atomic
def robot_update(
    *,
    actor: User,
    robot: GroupRobot,
    name: str,
    platform: str,
    webhook: str = "",
    secret: str = "",
    secret_clear: bool = False,
    kinds: list[str],
    is_active: bool,
) -> GroupRobot:
    """A blank webhook or secret keeps the stored one (they are never shown back)."""
    require(actor, MANAGE)
    robot = GroupRobot.objects.select_for_update().get(pk=robot.pk)
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the robot, e.g. the chat's name.")})
    if (webhook or "").strip():
        webhook = _webhook_clean(platform, webhook)
        robot.webhook_sealed, robot.webhook_hint = secret_seal(webhook), webhook_mask(webhook)
    elif platform != robot.platform:
        raise ValidationError({"webhook": _("Paste the new platform's webhook address.")})
    if platform != Platform.DINGTALK or secret_clear:
        robot.secret_sealed = ""
    elif secret.strip():
        robot.secret_sealed = secret_seal(secret.strip())
    robot.name, robot.platform = name.strip()[:50], platform
    robot.kinds, robot.is_active = _kinds_clean(kinds), is_active
    robot.save(
        update_fields=[
            "name",
            "platform",
            "webhook_sealed",
            "webhook_hint",
            "secret_sealed",
            "kinds",
            "is_active",
            "updated_at",
        ]
    )
    return robot


@transaction.atomic
def robot_test_send(*, actor: User, robot: GroupRobot) -> Delivery:
    """Queue a test message to the robot (sent after commit, like every message)."""
    require(actor, MANAGE)
    if not robot.is_active:
        raise ValidationError(_("Turn the robot on before sending it a test message."))
    me = staff_of(actor)
    delivery = Delivery.objects.create(
        robot=robot,
        dedupe_key=f"test:{uuid.uuid4().hex}",
        title=_("Outreach test message"),
        text="> "
        + _("This group chat is connected to Outreach (test sent by %(name)s).")
        % {"name": me.name if me else actor.get_username()},
    )
    transaction.on_commit(lambda: deliveries_enqueue([delivery.pk]))
    return delivery


# --- from notifications to messages ----------------------------------------------------------


def _link(path: str) -> str:
    base = settings.PUSH_SITE_URL
    if not (base and path):
        return ""
    return "\n\n[%(label)s](%(url)s)" % {"label": _("Open in Outreach"), "url": base + path}


def deliveries_for_notifications(notifications: list[Notification]) -> list[int]:
    """The messages (new, queued) for the robots of each recipient's group that chose the
    notification's kind: one per robot and notification, or one per robot and event for
    group-wide news. Four queries, whatever the number. Returns the messages' ids."""
    recipients = {n.recipient_id for n in notifications}
    place = {
        user_id: (group_id, name)
        for user_id, group_id, name in memberships_on(today())
        .filter(staff__user_id__in=recipients)
        .values_list("staff__user_id", "group_id", "staff__name")
    }
    by_group = defaultdict(list)
    for robot in GroupRobot.objects.filter(
        group_id__in={group_id for group_id, _name in place.values()}, is_active=True
    ):
        by_group[robot.group_id].append(robot)
    wanted: dict[tuple[int, str], Delivery] = {}
    with translation.override(settings.LANGUAGE_CODE):  # a group chat reads the team's language
        for notification in notifications:
            kind = push_kind_of(notification.kind)
            group_id, name = place.get(notification.recipient_id, (None, ""))
            for robot in by_group.get(group_id, []) if kind else []:
                if kind not in robot.kinds:
                    continue
                if kind in GROUP_WIDE:
                    key, text = f"{kind}:{notification.object_key}", f"> {notification.message}"
                else:
                    key, text = f"n:{notification.pk}", f"> {name}: {notification.message}"
                wanted.setdefault(
                    (robot.pk, key[:120]),
                    Delivery(
                        robot=robot,
                        notification=notification,
                        dedupe_key=key[:120],
                        title=str(PUSH_KINDS[kind])[:100],
                        text=text + _link(notification.link),
                    ),
                )
    if not wanted:
        return []
    Delivery.objects.bulk_create(wanted.values(), ignore_conflicts=True)
    # The new ones (and any older one never tried, e.g. left by a broker outage).
    return list(
        Delivery.objects.filter(
            robot_id__in={robot_id for robot_id, _key in wanted},
            dedupe_key__in={key for _robot_id, key in wanted},
            state=DeliveryState.QUEUED,
            attempts=0,
            next_attempt_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def deliveries_enqueue(delivery_ids) -> None:
    from .tasks import push_deliver

    for delivery_id in delivery_ids:
        enqueue(push_deliver, delivery_id)


# --- one attempt ------------------------------------------------------------------------------


def _begin(delivery_id: int, now) -> tuple[Delivery | None, float | None]:
    """Claim the message for one request, inside the robot's rate limit. Returns (the
    message to send, None), (None, seconds to wait) or (None, None) when nothing is due."""
    with transaction.atomic():
        # The robot's row is the lock that keeps its window's count exact across workers.
        robot = (
            GroupRobot.objects.select_for_update(of=("self",))
            .filter(deliveries=delivery_id)
            .first()
        )
        if robot is None:
            return None, None
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        stale = delivery.state == DeliveryState.SENDING and (
            delivery.attempted_at is None or delivery.attempted_at < now - STALE_SENDING
        )
        if delivery.state != DeliveryState.QUEUED and not stale:
            return None, None  # sent, failed or being sent: a second run does nothing
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
            return None, None  # early duplicate: the scheduled run will come
        if not robot.is_active:
            delivery.state, delivery.last_error = DeliveryState.SKIPPED, _("The robot is off.")
            delivery.save(update_fields=["state", "last_error"])
            return None, None
        recent = sorted(
            Delivery.objects.filter(robot=robot, attempted_at__gt=now - RATE_WINDOW)
            .exclude(pk=delivery.pk)
            .values_list("attempted_at", flat=True)
        )
        if len(recent) >= RATE_LIMIT:
            free_at = recent[len(recent) - RATE_LIMIT] + RATE_WINDOW
            delivery.next_attempt_at = free_at
            delivery.save(update_fields=["next_attempt_at"])
            return None, max((free_at - now).total_seconds(), 1.0)
        delivery.state, delivery.attempted_at = DeliveryState.SENDING, now
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.save(update_fields=["state", "attempted_at", "attempts", "next_attempt_at"])
        delivery.robot = robot
        return delivery, None


def delivery_attempt(*, delivery_id: int) -> float | None:
    """Send the message once. Returns the seconds after which to try again (the rate
    limit, or the back-off after a failure), or None when it is done either way."""
    delivery, wait = _begin(delivery_id, timezone.now())
    if delivery is None:
        return wait
    robot = delivery.robot
    try:
        url = signed_url(secret_open(robot.webhook_sealed), secret_open(robot.secret_sealed))
        robot_post(url, message_body(robot.platform, delivery.title, delivery.text))
    except SecretUnreadable:
        error, final = _("The webhook cannot be read (the key changed): enter it again."), True
    except RobotError as failure:
        error, final = str(failure), delivery.attempts >= MAX_ATTEMPTS
    else:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.SENT, sent_at=timezone.now(), last_error=""
        )
        return None
    if final:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.FAILED, last_error=error[:300]
        )
        return None
    wait = BACKOFF * 2 ** (delivery.attempts - 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.QUEUED,
        last_error=error[:300],
        next_attempt_at=timezone.now() + wait,
    )
    return wait.total_seconds()
