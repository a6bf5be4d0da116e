"""An XForm instance as ODK Collect and Enketo submit it (``xml_submission_file``) → the answers
in KoboToolbox's JSON layout (keys are paths from the root, a repeat is a list of objects whose
keys are full paths), which :func:`surveys.validate_response` reads as they are.

The XML is read without DTDs or entities (defusedxml), bounded in size and depth.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from surveys.errors import SurveyError
from surveys.prepared import PreparedSurvey

MAX_INSTANCE_BYTES = 10_000_000
MAX_INSTANCE_DEPTH = 32
MAX_INSTANCE_NODES = 100_000


class InstanceError(SurveyError):
    """The submission is not a readable XForm instance (French message)."""


@dataclasses.dataclass
class Instance:
    form_id: str
    version: str | None
    instance_id: str
    answers: dict[str, Any]
    attachments: list[str]
    """File names the answers refer to (photos…), to be found in the same submission."""


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_instance(xml: bytes, survey: PreparedSurvey) -> Instance:
    """Read one submission; raises :class:`InstanceError` when it cannot be read."""
    if len(xml) > MAX_INSTANCE_BYTES:
        raise InstanceError("Soumission trop volumineuse.")
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        raise InstanceError("La soumission n'est pas un document XML lisible.") from None
    if sum(1 for _ in root.iter()) > MAX_INSTANCE_NODES:
        raise InstanceError("Soumission trop volumineuse.")
    form_id = root.get("id")
    if not form_id:
        raise InstanceError("La soumission ne dit pas de quel formulaire elle vient (id).")
    meta = next((child for child in root if local(child.tag) == "meta"), None)
    instance_id = ""
    if meta is not None:
        found = next((c for c in meta if local(c.tag) == "instanceID"), None)
        instance_id = (found.text or "").strip() if found is not None else ""
    if not instance_id:
        raise InstanceError("La soumission n'a pas d'identifiant (meta/instanceID).")
    answers: dict[str, Any] = {}
    attachments: list[str] = []
    _fill(root, "", survey, answers, attachments, 1)
    return Instance(form_id, root.get("version"), instance_id[:255], answers, attachments)


def _fill(
    node: Element,
    prefix: str,
    survey: PreparedSurvey,
    out: dict[str, Any],
    attachments: list[str],
    depth: int,
) -> None:
    if depth > MAX_INSTANCE_DEPTH:
        raise InstanceError("Soumission trop profonde.")
    for child in node:
        name = local(child.tag)
        path = f"{prefix}{name}"
        spec = survey.by_key.get(path)
        if spec is not None and spec.type == "repeat":
            row: dict[str, Any] = {}
            _fill(child, path + "/", survey, row, attachments, depth + 1)
            out.setdefault(path, []).append(row)
        elif len(child):
            _fill(child, path + "/", survey, out, attachments, depth + 1)
        else:
            value = (child.text or "").strip()
            out[path] = value
            if spec is not None and spec.type == "image" and value:
                attachments.append(value)
