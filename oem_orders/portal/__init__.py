"""A producer group's OEM work in the portal, mounted at /portal/oem/ (cooperatives' login, membership and base page)."""
