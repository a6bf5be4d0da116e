"""``veilleurs analyse texts``: the pure function behind the command, on any CSV file.

The backend wires it to a click command; it needs no database. The output is the input table
with two columns added: ``cluster`` (an integer, ``-1`` for a text with nothing to cluster) and
``cluster_label`` (a few French words from the texts).
"""

from __future__ import annotations

import dataclasses
import pathlib

import pandas as pd

from analysis.errors import InputFileError, InvalidParameterError
from analysis.spreadsheet import neutralise_table
from analysis.text.api import TextClustering, cluster_texts
from analysis.text.report import write_report

METADATA_COLUMNS = ("theme", "polarity", "territory")


@dataclasses.dataclass(frozen=True)
class CsvLayout:
    """How a CSV file was written, so the output can be written the same way."""

    separator: str
    encoding: str
    bom: bool


def analyse_texts_csv(
    input_path: str | pathlib.Path,
    column: str,
    clusters: int | str,
    output_path: str | pathlib.Path,
    report_path: str | pathlib.Path | None = None,
) -> TextClustering:
    """Cluster the texts of ``column``; write OUT.csv (and an HTML or JSON report if asked)."""
    table, layout = read_csv_table(input_path)
    if column not in table.columns:
        available = ", ".join(map(str, table.columns))
        raise InputFileError(
            f"Colonne « {column} » absente de {input_path} (colonnes : {available})."
        )
    metadata = table[[c for c in METADATA_COLUMNS if c in table.columns and c != column]]
    result = cluster_texts(
        table[column].tolist(),
        n_clusters=parse_clusters(clusters),
        metadata=metadata if len(metadata.columns) else None,
    )
    out = table.copy()
    out["cluster"] = result.labels
    out["cluster_label"] = result.cluster_labels
    encoding = "utf-8-sig" if layout.bom else "utf-8"
    # residents' words go to a spreadsheet: the product's rule keeps their formulas inert
    neutralise_table(out).to_csv(output_path, sep=layout.separator, index=False, encoding=encoding)
    if report_path is not None:
        write_report(result, report_path)
    return result


def parse_clusters(clusters: int | str) -> int | str:
    """``"auto"`` or a positive integer (``"8"`` is accepted as given on a command line)."""
    if isinstance(clusters, int) and not isinstance(clusters, bool) and clusters >= 1:
        return clusters
    if isinstance(clusters, str):
        value = clusters.strip().lower()
        if value == "auto":
            return "auto"
        if value.isdigit() and int(value) >= 1:
            return int(value)
    raise InvalidParameterError(
        f"Nombre de groupes invalide : {clusters!r} (un entier positif ou « auto »)."
    )


def read_csv_table(path: str | pathlib.Path) -> tuple[pd.DataFrame, CsvLayout]:
    """Any CSV as strings: separator sniffed among ``;`` ``,`` tab, UTF-8 with or without BOM
    (Windows-1252 when the file is not UTF-8). Cells are kept as text, codes keep their zeros."""
    path = pathlib.Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"Impossible de lire {path} : {exc.strerror}.") from exc
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        encoding = "cp1252"
    if not text.strip():
        raise InputFileError(f"Le fichier {path} est vide.")
    separator = sniff_separator(text)
    try:
        table = pd.read_csv(
            pathlib.Path(path),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig" if encoding == "utf-8" else encoding,
            encoding_errors="replace",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputFileError(f"{path} n'est pas un CSV lisible : {exc}") from exc
    return table, CsvLayout(separator=separator, encoding=encoding, bom=bom)


def sniff_separator(text: str) -> str:
    """The separator of the header line: the most frequent of ``;``, ``,`` and tab outside
    double quotes (``,`` when the header has a single column)."""
    header = text.split("\n", 1)[0]
    counts = dict.fromkeys((";", ",", "\t"), 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","
