"""`veilleurs analyse texts` as a pure function: any CSV in, the same CSV plus clusters out."""

import html
import json

import pandas as pd
import pytest

from analysis.errors import InputFileError, InvalidParameterError
from analysis.text.cli import analyse_texts_csv, parse_clusters, sniff_separator

from .conftest import SMALL_CORPUS


def write_csv(path, separator, bom):
    rows = [("code", "theme", "texte")]
    rows += [
        (f"0{i:03d}", theme, text)
        for i, (theme, text) in enumerate(
            (theme, text) for theme, texts in SMALL_CORPUS.items() for text in texts
        )
    ]
    rows.append(("0999", "", ""))
    lines = [separator.join(f'"{c}"' if separator in c else c for c in row) for row in rows]
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode() + b"\n")
    return rows


@pytest.mark.parametrize(("separator", "bom"), [(";", True), (",", False), ("\t", False)])
def test_round_trip_adds_cluster_columns(tmp_path, separator, bom):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    rows = write_csv(source, separator, bom)
    result = analyse_texts_csv(source, "texte", "4", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    table = pd.read_csv(out, sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(table.columns) == ["code", "theme", "texte", "cluster", "cluster_label"]
    assert table["code"].tolist() == [r[0] for r in rows[1:]]  # leading zeros kept
    assert table["texte"].tolist() == [r[2] for r in rows[1:]]  # texts untouched
    assert table["cluster"].astype(int).tolist() == result.labels
    assert table["cluster"].iloc[-1] == "-1" and table["cluster_label"].iloc[-1] == ""
    assert set(table["cluster"].astype(int)) == {-1, 0, 1, 2, 3}
    labelled = table[table["cluster"] != "-1"]
    assert (labelled["cluster_label"] != "").all()


@pytest.mark.parametrize("suffix", [".html", ".json"])
def test_report_is_written_beside_the_csv(tmp_path, suffix):
    source = tmp_path / "in.csv"
    write_csv(source, ";", True)
    report = tmp_path / f"rapport{suffix}"
    result = analyse_texts_csv(source, "texte", "auto", tmp_path / "out.csv", report)
    content = report.read_text(encoding="utf-8")
    if suffix == ".json":
        assert json.loads(content)["n_clusters"] == result.n_clusters
    else:
        assert content.startswith("<!doctype html>") and 'lang="fr"' in content
        assert "<script" not in content and "http" not in content  # self-contained
        for cluster in result.clusters:
            assert html.escape(cluster.label) in content
            assert all(q.replace("'", "&#x27;") in content for q in cluster.quotes)


def test_unknown_column_names_the_available_ones(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, ";", False)
    with pytest.raises(InputFileError, match="code, theme, texte"):
        analyse_texts_csv(source, "text", "auto", tmp_path / "out.csv")


def test_missing_or_empty_file_is_a_domain_error(tmp_path):
    with pytest.raises(InputFileError):
        analyse_texts_csv(tmp_path / "absent.csv", "texte", "auto", tmp_path / "out.csv")
    (tmp_path / "vide.csv").write_text("")
    with pytest.raises(InputFileError):
        analyse_texts_csv(tmp_path / "vide.csv", "texte", "auto", tmp_path / "out.csv")


def test_report_format_is_checked(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, ";", False)
    with pytest.raises(InvalidParameterError):
        analyse_texts_csv(source, "texte", 2, tmp_path / "out.csv", tmp_path / "r.pdf")


@pytest.mark.parametrize(
    ("value", "expected"), [("auto", "auto"), ("AUTO", "auto"), ("8", 8), (3, 3)]
)
def test_parse_clusters(value, expected):
    assert parse_clusters(value) == expected


@pytest.mark.parametrize("value", ["0", "-2", "beaucoup", 0, True, 2.5])
def test_parse_clusters_rejects_nonsense(value):
    with pytest.raises(InvalidParameterError):
        parse_clusters(value)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb", "\t"), ('"x;y",b,c', ","), ("texte", ",")],
)
def test_separator_is_read_from_the_header(header, expected):
    assert sniff_separator(header + "\n1;2,3") == expected
