"""The OEM pages of the producer portal: a member sees her groups' allocations only, answers them,
reports progress, marks the materials ready and asks for an advance; Thai first."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cooperatives.models import MembershipRole
from fairtrade.models import Advance
from oem_orders.models import AllocationStatus, ContractEvent, ContractStatus, MilestoneKind
from tests.factories.account import create_user
from tests.factories.cooperatives import create_member
from tests.factories.oem import create_contract, create_oem_client

from ..manager.scenario import create_allocation, milestone

pytestmark = pytest.mark.django_db

LIST = reverse("oem_portal:allocations")


@pytest.fixture
def work(groups, variant):
    client = create_oem_client("Siam Test Brands Co., Ltd.")
    running = create_contract(client, variant, quantity=500, unit_price="100.00", status=ContractStatus.IN_PRODUCTION)
    waiting = create_contract(client, variant, quantity=100, unit_price="120.00")
    mine = create_allocation(running, groups[0], quantity=300)
    theirs = create_allocation(running, groups[1], quantity=200)
    proposed = create_allocation(waiting, groups[0], quantity=100, status=AllocationStatus.PROPOSED, price="50.00")
    materials = milestone(running, MilestoneKind.MATERIALS_READY, 5, allocation=mine)
    return {"running": running, "waiting": waiting, "mine": mine, "theirs": theirs, "proposed": proposed,
            "materials": materials}


@pytest.fixture
def member(groups):
    return create_member(groups[0], email="somsri@example.com", first_name="Somsri")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def leader_client(client, groups):
    client.force_login(create_member(groups[0], role=MembershipRole.LEADER))
    return client


def url(name, allocation):
    return reverse(f"oem_portal:{name}", args=[allocation.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_the_pages_live_under_portal_oem(work):
    assert LIST == "/portal/oem/"
    assert url("allocation", work["mine"]) == f"/portal/oem/{work['mine'].pk}/"


def test_the_list_shows_the_groups_work_only_in_thai(member_client, work):
    response = member_client.get(LIST)

    assert response.status_code == 200
    page = response.content.decode()
    cards = response.context["cards"]
    assert [card.allocation for card in cards] == [work["proposed"], work["mine"]]  # waiting for an answer first
    assert work["theirs"].pk not in [card.allocation.pk for card in cards]
    assert "งาน OEM" in page and "รับทำแล้ว" in page  # Thai first
    assert work["running"].number in page and "300" in page


def test_the_shop_orders_page_links_here(member_client):
    assert 'href="/portal/oem/"' in member_client.get(reverse("portal:orders")).content.decode()


@pytest.mark.parametrize("name", ["allocation", "accept", "decline", "progress", "materials", "advance"])
def test_another_groups_allocation_is_not_found(member_client, work, name):
    theirs = work["theirs"]
    response = member_client.get(url(name, theirs)) if name == "allocation" else member_client.post(
        url(name, theirs), {"reason": "x", "quantity_done": 1, "amount": "5000"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.quantity_done == 0 and not Advance.objects.exists()


def test_a_user_who_is_no_member_is_refused(client, work):
    client.force_login(create_user())

    for response in (client.get(LIST), client.get(url("allocation", work["mine"]))):
        assert response.status_code == 403
        assert work["running"].number.encode() not in response.content


def test_anonymous_visitors_go_to_the_portal_login(client, work):
    response = client.get(url("allocation", work["mine"]))

    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))


def test_accept(member_client, member, work):
    response = member_client.post(url("accept", work["proposed"]), follow=True)

    work["proposed"].refresh_from_db()
    assert work["proposed"].status == AllocationStatus.ACCEPTED and work["proposed"].decided_by == member
    assert messages_of(response) == ["ขอบคุณ กลุ่มของคุณรับงานนี้แล้ว"]


def test_accepting_twice_says_so_in_thai(member_client, work):
    response = member_client.post(url("accept", work["mine"]), follow=True)

    assert messages_of(response) == ["งานนี้ทำอย่างนั้นไม่ได้แล้วตอนนี้ หน้านี้แสดงสถานะล่าสุด"]


def test_decline_needs_a_reason(member_client, work):
    response = member_client.post(url("decline", work["proposed"]), {"reason": "  "})

    assert response.status_code == 400
    assert response.context["decline_form"].errors["reason"]
    work["proposed"].refresh_from_db()
    assert work["proposed"].status == AllocationStatus.PROPOSED


def test_decline_with_a_reason(member_client, work):
    member_client.post(url("decline", work["proposed"]), {"reason": "Our looms are busy until March"})

    work["proposed"].refresh_from_db()
    assert work["proposed"].status == AllocationStatus.DECLINED
    assert work["proposed"].decline_reason == "Our looms are busy until March"


def test_progress_is_saved(member_client, work):
    response = member_client.post(url("progress", work["mine"]), {"quantity_done": "150", "note": "half"},
                                  follow=True)

    work["mine"].refresh_from_db()
    assert work["mine"].quantity_done == 150
    assert response.context["progress"] == 50


def test_progress_above_the_quantity_shows_the_error(member_client, work):
    response = member_client.post(url("progress", work["mine"]), {"quantity_done": "400"})

    assert response.status_code == 400
    assert messages_of(response) == ["เขียนตัวเลขตั้งแต่ 0 ถึง 300"]
    work["mine"].refresh_from_db()
    assert work["mine"].quantity_done == 0


def test_the_materials_are_ready(member_client, member, work):
    member_client.post(url("materials", work["mine"]))

    work["materials"].refresh_from_db()
    assert work["materials"].completed_at is not None and work["materials"].completed_by == member
    assert ContractEvent.objects.filter(contract=work["running"], type="milestone_reached").exists()


def test_the_advance_form_starts_at_the_minimum_and_pays(leader_client, work):
    page = leader_client.get(url("allocation", work["mine"]))
    assert page.context["advance_form"].initial["amount"] == Decimal("6750.00")  # 50 % of 300 x ฿45.00

    leader_client.post(url("advance", work["mine"]), {"amount": "6750.00"})

    advance = Advance.objects.get()
    assert advance.amount == Decimal("6750.00") and advance.reference_id == str(work["mine"].pk)
    assert leader_client.get(url("allocation", work["mine"])).context["advance_form"] is None


def test_only_the_groups_leaders_ask_for_advances(member_client, work):
    page = member_client.get(url("allocation", work["mine"]))
    assert page.context["advance_form"] is None and "ประธานกลุ่มของคุณขอเงินล่วงหน้า" in page.content.decode()

    response = member_client.post(url("advance", work["mine"]), {"amount": "6750.00"}, follow=True)

    assert messages_of(response) == ["เฉพาะประธานกลุ่มเท่านั้นที่ขอเงินล่วงหน้าได้"]
    assert not Advance.objects.exists()


def test_an_advance_below_the_minimum_is_refused_in_thai(leader_client, work):
    response = leader_client.post(url("advance", work["mine"]), {"amount": "100.00"})

    assert response.status_code == 400
    assert messages_of(response) == ["เงินล่วงหน้าต้องอย่างน้อยครึ่งหนึ่งของมูลค่างาน: ฿6,750.00"]
    assert not Advance.objects.exists()
