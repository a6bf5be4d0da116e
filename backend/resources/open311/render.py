"""Open311 answers in JSON or XML, and errors in the spec's shape: a list of
``{"code", "description"}`` (``<errors><error><code/><description/></error></errors>``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import flask

# The spec's XML element of one item of each list.
ITEM = {"services": "service", "service_requests": "request", "errors": "error"}


def _element(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _element(node, key, inner)
    elif isinstance(value, list):
        child = name[:-1] if name.endswith("s") else "item"
        for inner in value:
            _element(node, child, inner)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def to_xml(root: str, body: Any) -> bytes:
    top = ET.Element(root)
    if isinstance(body, list):
        for item in body:
            _element(top, ITEM.get(root, "item"), item)
    else:
        for key, value in body.items():
            _element(top, key, value)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>'
        + ET.tostring(top, encoding="utf-8").split(b"?>", 1)[-1]
    )


def answer(fmt: str, root: str, body: Any, status: int = 200) -> flask.Response:
    if fmt == "xml":
        return flask.Response(to_xml(root, body), status, mimetype="text/xml")
    text = json.dumps(body, ensure_ascii=False)
    return flask.Response(text, status, mimetype="application/json")


def request_format() -> str:
    return "xml" if flask.request.path.endswith(".xml") else "json"


def error(status: int, description: str) -> flask.Response:
    return answer(
        request_format(), "errors", [{"code": status, "description": description}], status
    )
