"""pyxform's English errors and warnings, told again in French with their sheet, row and column.

pyxform remains the judge of whether an XLSForm is valid; this module only translates its
verdict. A message it does not know keeps pyxform's words, behind a French sentence that
says where they come from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from surveys.issues import ImportIssue, IssueCode, Severity, issue

_ROW = re.compile(r"\[row : (\d+)\]")
_SHEET = re.compile(r"On the '(\w+)' sheet|sheet: '(\w+)'")
_COLUMN = re.compile(r"the '([^']*)' value")
_LEARN_MORE = re.compile(r"\s*Learn more: \S+")

Rule = tuple[re.Pattern[str], IssueCode, str | None, Callable[[re.Match[str]], str]]


def _rule(pattern: str, code: IssueCode, column: str | None, french: Callable[..., str]) -> Rule:
    return (re.compile(pattern, re.S), code, column, french)


RULES: list[Rule] = [
    _rule(r"Duplicate column header: (.+)", IssueCode.DUPLICATE_COLUMN, None,
          lambda m: f"la colonne « {m[1].strip()} » apparaît deux fois dans l’en-tête ; "
                    "supprimez ou renommez l’une des deux"),
    _rule(r"Headers that are different names for the same column were found: '([^']+)', "
          r"'([^']+)'", IssueCode.CONFLICTING_COLUMNS, None,
          lambda m: f"les colonnes « {m[1]} » et « {m[2]} » désignent la même chose ; "
                    "gardez-en une seule"),
    _rule(r"You must have a sheet named 'survey'|required column headers were not found|"
          r"missing header row", IssueCode.MISSING_SURVEY_SHEET, None,
          lambda m: "il manque la feuille « survey » ou ses colonnes « type » et « name »"),
    _rule(r"Missing calculation", IssueCode.MISSING_CALCULATION, "calculation",
          lambda m: "une question de type « calculate » doit avoir une formule dans la "
                    "colonne « calculation »"),
    _rule(r"Question or group with no name", IssueCode.MISSING_NAME, "name",
          lambda m: "cette question ou ce groupe n’a pas de nom"),
    _rule(r"The survey element named '([^']+)' has no label or hint", IssueCode.MISSING_LABEL,
          "label", lambda m: f"la question « {m[1]} » n’a ni libellé (label) ni aide (hint)"),
    _rule(r"This section has not been (included)", IssueCode.UNSUPPORTED_INCLUDE, "type",
          lambda m: "l’inclusion d’un autre formulaire (type « include ») n’est pas prise en "
                    "charge : recopiez ses questions dans ce formulaire"),
    _rule(r"Unknown question type '([^']*)'", IssueCode.UNKNOWN_TYPE, "type",
          lambda m: f"type de question inconnu : « {m[1]} »"),
    _rule(r"Unmatched 'end_(\w+)'", IssueCode.UNMATCHED_END, "type",
          lambda m: f"« end {m[1]} » sans « begin {m[1]} » correspondant"),
    _rule(r"Unmatched 'begin_(\w+)'", IssueCode.UNMATCHED_BEGIN, "type",
          lambda m: f"« begin {m[1]} » sans « end {m[1]} » correspondant"),
    _rule(r"'name' value '([^']*)' is (?:invalid|problematic)\. (?:Questions|Repeat names)",
          IssueCode.DUPLICATE_NAME, "name",
          lambda m: f"le nom « {m[1]} » est déjà utilisé par une autre question ou un autre "
                    "groupe"),
    _rule(r"The name 'meta' is reserved", IssueCode.INVALID_NAME, "name",
          lambda m: "le nom « meta » est réservé aux métadonnées du formulaire"),
    _rule(r"Choices must have a name", IssueCode.MISSING_CHOICE_NAME, "name",
          lambda m: "ce choix n’a pas de nom"),
    _rule(r"Choice names must be unique", IssueCode.DUPLICATE_CHOICE, "name",
          lambda m: "ce nom de choix existe déjà dans la même liste"),
    _rule(r"Names must begin with a letter or underscore", IssueCode.INVALID_NAME, None,
          lambda m: "un nom doit commencer par une lettre ou « _ », puis ne contenir que des "
                    "lettres, chiffres, « _ », « - » ou « . »"),
    _rule(r"Could not find the name '([^']+)'|There is no survey element (?:with this "
          r"name|named '([^']+)')", IssueCode.UNKNOWN_REFERENCE, None,
          lambda m: f"la référence ${{{m[1] or m[2] or '…'}}} ne désigne aucune question du "
                    "formulaire"),
    _rule(r"Reference variables? (?:must start|lists must)", IssueCode.INVALID_EXPRESSION, None,
          lambda m: "référence ${…} mal écrite : ${nom_de_question}, séparées par des "
                    "virgules"),
    _rule(r"List name not in (?:choices|columns|external choices) sheet: (\S+)",
          IssueCode.UNKNOWN_CHOICE_LIST, "type",
          lambda m: f"la liste de choix « {m[1]} » n’existe pas dans la feuille « choices »"),
    _rule(r"There should be a choices sheet", IssueCode.UNKNOWN_CHOICE_LIST, None,
          lambda m: "il manque la feuille « choices » (colonnes « list_name », « name » et "
                    "« label ») qui donne les choix des questions à choix"),
    _rule(r"Arguments 'itemset' and 'list_name' must not both be None",
          IssueCode.UNKNOWN_CHOICE_LIST, "type",
          lambda m: "une question à choix (select_one, select_multiple, rank) doit nommer sa "
                    "liste, par exemple « rank priorites »"),
    _rule(r"'parameters' value is invalid", IssueCode.INVALID_PARAMETERS, "parameters",
          lambda m: "paramètres incorrects (forme attendue : « cle1=valeur1 cle2=valeur2 », "
                    "valeurs permises selon le type)"),
    # warnings
    _rule(r"Choices should have a label", IssueCode.MISSING_CHOICE_LABEL, "label",
          lambda m: "ce choix n’a pas de libellé : son nom sera affiché"),
    _rule(r"do not contain valid machine-readable codes: (.+?)\.", IssueCode.LANGUAGE_WITHOUT_CODE,
          None, lambda m: f"langue(s) sans code : {m[1]} ; écrivez par exemple "
                          "« label::Français (fr) »"),
    _rule(r"When looking for a sheet named '(\w+)', the following sheets with similar names "
          r"were found: (.+?)\.", IssueCode.SIMILAR_SHEET_NAME, None,
          lambda m: f"feuille(s) {m[2]} ignorée(s) : vouliez-vous écrire « {m[1]} » ?"),
    _rule(r"uses or_other and translations", IssueCode.UNTRANSLATED_OTHER, None,
          lambda m: "« or_other » avec des traductions : l’application libelle elle-même le "
                    "choix « Autre » et la question « Précisez : » (en anglais pour les langues "
                    "en « (en) », en français sinon) ; vérifiez ces libellés"),
    _rule(r"Column headers must not be empty and must not contain spaces",
          IssueCode.INVALID_HEADER, None,
          lambda m: "en-tête de colonne vide ou contenant des espaces : colonne ignorée"),
    _rule(r"Row without name, text, or label is being skipped", IssueCode.ROW_SKIPPED, None,
          lambda m: "ligne sans nom ni libellé : ignorée"),
    _rule(r"Language '([^']+)' is missing the (\w+) (?:columns? )?([\w, ]+?)(?: column)?\.",
          IssueCode.MISSING_TRANSLATION, None,
          lambda m: f"la langue « {m[1]} » n’a pas de traduction pour {m[3]} "
                    f"(feuille « {m[2]} »)"),
    _rule(r"Repeat has no label", IssueCode.MISSING_LABEL, "label",
          lambda m: "cette répétition n’a pas de libellé"),
    _rule(r"(\w+) is no longer supported on most devices", IssueCode.UNSUPPORTED_TYPE, "type",
          lambda m: f"la métadonnée « {m[1]} » n’est plus disponible sur la plupart des "
                    "appareils"),
    _rule(r"max-pixels parameter", IssueCode.IMAGE_WITHOUT_MAX_PIXELS, "parameters",
          lambda m: "ajoutez le paramètre « max-pixels=1024 » pour alléger les photos envoyées"),
]  # fmt: skip


def translate(
    text: str,
    severity: Severity,
    rows_by_name: Mapping[str, int] | None = None,
) -> ImportIssue:
    """The French issue for one pyxform message; ``rows_by_name`` locates named questions."""
    sheet, row, column = _location(text)
    for pattern, code, default_column, french in RULES:
        match = pattern.search(text)
        if match:
            if row is None and rows_by_name and match.groups():
                row = _row_of(match.groups(), rows_by_name)
                sheet = sheet or ("survey" if row else None)
            return issue(
                code, severity, french(match), sheet=sheet, row=row, column=column or default_column
            )
    original = _LEARN_MORE.sub("", text).strip()
    code = IssueCode.REJECTED_BY_PYXFORM if severity == "error" else IssueCode.PYXFORM_WARNING
    lead = "pyxform refuse le formulaire" if severity == "error" else "remarque de pyxform"
    return issue(code, severity, f"{lead} : « {original} »", sheet=sheet, row=row, column=column)


def _row_of(groups: tuple[str | None, ...], rows: Mapping[str, int]) -> int | None:
    """The survey row a message's captured words point to: a name, a type or a list."""
    for group in groups:
        if not group:
            continue
        for key in (group, f"type:{group}", f"list:{group}"):
            if key in rows:
                return rows[key]
    return None


def _location(text: str) -> tuple[str | None, int | None, str | None]:
    row_match, sheet_match = _ROW.search(text), _SHEET.search(text)
    column_match = _COLUMN.search(text)
    row = int(row_match[1]) if row_match else None
    sheet = (sheet_match[1] or sheet_match[2]) if sheet_match else None
    if row is not None and sheet is None:
        sheet = "survey"
    column = column_match[1] if column_match and column_match[1] else None
    return sheet, row, column
