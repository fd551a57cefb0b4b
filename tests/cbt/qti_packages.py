"""Hand-made QTI 2.2 packages for import tests (the shape other platforms export)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p2"


def manifest(resources: list[tuple[str, str, str]]) -> str:
    """resources: (identifier, href, topic code)."""
    rows = "".join(
        f'<resource identifier="{ident}" type="imsqti_item_xmlv2p2" href="{href}"><metadata><imsmd:lom>'
        f"<imsmd:educational><imsmd:difficulty><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>easy</imsmd:value>"
        f"</imsmd:difficulty></imsmd:educational><imsmd:classification><imsmd:taxonPath><imsmd:taxon>"
        f"<imsmd:id>{code}</imsmd:id></imsmd:taxon></imsmd:taxonPath></imsmd:classification></imsmd:lom></metadata>"
        f'<file href="{href}"/></resource>'
        for ident, href, code in resources
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        f'xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" identifier="m1"><organizations/><resources>{rows}</resources></manifest>'
    )


def choice_item(
    ident: str, *, stem="題幹", options=("甲", "乙", "丙"), correct="B", body_extra="", max_choices="1"
) -> str:
    choices = "".join(
        f'<simpleChoice identifier="{chr(65 + n)}">{text}</simpleChoice>' for n, text in enumerate(options)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><assessmentItem xmlns="{QTI_NS}" identifier="{ident}" title="{ident}" '
        'adaptive="false" timeDependent="false"><responseDeclaration identifier="RESPONSE" cardinality="single" '
        f'baseType="identifier"><correctResponse><value>{correct}</value></correctResponse></responseDeclaration>'
        f'<itemBody>{body_extra}<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="{max_choices}">'
        f"<prompt>{stem}</prompt>{choices}</choiceInteraction></itemBody></assessmentItem>"
    )


def text_entry_item(ident: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><assessmentItem xmlns="{QTI_NS}" identifier="{ident}" title="{ident}" '
        'adaptive="false" timeDependent="false"><responseDeclaration identifier="RESPONSE" cardinality="single" '
        'baseType="string"/><itemBody><p>首都是 <textEntryInteraction responseIdentifier="RESPONSE"/></p></itemBody>'
        "</assessmentItem>"
    )


def zipped(files: dict[str, bytes | str], name="items.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def as_upload(data: bytes, name="export.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")
