"""The examples in the docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["surveys.expressions", "surveys.xlsform", "surveys.responses", "surveys.templates"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
