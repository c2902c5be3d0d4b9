"""A group's OEM allocations in the producer portal, mounted at /portal/oem/ before cooperatives' /portal/
(Thai first; cooperatives' login page and membership check)."""

from django.urls import path

from cooperatives.portal.views import thai_first

from . import views

app_name = "oem_portal"

urlpatterns = [
    path("", thai_first(views.allocation_list), name="allocations"),
    path("<uuid:allocation_id>/", thai_first(views.allocation_detail), name="allocation"),
    path("<uuid:allocation_id>/accept/", thai_first(views.allocation_accept_view), name="accept"),
    path("<uuid:allocation_id>/decline/", thai_first(views.allocation_decline_view), name="decline"),
    path("<uuid:allocation_id>/progress/", thai_first(views.allocation_progress_view), name="progress"),
    path("<uuid:allocation_id>/materials-ready/", thai_first(views.allocation_materials_view), name="materials"),
    path("<uuid:allocation_id>/advance/", thai_first(views.allocation_advance_view), name="advance"),
]
