"""The pure indicators package on the real INSEE/CAF files: reading, long format, comparisons,
composite indices, BPE aggregation — no database."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from analysis.indicators import BadFile, BadSpec
from analysis.indicators.compare import Place, compare, difference
from analysis.indicators.composite import CompositeSpec, composite_index
from analysis.indicators.dictionary import infer_unit, parse_dictionary
from analysis.indicators.equipment import aggregate_equipment
from analysis.indicators.reading import read_table
from analysis.indicators.wide import infer_period, wide_to_long
from tests.conftest import DATA, ROOT

INDICATORS = DATA / "indicators"
QPV = INDICATORS / "occitanie-qpv2015-indicateurs.csv"
FILOSOFI = INDICATORS / "filosofi_com_2016_dep13_31_34.csv"
EXAMPLE = ROOT / "analysis" / "indicators" / "examples" / "fragilite_sociale.toml"


def qpv_long() -> pd.DataFrame:
    dictionary = parse_dictionary(
        read_table(
            (INDICATORS / "occitanie-qpv2015-indicateurs-dictionnaire.csv").read_bytes()
        ).frame
    )
    table = read_table(QPV.read_bytes())
    return wide_to_long(
        table, territory_field="code_qp", dictionary=dictionary, period=2015
    ).values.assign(source="Insee QPV", geography_version="qpv2015")


def test_the_qpv_file_with_its_bom_is_read_with_labels_and_units_from_its_dictionary():
    values = qpv_long()
    assert values["territory_code"].nunique() == 105
    assert values["indicator"].nunique() == 41  # 44 columns less code, name, commune name
    tp60 = values[(values["territory_code"] == "QP031001") & (values["indicator"] == "tp60")]
    assert tp60[["label", "unit", "period", "value"]].to_dict("records") == [
        {"label": "Taux de pauvreté", "unit": "%", "period": 2015, "value": 39.1}
    ]
    units = values.drop_duplicates("indicator").set_index("indicator")["unit"]
    assert (units["disp_q2"], units["pop_mun"], units["ind_jeune"]) == ("€", "nombre", "indice")


def test_filosofi_codes_keep_leading_zeros_and_the_period_is_read_from_the_columns():
    long = wide_to_long(read_table(FILOSOFI.read_bytes()), territory_field="CODGEO")
    assert long.period_inferred and set(long.periods.values()) == {2016}
    assert {"med", "tp60", "d1", "d9", "rd", "ppmini"} <= set(long.values["indicator"])
    assert "01001" in set(long.values["territory_code"])
    med = long.values.query("territory_code == '31395' and indicator == 'med'").iloc[0]
    assert (med["value"], med["unit"], med["label"]) == (20474.0, "€", "Médiane du niveau de vie")
    # Filosofi's secret: small communes have no poverty rate — missing, not zero.
    tp60 = long.values.query("territory_code == '01001' and indicator == 'tp60'").iloc[0]
    assert pd.isna(tp60["value"])


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["MED16", "TP6016", "D116", "RD16"], 2016),
        (["P17_POP1564", "C17_ACT1564", "DISP_TP6017"], 2017),
        (["tp60", "brev"], None),  # 60 is a threshold, not 2060
        (["MED16", "MED17"], None),
    ],
)
def test_the_vintage_is_inferred_only_when_every_column_shares_it(columns, expected):
    found = infer_period(columns)
    assert (found[0] if found else None) == expected


def test_secret_statistique_blanks_stay_missing_and_decimal_commas_are_read():
    text = "CODGEO;TP6016;MED16\n01001;s;20 809\n13055;12,5;nd\n31395;n.d.;18248\n34172;ns;c\n"
    long = wide_to_long(read_table(text.encode()), territory_field="CODGEO").values
    tp60 = long[long["indicator"] == "tp60"].set_index("territory_code")
    assert tp60.loc["13055", "value"] == 12.5
    assert tp60["value"].isna().sum() == 3
    assert list(tp60["flag"].dropna()) == ["s", "n.d.", "ns"]
    med = long[long["indicator"] == "med"].set_index("territory_code")["value"]
    assert med["01001"] == 20809 and pd.isna(med["13055"]) and pd.isna(med["34172"])


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        (
            b"CODGEO,MED16\n01001,1\n",
            {"territory_field": "code"},
            "colonne de territoire « code » absente",
        ),
        (
            b"CODGEO,MED16\n01001,=1+2\n",
            {"territory_field": "CODGEO"},
            "formule refusée ligne 2, colonne MED16",
        ),
        (
            b"CODGEO,MED16\n01001,beaucoup\n",
            {"territory_field": "CODGEO", "columns": ["MED16"]},
            "valeurs non numériques",
        ),
        (
            b"CODGEO,MED16\n01001,1\n01001,2\n",
            {"territory_field": "CODGEO"},
            "apparaît sur plusieurs lignes",
        ),
        (b"code,tp60\nQP1,1\n", {"territory_field": "code"}, "précisez --period"),
    ],
)
def test_doubtful_files_are_refused_with_a_french_message_naming_the_problem(
    content, kwargs, message
):
    with pytest.raises(BadFile, match=message):
        wide_to_long(read_table(content), **kwargs)


@pytest.mark.parametrize(
    ("content", "sep", "message"),
    [
        (b"CODGEO,MED16\n01001,1\n", ";", "le fichier semble séparé par « , »"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", None, "n'est pas un fichier CSV ou XLSX lisible"),
        (b"juste du texte\nsans colonnes\n", None, "aucun séparateur reconnu"),
        (b"", None, "vide"),
    ],
)
def test_unreadable_files_are_refused(content, sep, message):
    with pytest.raises(BadFile, match=message):
        read_table(content, sep=sep)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_with_numeric_codes_gets_its_leading_zeros_back():
    data = xlsx([["CODGEO", "MED16"], [1001, 22679], ["13055", 18248]])
    long = wide_to_long(read_table(data), territory_field="CODGEO")
    assert set(long.values["territory_code"]) == {"01001", "13055"}
    assert any("zéros à gauche" in note for note in long.notes)


def test_an_xlsx_with_formulas_is_refused():
    data = xlsx([["CODGEO", "MED16"], ["01001", "=2*10000"]])
    with pytest.raises(BadFile, match="formule"):
        wide_to_long(read_table(data), territory_field="CODGEO")


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    with pytest.raises(BadFile, match="archive XLSX suspecte"):
        read_table(out.getvalue())


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("Taux de bas revenus", "%"),
        ("Médiane (en euros) du revenu disponible par unité de consommation", "€"),
        ("Nombre total de demandeurs d'emploi", "nombre"),
        ("Indice de jeunesse", "indice"),
    ],
)
def test_units_are_inferred_from_french_labels(label, unit):
    assert infer_unit(label) == unit


def test_difference_is_in_points_for_rates_and_a_ratio_for_amounts():
    assert difference(39.1, 15.0, "%") == (24.1, "écart en points")
    assert difference(13848, 20474, "€") == (0.68, "rapport")
    assert difference(2938, 24725, "nombre")[0] is None


def test_a_qpv_is_compared_with_its_commune_epci_and_france_with_vintage_warnings():
    filosofi = wide_to_long(read_table(FILOSOFI.read_bytes()), territory_field="CODGEO").values
    values = pd.concat(
        [qpv_long(), filosofi.assign(source="Insee Filosofi 2016", geography_version="cog2017")]
    )
    chain = [
        Place("QP031001", "QPV", "Saint Jean"),
        Place("31395", "commune", "Muret"),
        Place("200068641", "EPCI"),
        Place("FR", "France"),
    ]
    table = compare(values, chain).set_index(["indicator", "reference_level"])
    muret = table.loc[("tp60", "commune")]
    # QPV 39.1 % (2015) against Muret 15 % (2016): 24.1 points above, not a ratio.
    assert (muret["value"], muret["reference_value"], muret["difference"]) == (39.1, 15.0, 24.1)
    assert muret["difference_kind"] == "écart en points"
    assert "Millésimes différents : QPV 2015, commune 2016" in muret["warning"]
    france = table.loc[("tp60", "France")]
    assert france["reference_value"] == 14.0 and "ERFS" in france["warning"]
    income = table.loc[("disp_q2", "commune")]
    assert income["reference_indicator"] == "med" and income["difference"] == 0.68
    assert "Indicateurs rapprochés" in income["warning"]
    assert pd.isna(table.loc[("tp60", "EPCI"), "reference_value"])  # EPCI not in these values


def test_the_example_composite_index_ranks_the_qpv_and_writes_its_method():
    spec = CompositeSpec.from_toml(EXAMPLE.read_text(encoding="utf-8"))
    values = qpv_long()
    result = composite_index(values, spec, sorted(values["territory_code"].unique()), scope="QPV")
    table = result.table
    assert len(table) == 105 and table.iloc[0]["rank"] == 1
    scored = table.dropna(subset=["score"])
    assert abs(scored["score"].mean()) < 0.2  # z-scores are centred
    # Poorer QPV (higher tp60) score higher: the direction is applied.
    assert scored["score"].corr(scored["tp60_value"]) > 0.7
    assert scored["score"].corr(scored["disp_q2_value"]) < -0.7
    for words in (
        "Taux de pauvreté",
        "poids 2",
        "z-score",
        "105 territoires",
        "renormalisés",
        "jamais remplacée par zéro",
    ):
        assert words in result.method


def test_min_max_standardisation_flips_favourable_indicators_and_excludes_incomplete_territories():
    values = pd.DataFrame(
        {
            "territory_code": ["A", "B", "C", "A", "B", "C"],
            "indicator": ["tp60"] * 3 + ["emploi"] * 3,
            "label": ["Pauvreté"] * 3 + ["Emploi"] * 3,
            "period": [2016] * 6,
            "value": [10.0, 20.0, 30.0, 60.0, 40.0, None],
            "source": ["x"] * 6,
        }
    )
    spec = CompositeSpec.from_mapping(
        {
            "indice": {
                "libelle": "Test",
                "standardisation": "minmax",
                "valeurs_manquantes": "exclure",
            },
            "composantes": [
                {"indicateur": "tp60", "sens": "hausse_defavorable"},
                {"indicateur": "emploi", "sens": "hausse_favorable"},
            ],
        }
    )
    result = composite_index(values, spec, ["A", "B", "C"]).table.set_index("territory")
    # B: poverty halfway (0.5), the lowest employment (1 once flipped) → 0.75.
    assert result.loc["A", "score"] == 0.0 and result.loc["B", "score"] == 0.75
    assert pd.isna(result.loc["C", "score"])


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({"composantes": [{"indicateur": "tp60"}]}, r"\[indice\]"),
        ({"indice": {}, "composantes": []}, "Au moins une composante"),
        (
            {"indice": {}, "composantes": [{"indicateur": "tp60", "sens": "haut"}]},
            "sens « haut » inconnu",
        ),
        (
            {"indice": {}, "composantes": [{"indicateur": "tp60", "poids": 0}]},
            "strictement positif",
        ),
        (
            {"indice": {"standardisation": "rang"}, "composantes": [{"indicateur": "tp60"}]},
            "Standardisation",
        ),
    ],
)
def test_a_bad_composite_definition_says_what_is_wrong(definition, message):
    with pytest.raises(BadSpec, match=message):
        CompositeSpec.from_mapping(definition)


def test_bpe_is_aggregated_to_communes_as_counts_and_rates_per_thousand():
    table = read_table((INDICATORS / "bpe_ens_2018_dep13_extrait.csv").read_bytes())
    long = aggregate_equipment(
        table, populations={"13002": 21187, "13201": 39786, "13202": 24810}
    ).values.set_index(["territory_code", "indicator"])["value"]
    # Counted by hand from the file: Allauch (13002) has 692 equipments, 19 GPs (D201), 51 shops.
    assert long[("13002", "bpe_total")] == 692
    assert long[("13002", "bpe_d201")] == 19
    assert long[("13002", "bpe_b")] == 51
    assert long[("13002", "bpe_d201_p1000")] == pytest.approx(19 / 21187 * 1000)
    assert long[("13002", "bpe_f303")] == 0  # the BPE is exhaustive: no cinema is a zero
    # Marseille's arrondissements are also summed into the commune (13055).
    assert (
        long[("13055", "bpe_total")] == long[("13201", "bpe_total")] + long[("13202", "bpe_total")]
    )
    assert pd.isna(long[("13004", "bpe_d201_p1000")])  # no population given: missing rate


def test_a_warning_says_when_the_geographies_of_two_values_differ():
    rows = [
        ("31395", "cog2017", 15.0),
        ("200068641", "cog2019", 9.7),
    ]
    values = pd.DataFrame(
        [
            {"territory_code": code, "indicator": "tp60", "label": "Taux de pauvreté", "unit": "%",
             "period": 2016, "value": value, "source": "Filosofi", "geography_version": geography}
            for code, geography, value in rows
        ]
    )  # fmt: skip
    table = compare(values, [Place("31395", "commune"), Place("200068641", "EPCI")])
    assert table.loc[0, "difference"] == 5.3
    assert table.loc[0, "warning"] == "Géographies différentes : cog2017 et cog2019."
