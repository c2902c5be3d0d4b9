"""A group's payment statements in the producer portal, mounted at /portal/statements/ (Thai first)."""

from django.urls import path

from cooperatives.portal.views import thai_first

from . import views

app_name = "fairtrade_portal"

urlpatterns = [
    path("", thai_first(views.statement_list), name="statements"),
    path("<uuid:statement_id>/", thai_first(views.statement_detail), name="statement"),
]
