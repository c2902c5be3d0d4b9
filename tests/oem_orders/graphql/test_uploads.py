"""Files through the GraphQL multipart request spec (operations + map + file parts), as Saleor's
``Upload``: request-for-quote attachments; malformed requests answer 400 and write nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oem_orders.models import QuoteRequest, QuoteRequestAttachment
from tests.factories.catalog import jpeg_bytes

from .conftest import Api, top_code
from .queries import MUTATION_QUOTE_REQUEST_CREATE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _input(**extra):
    return {"customSpec": "Tote bag 38 x 42 cm, hand-woven cotton", "quantity": 400,
            "targetDeliveryDate": (timezone.localdate() + timedelta(days=90)).isoformat(), **extra}


def _files(**named):
    return {key: SimpleUploadedFile(name, content, content_type=kind) for key, (name, content, kind) in named.items()}


def _counts():
    return QuoteRequest.objects.count(), QuoteRequestAttachment.objects.count()


def test_quote_request_with_an_image_and_a_pdf(world_a):
    api = Api(token=world_a.raw_token)
    response = api.multipart(
        MUTATION_QUOTE_REQUEST_CREATE, {"input": _input(attachments=[None, None])},
        _files(**{"0": ("sketch.jpg", jpeg_bytes(), "image/jpeg"), "1": ("spec.pdf", PDF, "application/pdf")}),
        {"0": ["variables.input.attachments.0"], "1": ["variables.input.attachments.1"]},
    )
    assert response.status_code == 200, response.content
    payload = response.json()["data"]["oemQuoteRequestCreate"]
    assert payload["errors"] == [] and payload["quoteRequest"], response.json()
    request = payload["quoteRequest"]
    assert request["status"] == "OPEN" and request["quantity"] == 400
    image, pdf = request["attachments"]
    assert (image["name"], image["contentType"], image["isImage"]) == ("sketch.jpg", "image/jpeg", True)
    assert image["url"].startswith("http://testserver/") and image["thumbnail"].startswith("http://testserver/")
    assert (pdf["name"], pdf["contentType"], pdf["isImage"], pdf["thumbnail"]) == (
        "spec.pdf", "application/pdf", False, None)
    saved = QuoteRequest.objects.get(number=request["number"])
    assert saved.client == world_a.client and saved.created_by_token == world_a.token


def test_a_file_that_is_neither_image_nor_pdf_is_refused(world_a):
    before = _counts()
    response = Api(user=world_a.member).multipart(
        MUTATION_QUOTE_REQUEST_CREATE, {"input": _input(attachments=[None])},
        _files(**{"0": ("evil.jpg", b"MZ\x90\x00 not an image", "image/jpeg")}),
        {"0": ["variables.input.attachments.0"]},
    )
    payload = response.json()["data"]["oemQuoteRequestCreate"]
    assert [e["code"] for e in payload["errors"]] == ["INVALID"] and payload["quoteRequest"] is None
    assert _counts() == before


def test_json_quote_request_without_files_and_bad_input(world_a):
    api = Api(token=world_a.raw_token)
    before = _counts()
    payload = api.execute(MUTATION_QUOTE_REQUEST_CREATE, {"input": _input(customSpec="", quantity=10)})
    errors = payload["data"]["oemQuoteRequestCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("customSpec", "REQUIRED")]
    assert _counts() == before
    payload = api.execute(MUTATION_QUOTE_REQUEST_CREATE, {"input": _input()})
    assert payload["data"]["oemQuoteRequestCreate"]["errors"] == []
    assert _counts() == (before[0] + 1, before[1])


def test_outsiders_cannot_ask_for_quotes(shopper):
    result = Api(user=shopper).execute(MUTATION_QUOTE_REQUEST_CREATE, {"input": _input()})
    assert top_code(result) == "PermissionDenied"
    assert QuoteRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("operations", "mapping", "files"),
    [
        ("not json", {"0": ["variables.input.attachments.0"]}, ["0"]),
        (None, "not json", ["0"]),
        (None, {"0": "variables.input.attachments.0"}, ["0"]),
        (None, {"1": ["variables.input.attachments.0"]}, ["0"]),
        (None, {"0": ["variables.input.attachments.5"]}, ["0"]),
        (None, {"0": ["query"]}, ["0"]),
        (None, {"0": ["variables.input.quantity"]}, ["0"]),
        ("list", {"0": ["0.variables.input.attachments.0"]}, ["0"]),
    ],
    ids=["operations-not-json", "map-not-json", "paths-not-a-list", "unknown-part", "path-out-of-range",
         "path-outside-variables", "path-not-null", "batch"],
)
def test_malformed_multipart_requests_are_400(world_a, operations, mapping, files):
    operation = {"query": MUTATION_QUOTE_REQUEST_CREATE, "variables": {"input": _input(attachments=[None])}}
    if operations is None:
        operations = json.dumps(operation)
    elif operations == "list":
        operations = json.dumps([operation])
    data = {"operations": operations, "map": mapping if isinstance(mapping, str) else json.dumps(mapping),
            **_files(**{name: ("a.jpg", jpeg_bytes(), "image/jpeg") for name in files})}
    before = _counts()
    response = Api(token=world_a.raw_token).http.post(
        "/graphql/", data, HTTP_AUTHORIZATION=f"Bearer {world_a.raw_token}")
    assert response.status_code == 400, response.content
    assert _counts() == before


def test_a_file_too_large_is_refused(world_a, settings):
    settings.OEM_UPLOAD_MAX_BYTES = 1024
    before = _counts()
    response = Api(token=world_a.raw_token).multipart(
        MUTATION_QUOTE_REQUEST_CREATE, {"input": _input(attachments=[None])},
        _files(**{"0": ("big.pdf", PDF + b"0" * 2048, "application/pdf")}), {"0": ["variables.input.attachments.0"]},
    )
    payload = response.json()["data"]["oemQuoteRequestCreate"]
    assert [e["code"] for e in payload["errors"]] == ["FILE_TOO_LARGE"]
    assert _counts() == before


def test_one_file_may_fill_several_places(world_a):
    response = Api(token=world_a.raw_token).multipart(
        MUTATION_QUOTE_REQUEST_CREATE, {"input": _input(attachments=[None, None])},
        _files(**{"0": ("spec.pdf", PDF, "application/pdf")}),
        {"0": ["variables.input.attachments.0", "variables.input.attachments.1"]},
    )
    payload = response.json()["data"]["oemQuoteRequestCreate"]
    assert payload["errors"] == [] and [a["name"] for a in payload["quoteRequest"]["attachments"]] == [
        "spec.pdf", "spec.pdf"]
