import pytest

from tests.factories.cooperatives import place_paid_order

from .conftest import product_made_by

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["producergroup", "produceroffer", "grouporder", "manageralert"])
def test_manager_admin_pages_open(admin_client, channel, groups, path, django_capture_on_commit_callbacks):
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)])

    assert admin_client.get(f"/admin/cooperatives/{path}/").status_code == 200
    group_order = order.group_orders.get()
    assert admin_client.get(f"/admin/cooperatives/grouporder/{group_order.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/cooperatives/producergroup/{groups[0].pk}/change/").status_code == 200
