"""Every write of the core: staff, wage schemes, dated groups, notifications, audit."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from .history import history_actor
from .models import (
    AccessLog,
    EmploymentType,
    Group,
    GroupMembership,
    LoginSession,
    Notification,
    Role,
    Staff,
    WageKind,
    WageScheme,
)
from .registry import notifications_announce
from .selectors import memberships_on
from .validators import entered_day_validate, printable_text_clean

STAFF_FIELDS = (
    "name",
    "phone",
    "role",
    "work_city",
    "hire_date",
    "leave_date",
    "employment_type",
    "agency",
    "is_temporary",
    "bank_account",
)


# --- staff (R-ROLE-3) ----------------------------------------------------------------


def employee_no_format(number: int) -> str:
    return f"{settings.EMPLOYEE_NUMBER_PREFIX}{number:0{settings.EMPLOYEE_NUMBER_WIDTH}d}"


def employee_no_next() -> str:
    prefix = settings.EMPLOYEE_NUMBER_PREFIX
    highest = (
        Staff.objects.filter(employee_no__regex=rf"^{prefix}[0-9]+$")
        .annotate(number=Cast(Substr("employee_no", len(prefix) + 1), models.IntegerField()))
        .aggregate(top=models.Max("number"))["top"]
    )
    return employee_no_format((highest or 0) + 1)


def _check_agency(employment_type: str, agency) -> None:
    if employment_type == EmploymentType.AGENCY and agency is None:
        raise ValidationError({"agency": _("Choose the agency that supplies this person.")})
    if employment_type != EmploymentType.AGENCY and agency is not None:
        raise ValidationError({"agency": _("Only agency staff belong to an agency.")})


def role_sync(user: User, role: str) -> None:
    """Mirror the staff role into the user's auth group (its permissions)."""
    group, _created = AuthGroup.objects.get_or_create(name=role)
    user.groups.set([group])
    is_admin = role == Role.ADMIN
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])


@dataclass(frozen=True)
class WageInput:
    kind: str
    amount: Decimal


def staff_create(
    *,
    actor: User | None = None,
    username: str,
    password: str,
    name: str,
    phone: str,
    role: str,
    hire_date: date,
    wage: WageInput | None = None,
    work_city=None,
    employment_type: str = EmploymentType.IN_HOUSE,
    agency=None,
    is_temporary: bool = False,
    bank_account: str = "",
    password_hash: str | None = None,
) -> Staff:
    """R-ROLE-3: a login, its staff record with the next employee number, and the
    wage scheme from the hire date. `password_hash` lets the demo seeder hash once."""
    name = printable_text_clean(name, field="name")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    _check_agency(employment_type, agency)
    user = User(username=username, first_name=name)
    if password_hash is None:
        validate_password(password, user)
    for attempt in range(3):
        try:
            with transaction.atomic(), history_actor(actor):
                user = User(username=username, first_name=name)
                if password_hash is None:
                    user.set_password(password)
                else:
                    user.password = password_hash
                user.save()
                staff = Staff(
                    user=user,
                    employee_no=employee_no_next(),
                    name=name,
                    phone=phone,
                    role=role,
                    hire_date=hire_date,
                    work_city=work_city,
                    employment_type=employment_type,
                    agency=agency,
                    is_temporary=is_temporary,
                    bank_account=bank_account,
                )
                staff.full_clean(exclude=["user"])
                staff.save()
                role_sync(user, role)
                if wage is not None:
                    wage_scheme_set(
                        staff=staff, kind=wage.kind, amount=wage.amount, effective_from=hire_date
                    )
                return staff
        except IntegrityError:
            # Two creations took the same employee number; the loser takes the next one.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def staff_update(*, actor: User | None = None, staff: Staff, **fields) -> Staff:
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"staff_update() got unexpected fields {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = printable_text_clean(fields["name"], field="name")
    with transaction.atomic(), history_actor(actor):
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        for field, value in fields.items():
            setattr(staff, field, value)
        _check_agency(staff.employment_type, staff.agency)
        staff.full_clean(exclude=["user"])
        staff.save(update_fields=[*fields, "updated_at"])
        if "role" in fields:
            role_sync(staff.user, staff.role)
        if "name" in fields and staff.user.first_name != staff.name:
            staff.user.first_name = staff.name
            staff.user.save(update_fields=["first_name"])
    return staff


