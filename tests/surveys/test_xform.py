"""A definition → pyxform's XForm, and a phone's instance of that XForm → answers read as they
are: every example form we import, and the built-in templates, make the round trip."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from surveys import prepare_survey, templates, validate_response
from surveys.errors import InvalidSurveyError
from surveys.instance import InstanceError, read_instance
from surveys.xform import to_xform
from surveys.xlsform import import_xlsform
from tests.surveys.odk_instances import XFORMS, phone_value
from tests.surveys.test_xlsform_examples import FORMS, example_id


def definitions():
    for path in FORMS:
        try:
            yield pytest.param(import_xlsform(path).definition, id=example_id(path))
        except InvalidSurveyError:
            continue
    for template in templates.available():
        yield pytest.param(templates.load(template.name), id=f"template-{template.name}")


def phone_instance(xform: str, survey) -> bytes:
    """The XForm's primary instance filled as a phone fills it (two instances per repeat)."""
    model = ET.fromstring(xform).find(f".//{XFORMS}model")
    root = copy.deepcopy(model.find(f"{XFORMS}instance")[0])
    counter = iter(range(10_000))

    def fill(node, prefix):
        for child in list(node):
            if "template" in "".join(child.attrib):
                node.remove(child)  # jr:template: the model of a repeat, never sent
                continue
            name = child.tag.split("}")[-1]
            path = f"{prefix}{name}"
            spec = survey.by_key.get(path)
            if len(child):
                fill(child, path + "/")
                if spec is not None and spec.type == "repeat":
                    node.insert(list(node).index(child) + 1, copy.deepcopy(child))
            elif name == "instanceID":
                child.text = "uuid:8a1b4c2e-64f4-4d5c-9a63-0f4c2e8a1b4c"
            elif spec is not None and spec.type not in ("note", "calculate"):
                child.text = str(phone_value(spec, next(counter)))

    fill(root, "")
    return ET.tostring(root, encoding="utf-8")


@pytest.mark.parametrize("definition", list(definitions()))
def test_every_form_becomes_an_xform_whose_instances_are_read_as_they_come(definition):
    xform = to_xform(definition, version="7")
    root = ET.fromstring(xform)
    instance = root.find(f".//{XFORMS}model/{XFORMS}instance")[0]
    assert instance.get("id") == definition["settings"]["form_id"]
    assert instance.get("version") == "7"
    survey = prepare_survey(definition)
    read = read_instance(phone_instance(xform, survey), survey)
    assert read.instance_id == "uuid:8a1b4c2e-64f4-4d5c-9a63-0f4c2e8a1b4c"
    assert read.form_id == definition["settings"]["form_id"]
    result = validate_response(survey, read.answers, mode="lenient")
    unreadable = [n for n in result.notes if n.code in ("unknown_question", "type")]
    assert unreadable == []


@pytest.mark.parametrize(
    "xml",
    [
        b"pas du xml",
        b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaa'>]><d id='f'>&a;</d>",
        b"<d><meta><instanceID>uuid:1</instanceID></meta></d>",  # no form id
        b"<d id='f'><q>1</q></d>",  # no instanceID
        b"<d id='f'>" + b"<g>" * 40 + b"</g>" * 40 + b"</d>",
    ],
)
def test_an_unreadable_instance_is_refused_with_a_reason(xml):
    survey = prepare_survey(templates.load("diagnostic-en-marchant"))
    with pytest.raises(InstanceError) as error:
        read_instance(xml, survey)
    assert str(error.value)
