"""passwordChange: the logged-in user changes a password they know."""

import pytest

from tests.factories.account import PASSWORD

pytestmark = pytest.mark.django_db

MUTATION_PASSWORD_CHANGE = """
mutation PasswordChange($oldPassword: String, $newPassword: String!) {
  passwordChange(oldPassword: $oldPassword, newPassword: $newPassword) {
    user { email }
    errors { field message code }
  }
}
"""
NEW_PASSWORD = "Krajood-basket-77"


def change(client, old, new=NEW_PASSWORD):
    return client.execute(MUTATION_PASSWORD_CHANGE, {"oldPassword": old, "newPassword": new})


def test_password_is_changed_and_the_current_token_keeps_working(user_api_client, customer):
    data = change(user_api_client, PASSWORD)["data"]["passwordChange"]

    assert data == {"user": {"email": customer.email}, "errors": []}
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert user_api_client.execute("{ me { email } }")["data"]["me"]["email"] == customer.email


@pytest.mark.parametrize(
    ("old", "new", "field", "code"),
    [
        ("wrong", NEW_PASSWORD, "oldPassword", "INVALID_PASSWORD"),
        (None, NEW_PASSWORD, "oldPassword", "REQUIRED"),
        (PASSWORD, "short", "newPassword", "PASSWORD_TOO_SHORT"),
        (PASSWORD, "password", "newPassword", "PASSWORD_TOO_COMMON"),
        (PASSWORD, "98765432101", "newPassword", "PASSWORD_ENTIRELY_NUMERIC"),
    ],
)
def test_bad_password_change_changes_nothing(user_api_client, customer, old, new, field, code):
    data = change(user_api_client, old, new)["data"]["passwordChange"]

    assert data["errors"][0]["field"] == field
    assert code in [e["code"] for e in data["errors"]]
    assert data["user"] is None
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_anonymous_caller_is_denied(api_client):
    response = change(api_client, PASSWORD)

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_staff_session_stays_logged_in_after_changing_password(client, django_user_model):
    staff = django_user_model.objects.create_user("admin@homenet.example", PASSWORD, is_staff=True)
    client.force_login(staff)

    client.post(
        "/graphql/", {"query": MUTATION_PASSWORD_CHANGE, "variables": {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}},
        content_type="application/json",
    )

    body = client.post("/graphql/", {"query": "{ me { email } }"}, content_type="application/json").json()
    assert body["data"]["me"]["email"] == "admin@homenet.example"
