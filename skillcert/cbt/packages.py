"""Opening an uploaded zip package (QTI content packages) without trusting it.

Refused as a whole, before anything is read into the bank:
- not a zip by content, or larger than PACKAGE_MAX_BYTES;
- more than MAX_ENTRIES entries, or an entry name that is absolute, climbs out with '..',
  uses a backslash or a drive letter (zip slip), or is encrypted;
- a zip bomb: declared uncompressed total over MAX_UNPACKED_BYTES, an entry packed more than
  MAX_RATIO times, or an entry that inflates past what it declared (read with a cap, so a
  forged header does not help).
Nothing is ever extracted to disk; members are read into memory by name.
XML is parsed with defusedxml and any DTD is refused, so external entities (XXE) and entity
expansion (billion laughs) never run."""

import posixpath
import zipfile
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

from .errors import CbtError

PACKAGE_MAX_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 10 * 1024 * 1024
MAX_RATIO = 100


class HostilePackage(CbtError):
    """The package is refused as a whole (see the module docstring)."""


def safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/", 1)[0]:
        return False
    normal = posixpath.normpath(name)
    return not (normal == ".." or normal.startswith("../") or normal.startswith("/"))


def resolve(base_href: str, href: str) -> str | None:
    """A member name from a reference inside member `base_href`, or None if it leaves the package."""
    if not href or "://" in href or href.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_href), href))
    return joined if safe_name(joined) else None


class Package:
    def __init__(self, uploaded_file):
        size = getattr(uploaded_file, "size", None)
        if size is not None and size > PACKAGE_MAX_BYTES:
            raise HostilePackage(
                _("套件太大（上限 %(mb)s MB）。") % {"mb": PACKAGE_MAX_BYTES // 1024 // 1024}, code="too_large"
            )
        uploaded_file.seek(0)
        if uploaded_file.read(4) != b"PK\x03\x04":
            raise HostilePackage(_("這不是 ZIP 套件檔。"), code="type")
        uploaded_file.seek(0)
        try:
            self.archive = zipfile.ZipFile(uploaded_file)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError) as error:
            raise HostilePackage(_("ZIP 套件檔已損毀。"), code="type") from error
        if len(infos) > MAX_ENTRIES:
            raise HostilePackage(_("套件內檔案過多。"), code="entries")
        for info in infos:
            if not safe_name(info.filename):
                raise HostilePackage(
                    _("套件內有不安全的路徑「%(name)s」。") % {"name": info.filename[:100]}, code="path"
                )
            if info.flag_bits & 0x1:
                raise HostilePackage(_("套件內有加密的檔案。"), code="encrypted")
            if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1024:
                raise HostilePackage(_("套件疑似壓縮炸彈，已拒絕。"), code="bomb")
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            raise HostilePackage(_("套件疑似壓縮炸彈，已拒絕。"), code="bomb")
        self.infos = {posixpath.normpath(info.filename): info for info in infos if not info.is_dir()}

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        try:
            with self.archive.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise HostilePackage(_("ZIP 套件檔已損毀。"), code="type") from error
        if len(data) > info.file_size:
            raise HostilePackage(_("套件疑似壓縮炸彈，已拒絕。"), code="bomb")
        return data


def parse_xml(data: bytes, name: str) -> Element:
    """Parse one XML member. A DTD or entity is hostile (the whole package is refused);
    malformed XML raises CbtError for the caller to report against that member."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise HostilePackage(
            _("「%(name)s」含有 DTD 或實體宣告（可能的 XXE 攻擊），套件已拒絕。") % {"name": name}, code="hostile_xml"
        ) from error
    except ParseError as error:
        raise CbtError(_("「%(name)s」不是正確的 XML。") % {"name": name}, code="bad_xml") from error
