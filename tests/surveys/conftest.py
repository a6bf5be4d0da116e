"""Forms written inline as Markdown tables, as pyxform's own tests do."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.xlsform import import_xlsform

NEIGHBOURHOOD_FORM = """
| survey |
| | type | name | label::Français (fr) | label::English (en) | hint::Français (fr) | required | required_message::Français (fr) | constraint | constraint_message::Français (fr) | constraint_message::English (en) | relevant | calculation | default | read_only | choice_filter | parameters | repeat_count | appearance |
| | text | nom | Nom | Name | Votre prénom | yes | Le prénom est obligatoire | | | | | | | | | | | |
| | integer | age | Âge | Age | | true() | | . >= 0 and . < 130 | Âge impossible | Impossible age | | | 30 | | | | | |
| | select_one commune | commune | Commune | Town | | | | | | | ${age} > 10 | | | | | | | |
| | select_one quartier | quartier | Quartier | District | | | | | | | | | | | commune = ${commune} | | | |
| | select_multiple themes or_other | themes | Thèmes | Themes | | | | | | | | | | | | | | |
| | range | note | Note | Mark | | | | | | | | | | | | start=0 end=10 step=1 | | |
| | rank priorites | priorites | Priorités | Priorities | | | | | | | | | | | | | | |
| | calculate | double_age | | | | | | | | | | ${age} * 2 | | | | | | |
| | hidden | source | | | | | | | | | | | | | | | | |
| | acknowledge | accord | D'accord ? | OK? | | | | | | | | | | | | | | |
| | begin repeat | arrets | Arrêts | Stops | | | | | | | | | | | | | 2 | field-list |
| | geopoint | lieu | Lieu | Place | | | | | | | | | | | | | | |
| | image | photo | Photo | Photo | | | | | | | | | | | | max-pixels=1024 | | |
| | decimal | gravite | Gravité | Severity | | | | . <= 5 | | | | | | | | | | |
| | note | merci | Merci ${nom} | Thanks | | | | | | | | | | | | | | |
| | end repeat | | | | | | | | | | | | | | | | | |
| | begin group | quand | Quand | When | | | | | | | | | | | | | | |
| | date | jour | Date | Date | | | | . <= today() | | | | | | yes | | | | |
| | time | heure | Heure | Time | | | | | | | | | | | | | | |
| | datetime | moment | Moment | Moment | | | | | | | | | | | | | | |
| | end group | | | | | | | | | | | | | | | | | |
| | calculate | nb_arrets | | | | | | | | | | count(${arrets}) | | | | | | |
| choices |
| | list_name | name | label::Français (fr) | label::English (en) | commune |
| | commune | marseille | Marseille | Marseille | |
| | commune | aix | Aix-en-Provence | Aix-en-Provence | |
| | quartier | noailles | Noailles | Noailles | marseille |
| | quartier | jas | Jas de Bouffan | Jas de Bouffan | aix |
| | themes | proprete | Propreté | Cleanliness | |
| | themes | sante | Santé | Health | |
| | priorites | logement | Logement | Housing | |
| | priorites | emploi | Emploi | Jobs | |
| settings |
| | form_id | form_title | version | default_language |
| | quartier_test | Enquête de test | 2026112001 | Français (fr) |
"""

FIXED_NOW = dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(scope="session")
def neighbourhood_survey() -> dict:
    return import_xlsform(NEIGHBOURHOOD_FORM).definition


@pytest.fixture
def clock():
    return lambda: FIXED_NOW
