from django.core.exceptions import ValidationError


class CertificateError(ValidationError):
    """A request the rules refuse; the message is zh-Hant and meant for the person asking."""
