"""The demo content as plain data, in one place for other modules (cooperatives/, benchmarks).

* ``PRODUCER_GROUPS``: the 25 fictional producer groups (dicts; see ``groups``).
* ``REGIONS``: the five HomeNet regions.
* ``PRODUCTS``: every demo product as a ``ProductSpec`` (see ``products``).
* ``PRODUCT_MAKERS``: product slug -> slugs of the groups that make it (lead group first);
  a group's slug is also its warehouse's slug.
"""

from .catalog_data import ATTRIBUTES, CATEGORIES, COLOURS, PRODUCT_TYPES
from .content import CHANNEL, COLLECTIONS, MENUS, PAGES, SITE, TAX_RATE
from .groups import GROUPS_BY_SLUG, PRODUCER_GROUPS, REGIONS
from .lines import PRODUCT_LINES
from .products import PRODUCT_MAKERS, PRODUCTS, PRODUCTS_BY_SLUG

__all__ = [
    "ATTRIBUTES",
    "CATEGORIES",
    "CHANNEL",
    "COLLECTIONS",
    "COLOURS",
    "GROUPS_BY_SLUG",
    "MENUS",
    "PAGES",
    "PRODUCER_GROUPS",
    "PRODUCTS",
    "PRODUCTS_BY_SLUG",
    "PRODUCT_LINES",
    "PRODUCT_MAKERS",
    "PRODUCT_TYPES",
    "REGIONS",
    "SITE",
    "TAX_RATE",
]
