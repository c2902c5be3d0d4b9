"""A group's OEM allocations in the producer portal, mounted at /portal/oem/ before cooperatives' /portal/."""

app_name = "oem_portal"

urlpatterns: list = []
