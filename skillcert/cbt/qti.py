"""QTI 2.2 content packages in and out (issue 11; why 2.2: docs/decisions.md).

A package is a zip with `imsmanifest.xml` (IMS Content Packaging 1.1) listing one
`imsqti_item_xmlv2p2` resource per item, its item XML and its image. The syllabus topic
(評鑑內容 code, e.g. L12104) and difficulty travel in the resource's IEEE LOM metadata
(`classification/taxonPath/taxon/id` and `educational/difficulty`), where content packages
keep such metadata.

Supported: one `choiceInteraction` with `maxChoices="1"`, a `single`/`identifier` response
declaration with one correct value, 2–6 `simpleChoice`s, the stem in `prompt` (or the
itemBody's paragraphs) and at most one `img`. Stem and options are kept as plain text (markup
inside them is flattened; the bank stores no HTML). Any other item is named in the report and
skipped; the rest are imported as drafts (a reviewer approves them)."""

import io
import posixpath
import zipfile
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core.audit import log_action

from . import access, rules, selectors, services
from .errors import CbtError
from .models import Difficulty, Item, ItemImport
from .packages import HostilePackage, Package, parse_xml, resolve
from .reports import ImportReport, import_finish

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p2"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
ITEM_TYPE = "imsqti_item_xmlv2p2"
TOPIC_SOURCE = "iPAS 評鑑內容"
LOM_DIFFICULTY = {Difficulty.EASY: "easy", Difficulty.MEDIUM: "medium", Difficulty.HARD: "difficult"}
FROM_LOM = {"very easy": Difficulty.EASY, "easy": Difficulty.EASY, "medium": Difficulty.MEDIUM,
            "difficult": Difficulty.HARD, "very difficult": Difficulty.HARD}  # fmt: skip
INTERACTIONS = {
    "choiceInteraction", "orderInteraction", "associateInteraction", "matchInteraction", "gapMatchInteraction",
    "inlineChoiceInteraction", "textEntryInteraction", "extendedTextInteraction", "hottextInteraction",
    "hotspotInteraction", "selectPointInteraction", "graphicOrderInteraction", "graphicAssociateInteraction",
    "graphicGapMatchInteraction", "positionObjectInteraction", "sliderInteraction", "drawingInteraction",
    "uploadInteraction", "mediaInteraction", "customInteraction", "endAttemptInteraction",
}  # fmt: skip


def q(ns: str, tag: str) -> str:
    """The serialised name: the package's default namespace unprefixed, LOM as `imsmd:`
    (written literally, declared on the root, since ElementTree's default_namespace option
    refuses unqualified attributes)."""
    return f"imsmd:{tag}" if ns == LOM else tag


def _sub(parent, ns, tag, text=None, **attrs):
    node = ET.SubElement(parent, q(ns, tag), attrs)
    if text is not None:
        node.text = text
    return node


# Export -------------------------------------------------------------------------------


