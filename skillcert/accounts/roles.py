"""Staff roles: one auth Group per StaffRole, holding the Django model permissions of the apps
that role works on. `roles_setup()` is idempotent (it sets each group's permissions to exactly
this table); `manage.py setup_roles` and `manage.py demo_accounts` call it after migrate."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from skillcert.core.audit import log_action

from .models import StaffRole, User

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)
VIEW_CHANGE = ("view", "change")

# (app label, model name or None for every model of the app, actions)
ROLE_PERMISSIONS: dict[str, list[tuple[str, str | None, tuple[str, ...]]]] = {
    StaffRole.ITEM_OFFICER: [
        ("catalog", None, ALL),
        ("registrations", None, ALL),
        ("accounts", "candidateprofile", VIEW_CHANGE),
        ("accounts", "user", VIEW),
        ("notifications", "message", ("view", "resend")),  # the message log, for support calls
        ("examday", None, VIEW),
        ("cbt", None, VIEW),
        ("cbt", "blueprint", ALL),
        ("cbt", "blueprintrow", ALL),
    ],
    StaffRole.FINANCE: [
        ("payments", None, ALL),
        ("registrations", None, VIEW_CHANGE),
        ("groups", None, VIEW),
        ("accounts", "candidateprofile", VIEW),
    ],
    StaffRole.VENUE: [
        ("catalog", None, VIEW),
        ("catalog", "region", ALL),
        ("catalog", "venue", ALL),
        ("catalog", "seatpool", ALL),
        ("catalog", "examsession", ALL),
        ("catalog", "sessionsubject", ALL),
        ("registrations", None, VIEW),
        ("examday", None, ALL),  # rooms, practical batches, dedicated venues, seats
        ("examrecords", None, VIEW),  # notices sent, roll calls (written by the roll-call page)
    ],
    StaffRole.REVIEWER: [
        ("scoring", None, ALL),
        ("certificates", None, ALL),
        ("registrations", None, VIEW),
        ("accounts", "candidateprofile", VIEW),
    ],
    # The computer-based test's item bank: writers draft, reviewers approve and build forms
    # (who may approve what is checked by skillcert.cbt.services, not by these permissions).
    StaffRole.ITEM_WRITER: [
        ("cbt", "item", VIEW),
        ("cbt", "itemversion", ("add", "change", "view")),
        ("catalog", "syllabustopic", VIEW),
    ],
    StaffRole.ITEM_REVIEWER: [
        ("cbt", None, VIEW_CHANGE),
        ("cbt", "blueprint", ALL),
        ("cbt", "blueprintrow", ALL),
        ("catalog", "syllabustopic", VIEW),
    ],
}


def role_permissions(role: str):
    if role == StaffRole.ADMIN:
        return Permission.objects.all()
    permissions = Permission.objects.none()
    for app_label, model, actions in ROLE_PERMISSIONS[role]:
        found = Permission.objects.filter(content_type__app_label=app_label)
        if model:
            found = found.filter(content_type__model=model)
        codenames = [p.codename for p in found if p.codename.split("_", 1)[0] in actions]
        permissions |= found.filter(codename__in=codenames)
    return permissions


def roles_setup() -> dict[str, int]:
    """Create or refresh every role group; returns {role: number of permissions}."""
    counts = {}
    with transaction.atomic():
        for role in StaffRole:
            group, _ = Group.objects.get_or_create(name=role.value)
            permissions = list(role_permissions(role).distinct())
            group.permissions.set(permissions)
            counts[role.value] = len(permissions)
    return counts


def staff_create(*, username: str, password: str, roles: list[str], email: str = "", actor=None) -> User:
    """A staff account: kind=staff, is_staff=True (the back office lets only those in)."""
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=username, defaults={"kind": User.Kind.STAFF, "is_staff": True, "email": email}
        )
        if created:
            user.set_password(password)
            user.full_clean()
            user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        log_action(
            user,
            "accounts.staff_created" if created else "accounts.staff_roles_set",
            actor=actor,
            data={"roles": roles},
        )
    return user
