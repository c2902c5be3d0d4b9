"""Editor.js documents (the rich-text format Saleor stores in ``description`` fields)."""

from __future__ import annotations

import hashlib

EDITORJS_VERSION = "2.24.3"
# A fixed timestamp (2025-01-01T00:00:00Z, in ms) keeps generated documents identical run to run.
EDITORJS_TIME = 1735689600000


def _block_id(key: str, index: int) -> str:
    return hashlib.sha1(f"{key}:{index}".encode()).hexdigest()[:10]


def _block(block_type: str, data, key: str, index: int) -> dict:
    if block_type == "header":
        payload = {"text": data, "level": 2}
    elif block_type == "list":
        payload = {"style": "unordered", "items": list(data)}
    else:
        payload = {"text": data}
    return {"id": _block_id(key, index), "type": block_type, "data": payload}


def document(blocks, key: str) -> dict:
    """``blocks`` are ``(type, data)`` pairs: header / paragraph text, or a list of items."""
    return {
        "time": EDITORJS_TIME,
        "blocks": [_block(block_type, data, key, i) for i, (block_type, data) in enumerate(blocks)],
        "version": EDITORJS_VERSION,
    }


def paragraphs(texts, key: str) -> dict:
    return document([("paragraph", text) for text in texts], key)


def plaintext(blocks) -> str:
    lines = []
    for block_type, data in blocks:
        lines.extend(data if block_type == "list" else [data])
    return "\n".join(lines)
