"""payment_confirmed(sender=VirtualAccount, virtual_account=…): sent after commit whenever a
virtual account is paid (bank file match or finance's confirmation). The certificates
engineer listens for purpose='certificate_reissue'."""

from django.dispatch import Signal

payment_confirmed = Signal()
