"""Existing KoboToolbox / ODK data → submissions to store as they came.

Read: KoboToolbox's JSON (the API's ``{"results": […]}`` or a plain list of rows), its XLSX
export (the first sheet one row per submission, one sheet per repeat joined by ``_index`` /
``_parent_index`` / ``_parent_table_name``; "XML values and headers"), one raw ODK XML
submission, or a ZIP of them with their attachments (ODK Collect's ``instances/`` folder,
ODK Briefcase: each ``.xml`` with the files beside it). Nothing is dropped: a row without an
``instanceID`` gets one from its content; the answers are checked later, leniently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import posixpath
import zipfile
from typing import Any

from surveys.errors import SurveyError
from surveys.instance import InstanceError, read_instance
from surveys.prepared import PreparedSurvey

MAX_SUBMISSIONS = 20_000
MAX_ZIP_MEMBERS = 5_000
MAX_UNPACKED_BYTES = 200_000_000
KEPT_BOOKKEEPING = ("_index", "_parent_index", "_parent_table_name")


class ImportFileError(SurveyError):
    """The file cannot be read as an export (French message)."""


@dataclasses.dataclass
class Submission:
    instance_id: str
    answers: dict[str, Any]
    submitted_at: dt.datetime | None
    files: dict[str, bytes] = dataclasses.field(default_factory=dict)


def read_submissions(data: bytes, filename: str, survey: PreparedSurvey) -> list[Submission]:
    """The submissions in an exported file, by its extension."""
    suffix = posixpath.splitext(filename.lower())[1]
    readers = {".json": _from_json, ".xlsx": _from_xlsx, ".xml": _from_xml, ".zip": _from_zip}
    if suffix not in readers:
        raise ImportFileError(
            "Format non reconnu : envoyez l'export JSON ou XLSX de KoboToolbox, une soumission "
            "ODK (.xml) ou un ZIP de soumissions avec leurs fichiers."
        )
    found = readers[suffix](data, survey)
    if len(found) > MAX_SUBMISSIONS:
        raise ImportFileError(f"Au plus {MAX_SUBMISSIONS} soumissions par import.")
    return found


def _moment(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _digest_id(row: dict[str, Any]) -> str:
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def from_row(row: dict[str, Any]) -> Submission:
    """One KoboToolbox row (JSON layout: paths as keys, repeats as lists)."""
    instance_id = row.get("meta/instanceID") or (f"uuid:{row['_uuid']}" if row.get("_uuid") else "")
    instance_id = str(instance_id) or _digest_id(row)
    moment = _moment(row.get("end")) or _moment(row.get("start"))
    moment = moment or _moment(row.get("_submission_time"))
    answers = {k: v for k, v in row.items() if not str(k).startswith("_")}
    return Submission(instance_id[:255], answers, moment)


def _from_json(data: bytes, survey: PreparedSurvey) -> list[Submission]:
    try:
        loaded = json.loads(data)
    except (ValueError, RecursionError):
        raise ImportFileError("Ce fichier n'est pas un JSON lisible.") from None
    if isinstance(loaded, dict):
        loaded = loaded.get("results", loaded.get("submissions"))
    if not isinstance(loaded, list) or not all(isinstance(row, dict) for row in loaded):
        raise ImportFileError(
            "JSON inattendu : une liste de soumissions, ou l'objet de l'API de KoboToolbox "
            "avec ses « results »."
        )
    return [from_row(row) for row in loaded]


def _from_xml(data: bytes, survey: PreparedSurvey) -> list[Submission]:
    return [_instance(data, survey, {})]


def _instance(data: bytes, survey: PreparedSurvey, files: dict[str, bytes]) -> Submission:
    instance = read_instance(data, survey)
    moment = _moment(instance.answers.get("end")) or _moment(instance.answers.get("start"))
    return Submission(instance.instance_id, instance.answers, moment, files)


def _from_zip(data: bytes, survey: PreparedSurvey) -> list[Submission]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        raise ImportFileError("Ce fichier n'est pas un ZIP lisible.") from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError("Archive trop volumineuse une fois décompressée.")
    folders: dict[str, dict[str, bytes]] = {}
    xmls: list[tuple[str, bytes]] = []
    for member in members:
        content = archive.read(member)
        folder, name = posixpath.split(member.filename)
        if name.lower().endswith(".xml"):
            xmls.append((folder, content))
        else:
            folders.setdefault(folder, {})[name] = content
    found = []
    for folder, content in sorted(xmls, key=lambda item: item[0]):
        try:
            found.append(_instance(content, survey, folders.get(folder, {})))
        except InstanceError as error:
            raise ImportFileError(f"{folder or 'archive'} : {error}") from None
    return found


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_xlsx(data: bytes, survey: PreparedSurvey) -> list[Submission]:
    import openpyxl  # only here: the rest of the toolkit reads no spreadsheet of answers

    from surveys import limits

    limits.check_file(data, ".xlsx")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError("Ce classeur XLSX ne se lit pas.") from None
    sheets: dict[str, list[dict[str, Any]]] = {}
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, ())]
        sheets[sheet.title] = [
            {h: _cell(v) for h, v in zip(header, row, strict=False) if h} for row in rows
        ]
    if not sheets:
        raise ImportFileError("Ce classeur XLSX est vide.")
    main_name = next(iter(sheets))
    repeats = {spec.name[:31]: spec for spec in survey.walk() if spec.type == "repeat"}
    by_index: dict[tuple[str, str], dict[str, Any]] = {}
    for name, rows in sheets.items():
        for row in rows:
            by_index[(name, str(row.get("_index", "")))] = row
    for name, rows in sheets.items():
        spec = repeats.get(name)
        if name == main_name or spec is None:
            continue
        for row in rows:
            parent = by_index.get(
                (str(row.get("_parent_table_name", "")), row.get("_parent_index", ""))
            )
            if parent is not None:
                parent.setdefault(spec.path, []).append(row)
    out = []
    for row in sheets[main_name]:
        out.append(from_row(_clean(row, survey)))
    return out


def _clean(row: dict[str, Any], survey: PreparedSurvey) -> dict[str, Any]:
    """A row without Kobo's extra columns: a multiple choice's 0/1 columns, the parts of a
    point (``_lieu_latitude``…), the join keys; empty cells left out."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, list):
            out[key] = [_clean(item, survey) for item in value]
            continue
        parent = survey.by_key.get(key.rsplit("/", 1)[0]) if "/" in key else None
        if parent is not None and parent.type in ("select_multiple", "rank"):
            continue
        if key in KEPT_BOOKKEEPING or value == "":
            continue
        if key.startswith("_") and key not in ("_uuid", "_submission_time", "_id"):
            continue
        out[key] = value
    return out
