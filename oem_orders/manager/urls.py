"""The manager's OEM pages, mounted at /manager/oem/ before fairtrade's /manager/ (Thai first)."""

from django.urls import path

from cooperatives.portal.views import thai_first

from . import views

app_name = "oem_manager"

urlpatterns = [
    path("", thai_first(views.overview), name="overview"),
    path("contracts.csv", thai_first(views.contracts_csv), name="contracts-csv"),
    path("contracts/<uuid:contract_id>/", thai_first(views.contract_detail), name="contract"),
]
