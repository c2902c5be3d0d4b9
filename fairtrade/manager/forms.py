"""The margins page's filters (GET): dates in Bangkok time, grouping, one producer group, one channel."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import ProducerGroup
from fairtrade.reports import GroupBy
from shop.channel.models import Channel

GROUP_BY_CHOICES = [
    (GroupBy.PRODUCER_GROUP, _("Producer group")),
    (GroupBy.PRODUCT, _("Product")),
    (GroupBy.CATEGORY, _("Category")),
    (GroupBy.CHANNEL, _("Sales channel")),
    (GroupBy.MONTH, _("Month")),
]
MAX_DAYS = 3 * 366


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1), today


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_th} / {obj.name_en}"


class MarginFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    group_by = forms.ChoiceField(label=_("Group by"), choices=GROUP_BY_CHOICES)
    group = GroupChoiceField(label=_("Producer group"), required=False, empty_label=_("All groups"),
                             queryset=ProducerGroup.objects.order_by("name_th"))
    channel = forms.ModelChoiceField(label=_("Sales channel"), required=False, empty_label=_("All channels"),
                                     queryset=Channel.objects.order_by("name"))

    @classmethod
    def from_query(cls, query) -> MarginFilterForm:
        """Bound to the query string, with the defaults for what it leaves out."""
        date_from, date_to = default_range()
        data = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "group_by": GroupBy.PRODUCER_GROUP}
        data.update({key: value for key, value in query.items() if value})
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("The last day is before the first day."))
            elif (date_to - date_from).days > MAX_DAYS:
                self.add_error("date_to", _("Choose at most three years."))
        return cleaned

    @property
    def group_by_label(self) -> str:
        chosen = getattr(self, "cleaned_data", {}).get("group_by")
        return dict(GROUP_BY_CHOICES).get(chosen, "")

    def report_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "date_from": data["date_from"], "date_to": data["date_to"], "group_by": data["group_by"],
            "group_ids": [data["group"].pk] if data.get("group") else None,
            "channel_ids": [data["channel"].pk] if data.get("channel") else None,
        }
