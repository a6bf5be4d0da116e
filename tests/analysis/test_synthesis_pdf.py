"""The PDF of a synthesis, read back as a reader would: its text (pdftotext) and its pages as
images (pdftoppm), kept in tests/artifacts/syntheses/ for people to look at."""

from __future__ import annotations

import pathlib
import shutil
import subprocess

import pytest

from analysis.survey_stats import simulate_responses
from analysis.synthesis import SurveyInput, build_synthesis, render_html, render_pdf
from surveys import templates
from tests.analysis.test_synthesis import NOW, PLACE, comparisons, observations, plain

ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts" / "syntheses"
pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (scripts/install-system.sh test)"
)


def survey() -> SurveyInput:
    definition = templates.load("vivre-dans-mon-quartier")
    profiles = [
        {"sat_proprete": {"1": 4, "2": 3, "3": 2, "4": 1}},
        {"sat_proprete": {"3": 2, "4": 3}},
    ]
    rows = simulate_responses(definition, profiles, [70, 50], random_state=3)
    return SurveyInput(
        "Vivre au Mirail — automne 2026", definition, [r["answers"] for r in rows],
        "2026-09-01T00:00:00+02:00", "2026-10-16T00:00:00+02:00",
    )  # fmt: skip


@pytest.fixture(scope="module", params=["portrait", "proprete", "sante-3"])
def document(request):
    frame = observations(400)
    theme = None if request.param == "portrait" else request.param.split("-")[0]
    if request.param == "sante-3":
        frame = frame.head(3).assign(theme="sante")
    elif theme:
        frame = frame.assign(theme=theme)
    content = build_synthesis(
        frame, PLACE, theme=theme, indicators=comparisons(), surveys=[survey()], generated_at=NOW
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{request.param}.pdf"
    pdf.write_bytes(render_pdf(content))
    (ARTIFACTS / f"{request.param}.html").write_text(render_html(content), encoding="utf-8")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    if shutil.which("pdftoppm"):
        for old in ARTIFACTS.glob(f"{request.param}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / request.param)], check=True
        )
    return request.param, content, plain(text)


def test_pages_are_numbered_and_titled(document):
    _, _, text = document
    pages = text.count("\f")
    assert pages >= 2
    assert f"page 1 sur {pages}" in text and f"page {pages} sur {pages}" in text
    assert "Comment lire ce document" in text and "Précautions de lecture" in text


def test_what_the_pdf_says_about_small_numbers(document):
    name, _, text = document
    if name == "sante-3":
        assert "moins de 11" in text and "Moins de 11 signalements" in text
        assert "Trop peu de textes" in text
    else:
        assert "400" in text and "Les sujets qui reviennent" in text
        assert "INSEE, Filosofi 2016 — millésime 2016" in text
