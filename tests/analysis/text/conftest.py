"""Small corpora written for these tests, and the labelled files copied under tests/data/text."""

import pathlib

import pandas as pd
import pytest

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "text"

# Four themes, six short texts each, in the register residents use on a phone.
SMALL_CORPUS = {
    "proprete": [
        "Les poubelles débordent encore devant le bâtiment B",
        "Dépôt sauvage d'encombrants sur le trottoir, un matelas et un frigo",
        "Ça pue les ordures dans le local poubelle, personne ne nettoie",
        "Des sacs poubelle éventrés partout, les rats se servent",
        "Le ramassage des déchets n'est pas passé depuis une semaine",
        "Crottes de chien et mégots partout devant l'école, c'est sale",
    ],
    "mobilite": [
        "Le bus 12 est tjrs en retard le matin",
        "Pas de bus le dimanche pour aller au centre-ville",
        "Le tram est bondé aux heures de pointe, impossible de monter",
        "L'arrêt de bus a été supprimé, faut marcher 20 minutes",
        "Les tickets de transport sont trop chers pour les familles",
        "Il faudrait une piste cyclable pour aller à la gare à vélo",
    ],
    "sante": [
        "Plus de médecin généraliste dans le quartier depuis la retraite du docteur",
        "Six mois d'attente pour un rendez-vous chez le dentiste",
        "Aux urgences de l'hôpital on attend toute la nuit",
        "La pharmacie a fermé, les personnes âgées doivent prendre le bus pour leurs médicaments",
        "Pas de pédiatre pour les enfants, on va aux urgences pour une fièvre",
        "Le centre de santé propose des consultations sans dépassement d'honoraires",
    ],
    "numerique": [
        "Je sais pas faire mes démarches sur internet, tout est en ligne maintenant",
        "Pas d'ordinateur à la maison pour faire la déclaration à la CAF",
        "Le wifi de la médiathèque ne marche jamais",
        "J'ai oublié mon mot de passe ameli et je n'arrive pas à créer un compte",
        "Un atelier pour apprendre à utiliser le smartphone serait utile",
        "Il faut imprimer et scanner des documents mais je n'ai pas d'imprimante",
    ],
}


@pytest.fixture
def small_corpus() -> tuple[list[str], list[str]]:
    texts = [t for texts in SMALL_CORPUS.values() for t in texts]
    themes = [theme for theme, texts in SMALL_CORPUS.items() for _ in texts]
    return texts, themes


@pytest.fixture(scope="session")
def observations() -> pd.DataFrame:
    return pd.read_csv(DATA / "observations-veilleurs-fr.csv")


@pytest.fixture(scope="session")
def sib200() -> pd.DataFrame:
    parts = ("train", "dev", "test")
    return pd.concat(pd.read_csv(DATA / f"sib200-fra-{p}.tsv", sep="\t") for p in parts)


@pytest.fixture(scope="session")
def vrai_debat() -> pd.DataFrame:
    return pd.read_csv(DATA / "vrai-debat-propositions.csv")
