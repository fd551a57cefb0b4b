"""The message log in the back office: every e-mail and SMS with its template, recipient,
status, attempts and error, searchable, with a resend action for support calls (audited by
the service). The body is shown in development only, where the log is the newcomer's mailbox:
in production it may hold a temporary password, which support staff have no need to read."""

from django.conf import settings
from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .models import Message
from .services import message_resend


@admin.register(Message, site=backoffice_site)
class MessageAdmin(ReadOnlyAuditedAdmin):
    list_display = ["created_at", "channel", "template", "recipient", "status", "attempts", "short_error"]
    list_filter = ["channel", "status", "template"]
    search_fields = ["recipient", "template", "subject", "message_id"]
    date_hierarchy = "created_at"
    fields = ["created_at", "channel", "template", "language", "recipient", "subject", "status", "attempts",
              "last_attempt_at", "error", "message_id", "resent_from", "shown_body"]  # fmt: skip
    readonly_fields = fields
    actions = ["resend"]

    @admin.display(description=_("錯誤"))
    def short_error(self, obj):
        return Truncator(obj.error).chars(80)

    @admin.display(description=_("內容"))
    def shown_body(self, obj):
        return obj.body if settings.DEBUG or settings.MESSAGE_LOG_SHOWS_BODY else _("（內容僅於開發環境顯示）")

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.resend_message")

    @admin.action(description=_("重寄所選訊息"), permissions=["resend"])
    def resend(self, request, queryset):
        copies = [message_resend(message=message, actor=request.user) for message in queryset]
        self.message_user(
            request,
            gettext("已重新排入 %(count)d 則訊息。") % {"count": len(copies)},
            messages.SUCCESS,
        )
