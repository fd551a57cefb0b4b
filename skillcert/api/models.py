import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.models import StaffRole
from skillcert.core import clock


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A staff member's API key; only its SHA-256 is stored (shown once at creation). A key
    acts with one of its owner's roles (`role`; blank: all of them), until it expires or is
    revoked in the back office."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("最後使用時間"), null=True, blank=True)
    role = models.CharField(_("限定角色"), max_length=20, choices=StaffRole.choices, blank=True)
    expires_at = models.DateTimeField(_("到期時間"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤銷時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 金鑰")
        verbose_name_plural = _("API 金鑰")

    def __str__(self):
        return f"{self.user} · {self.name}"

    @classmethod
    def issue(cls, *, user, name: str, role: str = "", expires_at=None) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_key(key), role=role, expires_at=expires_at)
        return token, key

    def mark_used(self) -> None:
        """When the key was last used (one UPDATE; the key's own bookkeeping, not a status)."""
        self.last_used_at = clock.now()
        type(self).objects.filter(pk=self.pk).update(last_used_at=self.last_used_at)

    def usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > clock.now())

    def allows(self, *roles) -> bool:
        """The key's own scope: a key limited to a role acts only where that role may."""
        names = {getattr(role, "value", role) for role in roles} | {StaffRole.ADMIN.value}
        return not self.role or self.role in names
