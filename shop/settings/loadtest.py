"""For the load test only (``bench/loadtest.py``): the production settings with the dummy
payment gateway switched on, so load-test shoppers can pay without a provider.

Nothing else differs from ``shop.settings.production``.  Never deploy with these settings:
the dummy gateway "pays" without taking any money.
"""

from .production import *  # noqa: F403

DUMMY_GATEWAY_ENABLED = True
