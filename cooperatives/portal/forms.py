"""Forms of the producer portal: log in, decline a line, send a parcel, mark progress."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.account.login_attempts import (
    login_delayed_until,
    login_failure_record,
    login_success_record,
)
from shop.account.validators import email_normalize
from shop.graphql.core.auth import client_ip

from ..models import DeclineReason, GroupOrderLine
from ..models import GroupOrderStatus as S
from .formatting import BANGKOK

# The carriers groups use most; the field stays free text (a datalist only suggests).
CARRIER_SUGGESTIONS = ("Thailand Post", "Kerry Express", "Flash Express", "J&T Express", "Best Express")


class PortalLoginForm(AuthenticationForm):
    """E-mail and password, with the same brute-force delay as the storefront login
    (failures per e-mail and per IP, ``shop.account.login_attempts``)."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email",
                                       "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The email or the password is not right. Please try again."),
        "inactive": _("This account is switched off. Please call the HomeNet office."),
        "delayed": _("Too many tries. Please wait until %(time)s and try again."),
    }

    def clean(self):
        email = email_normalize(self.cleaned_data.get("username") or "")
        if not email or not self.cleaned_data.get("password"):
            return self.cleaned_data
        ip = client_ip(self.request) if self.request is not None else None
        until = login_delayed_until(email=email, ip=ip)
        if until is not None:
            time = timezone.localtime(until, timezone=BANGKOK).strftime("%H:%M")
            raise ValidationError(self.error_messages["delayed"], code="delayed", params={"time": time})
        self.cleaned_data["username"] = email
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failure_record(email=email, ip=ip)
            raise
        login_success_record(email=email)
        return cleaned


class AcceptForm(forms.Form):
    """Accept every line still waiting (no ``line``) or one line."""

    line = forms.UUIDField(required=False)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why can't your group make it?"), choices=DeclineReason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you cannot make it."),
                        "invalid_choice": _("Choose one of the reasons.")},
    )
    note = forms.CharField(
        label=_("More about the reason"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you choose “Other”."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == DeclineReason.OTHER and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Write a short reason."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(S.IN_PRODUCTION, S.IN_PRODUCTION.label), (S.READY, S.READY.label)])


class ShipForm(forms.Form):
    """Carrier, tracking number and how many of each accepted line are in the parcel.

    The quantity fields are ``line_<id>``, one per accepted line with units left
    to send, starting at what is left.  Whether a quantity is allowed is the
    service's decision (``group_order_ship``); the form only reads numbers."""

    carrier = forms.CharField(
        label=_("Delivery company"), max_length=100,
        widget=forms.TextInput(attrs={"list": "carriers", "autocomplete": "off"}),
        error_messages={"required": _("Write the name of the delivery company.")},
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"), max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Write the tracking number.")},
    )

    def __init__(self, *args, lines: list[GroupOrderLine], names: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.quantity > line.quantity_shipped]
        for line in self.lines:
            left = line.quantity - line.quantity_shipped
            self.fields[self.field_name(line)] = forms.IntegerField(
                label=names[line.pk], min_value=0, initial=left, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": left}),
                error_messages={"invalid": _("Write a whole number."),
                                "min_value": _("The number cannot be below 0.")},
            )

    @staticmethod
    def field_name(line: GroupOrderLine) -> str:
        return f"line_{line.pk}"

    def quantity_fields(self):
        return [(line, self[self.field_name(line)]) for line in self.lines]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(self.field_name(line)) for line in self.lines):
            raise ValidationError(_("Write how many of each item are in the parcel."), code="required")
        return cleaned

    def parcel(self) -> list[tuple[GroupOrderLine, int]]:
        return [(line, self.cleaned_data[self.field_name(line)]) for line in self.lines
                if self.cleaned_data.get(self.field_name(line))]
