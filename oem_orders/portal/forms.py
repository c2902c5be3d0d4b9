"""Forms of the OEM portal pages: decline (why), progress (units made), advance (how much)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can't your group make it?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why your group cannot make it.")},
    )


class ProgressForm(forms.Form):
    quantity_done = forms.IntegerField(
        label=_("How many are made so far (all together)?"), min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={"required": _("Write how many are made."), "invalid": _("Write a whole number."),
                        "min_value": _("The number cannot be below 0.")},
    )
    note = forms.CharField(label=_("Note (if any)"), required=False, max_length=1000,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class AdvanceForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (baht)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0.01"}),
        error_messages={"required": _("Write the amount of the advance in baht."),
                        "invalid": _("Write the amount of the advance in baht."),
                        "min_value": _("Write the amount of the advance in baht.")},
    )
