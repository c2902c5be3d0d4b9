"""The manager's OEM pages, mounted at /manager/oem/ (fairtrade's manager login, base page and permission)."""
