"""Product lines: what the groups make, as plain data.

``products.py`` turns every line into products by combining its axes (pattern x
colour, kind x form, ...), so names are realistic and distinct.  Axes are
``(kind, keys)`` pairs: ``cotton-pattern``, ``motif``, ``basket-pattern`` and
``colour`` look their keys up in ``catalog_data``; ``options`` carries inline
dicts.  ``variants`` lists ``(size key, price factor, grams)``; food lines use
``(net weight in g, price factor, grams)``.  Prices are THB with VAT, for the
first variant.  ``regions`` (on a line or an option) narrows the makers to groups
of those regions.  Templates use the context built in ``products._context``.
"""

from __future__ import annotations

from .crafts import BAG_LINES, BASKETRY_LINES
from .food import FOOD_LINES
from .home import CLOTHING_LINES, HOME_DECOR_LINES
from .textiles import TEXTILE_LINES

PRODUCT_LINES = (
    TEXTILE_LINES + BASKETRY_LINES + BAG_LINES + CLOTHING_LINES + HOME_DECOR_LINES + FOOD_LINES
)
