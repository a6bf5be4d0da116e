"""Campaigns and their responses; also wires responses into ``POST /sync``."""

import functools

from backend.resources.campaigns.routes import blp
from backend.resources.campaigns.schemas import SyncResponseSchema
from backend.services import responses, sync

# POST /sync hands its "responses" to this handler, which loads each item with the schema.
sync.HANDLERS["response"] = functools.partial(responses.sync_responses, schema=SyncResponseSchema())

__all__ = ["blp"]