def item_xml(version, image_href: str | None) -> bytes:
    root = ET.Element("assessmentItem", {
        "xmlns": QTI, "identifier": version.item.code, "title": version.item.code, "adaptive": "false", "timeDependent": "false",
    })  # fmt: skip
    declaration = _sub(
        root, QTI, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="identifier"
    )
    _sub(_sub(declaration, QTI, "correctResponse"), QTI, "value", rules.letter(version.correct))
    _sub(root, QTI, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    body = _sub(root, QTI, "itemBody")
    if image_href:
        _sub(_sub(body, QTI, "p"), QTI, "img", src=image_href, alt=version.figure_alt or version.item.code)
    interaction = _sub(body, QTI, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="true", maxChoices="1")
    _sub(interaction, QTI, "prompt", version.stem)
    for index, text in enumerate(version.options):
        _sub(interaction, QTI, "simpleChoice", text, identifier=rules.letter(index), fixed="false")
    _sub(
        root, QTI, "responseProcessing", template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct"
    )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _resource_metadata(resource, version) -> None:
    lom = _sub(_sub(resource, CP, "metadata"), LOM, "lom")
    difficulty = _sub(_sub(lom, LOM, "educational"), LOM, "difficulty")
    _sub(difficulty, LOM, "source", "LOMv1.0")
    _sub(difficulty, LOM, "value", LOM_DIFFICULTY[version.difficulty])
    path = _sub(_sub(lom, LOM, "classification"), LOM, "taxonPath")
    _sub(_sub(path, LOM, "source"), LOM, "string", TOPIC_SOURCE)
    taxon = _sub(path, LOM, "taxon")
    _sub(taxon, LOM, "id", version.topic.code)
    _sub(_sub(taxon, LOM, "entry"), LOM, "string", version.topic.title[:200])


def qti_export(*, versions) -> bytes:
    """A QTI 2.2 content package of these item versions (their figures included)."""
    buffer = io.BytesIO()
    manifest = ET.Element("manifest", {"xmlns": CP, "xmlns:imsmd": LOM, "identifier": "skillcert-items"})
    meta = _sub(manifest, CP, "metadata")
    _sub(meta, CP, "schema", "QTIv2.2 Package")
    _sub(meta, CP, "schemaversion", "1.0.0")
    _sub(manifest, CP, "organizations")
    resources = _sub(manifest, CP, "resources")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for version in versions:
            href = f"items/{version.item.code}.xml"
            resource = _sub(resources, CP, "resource", identifier=version.item.code, type=ITEM_TYPE, href=href)
            _resource_metadata(resource, version)
            _sub(resource, CP, "file", href=href)
            image = None
            if version.figure:
                image = f"images/{version.item.code}{posixpath.splitext(version.figure.name)[1]}"
                with version.figure.open("rb") as figure:
                    archive.writestr(f"items/{image}", figure.read())
                _sub(resource, CP, "file", href=f"items/{image}")
            archive.writestr(href, item_xml(version, image))
        archive.writestr("imsmanifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True))
    return buffer.getvalue()


def subject_export(*, subject, actor) -> bytes:
    """The subject's approved items as a QTI package; exam content leaving the system is audited."""
    access.require_bank_reader(actor)
    versions = list(selectors.approved_versions(subject=subject))
    package = qti_export(versions=versions)
    log_action(subject, "cbt.qti_exported", actor=actor, data={"items": [v.pk for v in versions]})
    return package


def item_export(*, item, actor) -> bytes:
    """One item's newest version as a QTI package. The package carries the key, so only the
    key readers (access.KEY_READERS) may take it; exam content leaving the system is audited."""
    access.require(actor, access.KEY_READERS, _("只有命題或審題人員可以匯出含答案的試題。"))
    version = item.versions.select_related("item", "topic").order_by("-number").first()
    package = qti_export(versions=[version] if version else [])
    log_action(item, "cbt.qti_exported", actor=actor, data={"items": [version.pk] if version else []})
    return package


# Import -------------------------------------------------------------------------------


def _text(node) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resource_topic_and_difficulty(resource) -> tuple[str, int]:
    code, difficulty = "", Difficulty.MEDIUM
    for node in resource.iter():
        if _local(node.tag) == "taxon":
            ident = next((c for c in node if _local(c.tag) == "id"), None)
            code = code or _text(ident)
        if _local(node.tag) == "difficulty":
            value = next((c for c in node if _local(c.tag) == "value"), None)
            difficulty = FROM_LOM.get(_text(value).lower(), Difficulty.MEDIUM)
    return code, difficulty


def parse_item(root, *, href: str, package: Package) -> dict:
    """The fields of a supported single-choice item, or CbtError saying why it is not one."""
    if _local(root.tag) != "assessmentItem":
        raise CbtError(_("不是 QTI assessmentItem。"), code="not_item")
    interactions = [node for node in root.iter() if _local(node.tag) in INTERACTIONS]
    kinds = sorted({_local(node.tag) for node in interactions})
    if kinds != ["choiceInteraction"] or len(interactions) != 1:
        raise CbtError(_("不支援的作答方式：%(kinds)s（僅支援單選 choiceInteraction）。") % {"kinds": ", ".join(kinds) or "—"}, code="unsupported")  # fmt: skip
    interaction = interactions[0]
    declared = {d.get("identifier"): d for d in root if _local(d.tag) == "responseDeclaration"}
    declaration = declared.get(interaction.get("responseIdentifier"))
    if interaction.get("maxChoices", "1") != "1" or declaration is None or declaration.get("cardinality") != "single":
        raise CbtError(_("不支援的作答方式：複選題（僅支援單選）。"), code="unsupported")
    choices = [node for node in interaction if _local(node.tag) == "simpleChoice"]
    identifiers = [node.get("identifier") for node in choices]
    correct_values = [_text(v) for v in declaration.iter() if _local(v.tag) == "value"]
    if len(correct_values) != 1 or correct_values[0] not in identifiers:
        raise CbtError(_("正確答案未指定或不在選項中。"), code="no_key")
    prompt = next((node for node in interaction if _local(node.tag) == "prompt"), None)
    body = next((node for node in root if _local(node.tag) == "itemBody"), None)
    stem = _text(prompt) or " ".join(_text(p) for p in body if _local(p.tag) == "p" and _text(p))
    images = [node for node in root.iter() if _local(node.tag) == "img"]
    fields = {"stem": stem, "options": [_text(c) for c in choices], "correct": identifiers.index(correct_values[0])}
    if len(images) > 1:
        raise CbtError(_("每題最多一張附圖。"), code="images")
    if images:
        name = resolve(href, images[0].get("src", ""))
        if name is None or not package.has(name):
            raise CbtError(_("找不到附圖「%(src)s」。") % {"src": images[0].get("src", "")[:100]}, code="image_missing")
        fields["figure"] = services.figure_from_bytes(posixpath.basename(name), package.read(name))
        fields["figure_alt"] = (images[0].get("alt") or "")[:200]
    return fields


def _item_resources(package: Package):
    if not package.has("imsmanifest.xml"):
        raise CbtError(_("套件缺少 imsmanifest.xml。"), code="manifest")
    manifest = parse_xml(package.read("imsmanifest.xml"), "imsmanifest.xml")
    for resource in manifest.iter():
        if _local(resource.tag) == "resource" and resource.get("type", "").startswith("imsqti_item_xml"):
            yield resource


def qti_import(*, subject, uploaded_file, actor) -> ItemImport:
    """Import a package's items into `subject`'s bank as drafts, item by item. A hostile
    package (see packages.py) is refused whole with nothing saved."""
    access.require_writer(actor)
    package = Package(uploaded_file)
    resources = list(_item_resources(package))
    if not resources:
        raise CbtError(_("套件內沒有任何 QTI 試題。"), code="no_items")
    parsed = []
    for resource in resources:  # every XML is parsed before anything is saved
        ident, href = resource.get("identifier", ""), resource.get("href", "")
        name = resolve("imsmanifest.xml", href)
        if name is None or not package.has(name):
            parsed.append((ident or href, None, _("找不到試題檔「%(href)s」。") % {"href": href[:100]}))
            continue
        try:
            root = parse_xml(package.read(name), name)
            fields = parse_item(root, href=name, package=package)
        except HostilePackage:
            raise
        except CbtError as error:
            parsed.append((ident or name, None, " ".join(error.messages)))
            continue
        code, difficulty = _resource_topic_and_difficulty(resource)
        fields.update(code=root.get("identifier") or ident, topic_code=code, difficulty=difficulty)
        parsed.append((fields["code"], fields, ""))
    report = ImportReport()
    topics = {t.code: t for t in subject.topics.all()}
    with transaction.atomic():
        for name, fields, problem in parsed:
            if fields is None:
                report.refuse(name, problem)
                continue
            _import_one(name, fields, topics=topics, subject=subject, actor=actor, report=report)
        return import_finish(
            subject=subject, kind=ItemImport.Kind.QTI, filename=uploaded_file.name, actor=actor, report=report
        )


def _import_one(name, fields, *, topics, subject, actor, report: ImportReport) -> None:
    topic = topics.get(fields.pop("topic_code"))
    if topic is None:
        report.refuse(name, _("評鑑內容代碼缺漏或不屬於此考科。"))
    elif Item.objects.filter(code=fields["code"]).exists():
        report.refuse(name, _("試題代碼已在題庫中，未重複匯入。"))
    else:
        try:
            services.item_create(subject=subject, topic=topic, actor=actor, **fields)
        except ValidationError as error:
            report.refuse(name, " ".join(error.messages))
        else:
            report.ok(name, _("已匯入為草稿。"))
