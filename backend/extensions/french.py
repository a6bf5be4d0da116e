"""French validation messages for marshmallow, so a resident reads every field error in French.

marshmallow keeps its default messages as class attributes; replacing them once, here, localises
every schema of the application (and only messages we did not write ourselves).
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

FIELD_MESSAGES: dict[type[fields.Field], dict[str, str]] = {
    fields.Field: {
        "required": "Ce champ est obligatoire.",
        "null": "Ce champ ne peut pas être vide.",
        "validator_failed": "Valeur invalide.",
    },
    fields.Boolean: {"invalid": "Ce n'est pas un booléen (true ou false)."},
    fields.Date: {"invalid": "Date invalide (attendu : AAAA-MM-JJ)."},
    fields.Float: {"special": "Les valeurs NaN et infinies ne sont pas acceptées."},
    fields.Decimal: {"special": "Les valeurs NaN et infinies ne sont pas acceptées."},
    fields.Enum: {"unknown": "Valeur inconnue ; valeurs possibles : {choices}."},
    fields.Integer: {"invalid": "Ce n'est pas un nombre entier."},
    fields.List: {"invalid": "Une liste est attendue."},
    fields.Mapping: {"invalid": "Un objet JSON est attendu."},
    fields.Nested: {"type": "Un objet JSON est attendu."},
    fields.Number: {"invalid": "Ce n'est pas un nombre.", "too_large": "Nombre trop grand."},
    fields.String: {
        "invalid": "Une chaîne de caractères est attendue.",
        "invalid_utf8": "Texte mal encodé (UTF-8 attendu).",
    },
    fields.Tuple: {"invalid": "Une liste de valeurs est attendue."},
    fields.UUID: {"invalid_uuid": "Identifiant invalide (un UUID est attendu)."},
    fields.URL: {"invalid": "Adresse web invalide."},
    fields.Email: {"invalid": "Adresse e-mail invalide."},
}

TEMPORAL_MESSAGES = {
    "invalid": "Date ou heure invalide (format ISO 8601 attendu, par ex. 2026-11-20T18:30:00+01:00).",
    "invalid_awareness": "Précisez le fuseau horaire (par ex. +01:00 ou Z).",
    "format": "Date impossible à formater.",
}


def install() -> None:
    """Replace marshmallow's English default messages by French ones (idempotent)."""
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.default_error_messages, **messages}
    fields._TemporalField.default_error_messages = {
        **fields._TemporalField.default_error_messages,
        **TEMPORAL_MESSAGES,
    }
    ma.Schema._default_error_messages = {
        "type": "Un objet JSON est attendu.",
        "unknown": "Champ inconnu.",
    }
    validate.Length.message_min = "Trop court : au moins {min} caractère(s) ou élément(s)."
    validate.Length.message_max = "Trop long : au plus {max} caractères ou éléments."
    validate.Length.message_all = "La longueur doit être comprise entre {min} et {max}."
    validate.Length.message_equal = "La longueur doit être exactement {equal}."
    validate.OneOf.default_message = "Valeur inconnue ; valeurs possibles : {choices}."
    validate.Range.message_min = "Doit être {min_op} {{min}}."
    validate.Range.message_max = "Doit être {max_op} {{max}}."
    validate.Range.message_all = "Doit être {min_op} {{min}} et {max_op} {{max}}."
    validate.Range.message_gte = "supérieur ou égal à"
    validate.Range.message_gt = "strictement supérieur à"
    validate.Range.message_lte = "inférieur ou égal à"
    validate.Range.message_lt = "strictement inférieur à"
    validate.Regexp.default_message = "Format invalide."
