"""POST /sync: an offline outbox sent as one batch, answered item by item.

One bad item never rejects the others; a batch sent again after a dropped connection creates
nothing twice (each item's client-made id is its idempotency key).
"""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma

from backend.services import observations, responses
from backend.services.scope import Scope

INVALID = "invalid"


def _item_id(raw: Any) -> str | None:
    return str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else None


def sync_observations(author: Scope, items: list[Any], schema: ma.Schema) -> list[dict[str, Any]]:
    results: list[dict[str, Any] | None] = [None] * len(items)
    valid: list[tuple[int, dict[str, Any]]] = []
    first_hash: dict[uuid.UUID, str] = {}
    for index, raw in enumerate(items):
        try:
            item = schema.load(raw)
        except ma.ValidationError as error:
            results[index] = {
                "id": _item_id(raw),
                "kind": "observation",
                "status": INVALID,
                "errors": error.messages,
            }
            continue
        digest = item["content_hash"] = observations.content_hash(author.user_id, item)
        if item["id"] in first_hash:  # the same id twice in one batch
            status = (
                observations.DUPLICATE
                if first_hash[item["id"]] == digest
                else observations.CONFLICT
            )
            results[index] = {"id": str(item["id"]), "kind": "observation", "status": status}
            continue
        first_hash[item["id"]] = digest
        valid.append((index, item))
    outcomes = observations.create_observations(author.user_id, [item for _, item in valid])
    for (index, _), outcome in zip(valid, outcomes, strict=True):
        results[index] = {"id": str(outcome.id), "kind": "observation", "status": outcome.status}
    return [r for r in results if r is not None]


def sync(
    author: Scope,
    batch: dict[str, list[Any]],
    observation_schema: ma.Schema,
    response_schema: ma.Schema,
) -> list[dict[str, Any]]:
    """Every item of the batch, answered in order: observations, then survey responses."""
    results = sync_observations(author, batch.get("observations", []), observation_schema)
    results.extend(responses.sync_responses(author, batch.get("responses", []), response_schema))
    return results