def user_sessions_end(user: User) -> int:
    keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    deleted, _detail = LoginSession.objects.filter(user=user).delete()
    return deleted


def staff_deactivate(*, actor: User | None = None, staff: Staff, leave_date: date) -> Staff:
    """Set the leave date, disable the login and end every open session at once."""
    if leave_date < staff.hire_date:
        raise ValidationError({"leave_date": _("The leave date cannot be before the hire date.")})
    entered_day_validate(leave_date, field="leave_date")
    with transaction.atomic(), history_actor(actor):
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        staff.leave_date = leave_date
        staff.save(update_fields=["leave_date", "updated_at"])
        GroupMembership.objects.filter(staff=staff, valid_from__gt=leave_date).delete()
        memberships_on(leave_date).filter(staff=staff).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=leave_date)
        ).update(valid_to=leave_date)
        user = staff.user
        user.is_active = False
        user.save(update_fields=["is_active"])
        user_sessions_end(user)
    return staff


def staff_reactivate(*, actor: User | None = None, staff: Staff) -> Staff:
    with transaction.atomic(), history_actor(actor):
        staff.leave_date = None
        staff.save(update_fields=["leave_date", "updated_at"])
        staff.user.is_active = True
        staff.user.save(update_fields=["is_active"])
    return staff


def wage_scheme_set(
    *,
    actor: User | None = None,
    staff: Staff,
    kind: str,
    amount: Decimal,
    effective_from: date,
) -> WageScheme:
    """R-ROLE-3: a new wage scheme from a date (a scheme for the same date is replaced)."""
    if kind not in WageKind.values:
        raise ValidationError({"kind": _("Choose a daily rate or a monthly base.")})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    with transaction.atomic(), history_actor(actor):
        scheme, _created = WageScheme.objects.update_or_create(
            staff=staff,
            effective_from=effective_from,
            defaults={"kind": kind, "amount": amount},
        )
    return scheme


# --- reference data (R-ROLE-4, R-ROLE-6) ------------------------------------------------


def reference_item_save(
    *, actor: User | None = None, item: models.Model, fields: list[str]
) -> models.Model:
    """Save a point, work city, agency or paid-days setting a reference page validated
    (a new one, or `fields` of an existing one)."""
    with transaction.atomic(), history_actor(actor):
        if item._state.adding:
            item.save()
        else:
            stamped = ["updated_at"] if hasattr(item, "updated_at") else []
            item.save(update_fields=[*fields, *stamped])
    return item


# --- dated groups (R-ROLE-5) -----------------------------------------------------------


def group_create(
    *, actor: User | None = None, code: str, name: str, is_active: bool = True
) -> Group:
    group = Group(code=code, name=name, is_active=is_active)
    group.full_clean()
    with transaction.atomic(), history_actor(actor):
        group.save()
    return group


def group_update(
    *, actor: User | None = None, group: Group, code: str, name: str, is_active: bool
) -> Group:
    """Rename a group or (de)activate it; its memberships stay as they are."""
    group.code, group.name, group.is_active = code, name, is_active
    group.full_clean()
    with transaction.atomic(), history_actor(actor):
        group.save(update_fields=["code", "name", "is_active", "updated_at"])
    return group


