"""Who may do what in the item bank (issue 11): writers draft, reviewers approve and retire,
and nobody approves an item version they wrote (four-eyes). Forms are built and frozen by
reviewers or the item officer. The services call these; doors only show the refusal."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from skillcert.accounts.models import StaffRole

WRITERS = (StaffRole.ITEM_WRITER, StaffRole.ITEM_REVIEWER)
REVIEWERS = (StaffRole.ITEM_REVIEWER,)
FORM_BUILDERS = (StaffRole.ITEM_REVIEWER, StaffRole.ITEM_OFFICER)


def require(actor, roles, message: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_role(*roles):
        raise PermissionDenied(message)


def require_writer(actor) -> None:
    require(actor, WRITERS, _("只有命題或審題人員可以編修試題。"))


def require_reviewer(actor) -> None:
    require(actor, REVIEWERS, _("只有審題人員可以審定或停用試題。"))


def require_not_author(actor, version) -> None:
    if version.written_by_id is not None and version.written_by_id == actor.pk:
        raise PermissionDenied(_("不可審定自己命題的試題。"))


def require_bank_reader(actor) -> None:
    require(actor, (*WRITERS, *FORM_BUILDERS), _("您沒有此作業的權限。"))


def require_form_builder(actor) -> None:
    require(actor, FORM_BUILDERS, _("只有審題人員或鑑定項目承辦可以組卷。"))


# Who reads a form's item analysis: the form builders and the disputed-question committee
# (scoring reviewers).
ANALYSTS = (*FORM_BUILDERS, StaffRole.REVIEWER)

# Who is shown an item's correct option (the key) when reading the bank: the people who write
# and approve content. The item officer reads items and forms (to build and freeze them) without
# the key. (A delivered form's key is scoring's answer key: the item analysis shows it.)
KEY_READERS = (StaffRole.ITEM_WRITER, StaffRole.ITEM_REVIEWER)
