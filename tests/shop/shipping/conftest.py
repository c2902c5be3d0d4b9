import pytest

from tests.factories.catalog import create_channel


@pytest.fixture
def channel(db):
    return create_channel()