def membership_assign(
    *,
    actor: User | None = None,
    staff: Staff,
    group: Group,
    valid_from: date,
    is_leader: bool = False,
) -> GroupMembership:
    """R-ROLE-5: put a person in a group (maybe as its leader) from a day on.

    Their current membership ends the day before; the group can have one leader a day.
    """
    with transaction.atomic(), history_actor(actor):
        Staff.objects.select_for_update().get(pk=staff.pk)
        if GroupMembership.objects.filter(staff=staff, valid_from__gte=valid_from).exists():
            raise ValidationError(
                _("%(name)s already has a group assignment starting on or after %(day)s.")
                % {"name": staff.name, "day": valid_from}
            )
        if is_leader:
            Group.objects.select_for_update().get(pk=group.pk)
            clash = (
                GroupMembership.objects.filter(group=group, is_leader=True)
                .exclude(staff=staff)
                .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=valid_from))
                .select_related("staff")
                .first()
            )
            if clash:
                raise ValidationError(
                    _("%(group)s is led by %(name)s from %(day)s; end that leadership first.")
                    % {"group": group.code, "name": clash.staff.name, "day": clash.valid_from}
                )
        memberships_on(valid_from).filter(staff=staff).update(
            valid_to=valid_from - timedelta(days=1)
        )
        membership = GroupMembership(
            staff=staff, group=group, valid_from=valid_from, is_leader=is_leader
        )
        membership.full_clean()
        membership.save()
    return membership


def membership_end(
    *, actor: User | None = None, membership: GroupMembership, valid_to: date
) -> GroupMembership:
    entered_day_validate(valid_to, field="valid_to")
    if valid_to < membership.valid_from:
        raise ValidationError(_("A membership cannot end before it starts."))
    membership.valid_to = valid_to
    with transaction.atomic(), history_actor(actor):
        membership.save(update_fields=["valid_to", "updated_at"])
    return membership


# --- notifications (R-ROLE-6) -----------------------------------------------------------


def object_key(obj: models.Model | None) -> str:
    return "" if obj is None else f"{obj._meta.label_lower}:{obj.pk}"


def notification_create(
    *,
    recipient: User,
    kind: str,
    message: str,
    target: models.Model | None = None,
    link: str = "",
) -> Notification:
    """R-ROLE-6: notify a user once per (recipient, kind, object); a repeat returns the
    existing notification, even when two callers race."""
    key = object_key(target)
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                kind=kind,
                object_key=key,
                defaults={"message": message[:300], "link": link},
            )
    except IntegrityError:
        notification = Notification.objects.get(recipient=recipient, kind=kind, object_key=key)
    else:
        if created:  # issue 20: listeners (push) hear of it after commit
            notifications_announce(kind, lambda: [notification])
    return notification


def notification_create_many(
    *,
    recipients,
    kind: str,
    message: str,
    target: models.Model | None = None,
    link: str = "",
) -> int:
    """R-ROLE-6: `notification_create` for many recipients at once, in one INSERT
    whatever their number; a recipient already notified of this (kind, object) is
    skipped by the database (the same unique key), so a repeat or a race adds nothing.
    Returns how many rows were offered."""
    key = object_key(target)
    rows = [
        Notification(
            recipient_id=getattr(r, "pk", r),
            kind=kind,
            object_key=key,
            message=message[:300],
            link=link,
        )
        for r in recipients
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        # Issue 20: the rows this insert added (the skipped ones are older) are read back
        # after commit, in one query, only when a listener wants this kind.
        since = min(row.created_at for row in rows)  # set by the insert (auto_now_add)
        ids = [row.recipient_id for row in rows]
        notifications_announce(
            kind,
            lambda: list(
                Notification.objects.filter(
                    kind=kind, object_key=key, recipient_id__in=ids, created_at__gte=since
                )
            ),
        )
    return len(rows)


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


# --- access log (R-ROLE-2) ---------------------------------------------------------------


def access_log_write(*, user: User, action: str, target: str) -> AccessLog:
    """R-ROLE-2: `user` is whose access is logged (the log's subject), not a writer."""
    return AccessLog.objects.create(user=user, action=action, target=target[:200])
