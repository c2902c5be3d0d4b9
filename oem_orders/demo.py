"""Demo data for OEM (``manage.py populatedb``): filled in with the manager pages."""


def oem_demo_load() -> None:
    return None
