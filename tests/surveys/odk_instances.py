"""Submissions shaped as ODK Collect sends them and KoboToolbox exports them, made from the
primary instance that pyxform writes for a form (its XForm), filled as a phone fills it.

The instance brings what the phone adds by itself (``meta/instanceID``, the ``<repeat>_count``
of a computed repeat count…); values use the phone's encodings (``"lat lon alt acc"``
geopoints, space-separated multiple choices, times and date-times with their offset). The
result is KoboToolbox's JSON layout: keys are paths from the form's root (``groupe/question``),
a repeat is a list of objects whose keys are full paths too.
"""

from __future__ import annotations

import pathlib
import warnings
import xml.etree.ElementTree as ET
from typing import Any

from pyxform.xls2xform import convert

from surveys.prepared import PreparedSurvey, QuestionSpec

XFORMS = "{http://www.w3.org/2002/xforms}"


def primary_instance(path: pathlib.Path) -> ET.Element:
    """The root of the form's primary instance (``<data id="…">``), as pyxform writes it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xform = convert(str(path), validate=False).xform
    model = ET.fromstring(xform).find(f".//{XFORMS}model")
    assert model is not None
    instance = model.find(f"{XFORMS}instance")
    assert instance is not None
    return instance[0]


def phone_value(spec: QuestionSpec, index: int) -> Any:
    """What a phone sends for one question, in ODK's own string encodings."""
    names = [name for name in spec.choices if name != "other"]
    parameters = spec.node.get("parameters", {})
    return {
        "text": f"réponse {index}",
        "integer": str(index + 1),
        "decimal": f"{index + 1}.5",
        "range": str(parameters.get("start", 1)),
        "date": "2026-11-20",
        "time": "18:30:00.000+01:00",
        "datetime": "2026-11-20T18:30:00.000+01:00",
        "geopoint": "43.2965 5.3698 12.5 4.8",
        "select_one": names[0] if names else "",
        "select_multiple": " ".join(names[:2]),
        "rank": " ".join(names),
        "acknowledge": "OK",
        "image": "1732123456789.jpg",
        "hidden": "caché",
        "metadata": "2026-11-20T18:00:00.000+01:00",
        "unsupported": "x",
    }.get(spec.type, "")


def submission(path: pathlib.Path, survey: PreparedSurvey, instances: int = 2) -> dict[str, Any]:
    """A filled submission of the form at ``path``, in KoboToolbox's JSON layout."""
    root = primary_instance(path)
    out: dict[str, Any] = {"__version__": "vBRhJtKBPvVnQzkbxmLzJq", "_id": 184467}
    counter = iter(range(10_000))
    _fill(root, "", survey, out, counter, instances)
    return out


def _fill(node, prefix, survey, out, counter, instances):
    for child in node:
        name = child.tag.split("}")[-1]
        path = f"{prefix}{name}"
        spec = survey.by_key.get(path)
        if spec is not None and spec.type == "repeat":
            out[path] = []
            for _ in range(instances):
                row: dict[str, Any] = {}
                _fill(child, path + "/", survey, row, counter, instances)
                out[path].append(row)
        elif len(child):
            _fill(child, path + "/", survey, out, counter, instances)
        elif name == "instanceID":
            out[path] = "uuid:8a1b4c2e-64f4-4d5c-9a63-0f4c2e8a1b4c"
        elif name.endswith("_count") and spec is None:
            out[path] = str(instances)  # the phone's count of a computed repeat count
        elif spec is not None and spec.type not in ("note", "calculate"):
            out[path] = phone_value(spec, next(counter))
        else:
            out[path] = ""  # a note; a calculation the server computes
