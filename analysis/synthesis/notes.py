"""The words around the figures: how to read the document, its caveats and its method.

Written from the content itself, so that a caveat appears where it applies (a sampled
clustering, suppressed counts, differing vintages) and nowhere else.
"""

from __future__ import annotations

from typing import Any

from analysis.french import number


def notes(content: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "how_to_read": how_to_read(content),
        "caveats": caveats(content),
        "method": method(content),
    }


def how_to_read(content: dict[str, Any]) -> list[str]:
    grid = number(content["disclosure"]["grid_m"])
    return [
        "Ce document rassemble deux sortes de faits : ce que les habitants et habitantes "
        "(les veilleurs) ont signalé sur la plateforme Veilleurs, et les indicateurs de la "
        "statistique publique (INSEE, CAF…) du territoire, comparés à ceux de sa commune, de "
        "son intercommunalité et de la France.",
        "Chaque signalement a un thème, une polarité — une difficulté, une ressource du "
        "quartier ou une idée — et un court texte. Les chiffres comptent des signalements, "
        "pas des personnes : une même personne peut signaler plusieurs fois.",
        _protection(content["disclosure"]) + " Sur la carte, aucun lieu n'est "
        f"plus précis qu'un carré de {grid} m de côté ; les citations sont reproduites telles qu'écrites (sans leurs émojis), noms, "
        "téléphones et adresses électroniques masqués.",
    ]


def _protection(disclosure: dict[str, Any]) -> str:
    """The disclosure rules as the reader needs them: both thresholds, stated."""
    threshold, contributors = disclosure["threshold"], disclosure.get("contributors")
    people = (
        f"Pour protéger les personnes, tout nombre de personnes (veilleurs, répondants) "
        f"inférieur à {threshold} est remplacé par « moins de {threshold} »"
    )
    if contributors is None:
        people = (
            f"Pour protéger les personnes, tout effectif inférieur à {threshold} est remplacé "
            f"par « moins de {threshold} »"
        )
        reports = ""
    else:
        reports = (
            f" ; un nombre de signalements n'est publié que si au moins {contributors} "
            "habitants différents sont derrière lui (sinon « masqué »), car beaucoup de "
            "signalements d'une ou deux personnes les désigneraient"
        )
    return (
        f"{people}{reports} ; un effectif qui permettrait d'en retrouver un autre par "
        "soustraction est lui aussi caché, et noté « masqué »."
    )


def caveats(content: dict[str, Any]) -> list[str]:
    threshold = content["disclosure"]["threshold"]
    found = [
        "Les signalements ne sont pas un échantillon représentatif des habitants : ils disent "
        "ce que des veilleurs ont choisi de signaler, là où ils passent. Un thème peu signalé "
        "n'est pas forcément un thème sans difficulté.",
    ]
    contributors = content["key_figures"].get("contributors")
    if contributors is not None:
        found.append(
            f"Nombre de veilleurs ayant contribué : {contributors['display']}. Leur identité "
            "n'apparaît nulle part dans ce document."
        )
    if _any_suppressed(content):
        found.append(
            f"Certains effectifs sont masqués (« moins de {threshold} » ou « masqué ») : les "
            "petits nombres se lisent comme des signaux, pas comme des mesures."
        )
    if content["map"].get("cells_withheld"):
        found.append(
            f"Moins de {threshold} signalements : la carte ne montre aucun lieu, pour ne "
            "pas désigner de personne."
        )
    warnings = {
        ref["warning"]
        for row in content["indicators"]["rows"]
        for ref in row["references"].values()
        if ref.get("warning")
    }
    if warnings:
        found.append(
            "Les indicateurs n'ont pas tous le même millésime ni la même source : les écarts "
            "mêlent parfois des années ou des méthodes différentes (voir les notes du tableau)."
        )
    if content["indicators"]["rows"]:
        found.append(
            "Les indicateurs statistiques décrivent des années passées (leur millésime est "
            "indiqué) ; les signalements, la période de ce document."
        )
    return found


def method(content: dict[str, Any]) -> list[str]:
    clusters = content["clusters"]
    found = [
        "Les sujets sont des regroupements automatiques des textes (lemmes du français, "
        "TF-IDF, k-moyennes sphériques, guidés par le thésaurus des thèmes pour un portrait) ; "
        "leurs intitulés sont les mots les plus caractéristiques de chaque groupe, et les "
        "citations les textes les plus proches de son centre."
    ]
    if clusters.get("sampled"):
        found.append(
            f"Les textes étant très nombreux, les sujets ont été calculés sur un échantillon "
            f"aléatoire de {number(clusters['n_used'])} textes ; les parts sont celles de "
            "l'échantillon."
        )
    if clusters.get("n_clusters_hidden"):
        found.append(
            "Les sujets de moins de "
            f"{content['disclosure']['threshold']} textes sont regroupés dans « autres sujets »."
        )
    found.append(
        "Les foyers sont des concentrations de signalements (DBSCAN, rayon de 150 m, calculé "
        "sur les carrés publics) nettement plus denses que le territoire dans son ensemble "
        "(test de Poisson, 5 %)."
    )
    if content["surveys"]:
        found.append(
            "Les résultats d'enquête sont des parts parmi les répondants, avec un intervalle de "
            "confiance à 95 % (Wilson) ; les répondants d'une campagne ne sont pas tirés au sort."
        )
    return found


def _any_suppressed(content: dict[str, Any]) -> bool:
    groups = [content.get("polarity", []), content["trend"]["items"]]
    rows = content.get("themes", {}).get("rows", [])
    groups.append(rows)
    groups.append([cell for row in rows for cell in row["polarity"].values()])
    groups.append([i["size"] for i in content["clusters"].get("items", [])])
    if any(item.get("suppressed") for group in groups for item in group):
        return True
    return bool(content["key_figures"]["observations"]["suppressed"])
