"""Hostile files, built in the tests: zip bombs, sheets that declare a billion cells, XML nested
100,000 deep or declaring entities, polygons of 450,000 vertices, coordinates out of range."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook

SURVEY_HEADER = ["type", "name", "label"]


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A sound XLSX made by openpyxl (the starting point of the hostile ones)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def small_form() -> bytes:
    return workbook_bytes({"survey": [SURVEY_HEADER, ["text", "avis", "Votre avis"]]})


def with_sheet_xml(
    xlsx: bytes, sheet_xml: Iterable[bytes], part: str = "xl/worksheets/sheet1.xml"
) -> bytes:
    """The same workbook with one part replaced by ``sheet_xml`` (streamed, highly compressed)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == part:
                info = zipfile.ZipInfo(part)
                info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(info, "w", force_zip64=True) as stream:
                    for chunk in sheet_xml:
                        stream.write(chunk)
            else:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


WORKSHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _header_rows() -> bytes:
    return (
        b'<row r="1">'
        + _cell("A1", "type")
        + _cell("B1", "name")
        + _cell("C1", "label")
        + b"</row>"
        b'<row r="2">'
        + _cell("A2", "text")
        + _cell("B2", "avis")
        + _cell("C2", "Votre avis")
        + b"</row>"
    )


def zip_bomb_form(unpacked_mb: int = 100) -> bytes:
    """A form whose survey sheet unpacks to ``unpacked_mb`` MB from a few hundred KB."""
    row = b"".join(_cell(f"{c}9", "x" * 40) for c in "ABC")
    block = (b'<row r="9">' + row + b"</row>") * 1000

    def parts() -> Iterable[bytes]:
        yield WORKSHEET_OPEN + b"<sheetData>" + _header_rows()
        for _ in range(unpacked_mb * 1_000_000 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return with_sheet_xml(small_form(), parts())


def billion_cell_form() -> bytes:
    """A sheet that declares A1:XFD1048576 (17 billion cells) in a few hundred bytes."""
    xml = (
        WORKSHEET_OPEN
        + b'<dimension ref="A1:XFD1048576"/><sheetData>'
        + _header_rows()
        + b'<row r="1048576">'
        + _cell("XFD1048576", "x")
        + b"</row></sheetData></worksheet>"
    )
    return with_sheet_xml(small_form(), [xml])


def deep_xml_form(depth: int = 100_000) -> bytes:
    xml = (
        WORKSHEET_OPEN
        + b"<sheetData>"
        + _header_rows()
        + b"<x>" * depth
        + b"</x>" * depth
        + b"</sheetData></worksheet>"
    )
    return with_sheet_xml(small_form(), [xml])


def entity_form() -> bytes:
    """Billion laughs: entities that expand each other."""
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]>"
    )
    xml = (
        doctype
        + WORKSHEET_OPEN
        + b"<sheetData>"
        + _header_rows()
        + b'<row r="3"><c r="C3" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + b"</sheetData></worksheet>"
    )
    return with_sheet_xml(small_form(), [xml])


def wide_form(columns: int = 600) -> bytes:
    header = SURVEY_HEADER + [f"label::langue{i}" for i in range(columns)]
    return workbook_bytes({"survey": [header, ["text", "avis", "Votre avis"] + ["x"] * columns]})


def long_cell_form(chars: int = 30_000) -> bytes:
    return workbook_bytes({"survey": [SURVEY_HEADER, ["text", "avis", "é" * chars]]})


def many_rows_csv(rows: int = 70_000) -> bytes:
    lines = ["survey,type,name,label"] + [f",text,q{i},Question {i}" for i in range(rows)]
    return "\n".join(lines).encode()


def square(lon: float, lat: float, side: float, vertices: int = 5) -> list[list[float]]:
    """A closed ring around (lon, lat) with about ``vertices`` points along its edges."""
    per_side = max(vertices // 4, 1)
    ring: list[list[float]] = []
    corners = [(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side)]
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for k in range(per_side):
            t = k / per_side
            ring.append([round(x0 + (x1 - x0) * t, 5), round(y0 + (y1 - y0) * t, 5)])
    ring.append(ring[0])
    return ring


def territories_geojson(*rings: list[list[float]], codes: list[str] | None = None) -> bytes:
    codes = codes or [f"ZZ{i:03d}" for i in range(len(rings))]
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "nom": f"Zone {code}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        for code, ring in zip(codes, rings, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()
