"""The personal-data notice and consent 個人資料蒐集、處理及利用告知暨同意書 (PDPA art. 8).

The text is the template accounts/consent_notice.html; whenever it changes in substance,
raise CONSENT_VERSION so that every profile records which text its owner accepted."""

CONSENT_VERSION = "115.1"
CONSENT_TEMPLATE = "accounts/consent_notice.html"
