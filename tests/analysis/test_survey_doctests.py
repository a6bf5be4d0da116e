"""The examples in the survey statistics' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analysis.survey_stats.crosstabs",
    "analysis.survey_stats.disclosure",
    "analysis.survey_stats.figures",
    "analysis.french",
    "analysis.survey_stats.intervals",
    "analysis.survey_stats.summaries",
    "analysis.survey_stats.synthetic",
    "analysis.survey_stats.typology",
    "analysis.survey_stats.vtest",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
