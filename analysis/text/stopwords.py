"""French stop words as residents write them: written forms, spoken fillers, SMS spellings.

All entries are lowercase and accent-folded, since they are matched on folded tokens.
"""

from __future__ import annotations

# Function words, pronouns, auxiliaries and very common verbs of standard written French.
_WRITTEN = """
a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient aurais
aurait auras aurez auriez aurons auront aussi autant autre autres aux auxquelles auxquels avaient
avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bien c ca car ce ceci cela
celle celles celui cependant certain certaine certaines certains ces cet cette ceux chacun chacune
chaque chez ci comme comment contre d dans de depuis des desquelles desquels dessous dessus deux
doit doivent donc dont du duquel durant elle elles en encore entre es est et etaient etais etait
etant ete etes etiez etions etre eu eue eues eumes eurent eus eusse eussent eusses eussiez
eussions eut eux faire fais fait faite faites faut fois font fut furent fus ici il ils j je
jusqu jusque l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma
mais me meme memes mes moi moins mon n ne ni non nos notre nous on ont ou par parce pas peu peut
peuvent plupart plus plusieurs pour pourquoi presqu puisqu lorsqu quoiqu pourrait puis puisque
qu quand que quel quelle
quelles quelqu quelque quelques quels qui quoi s sa sans se sera serai seraient serais serait
seras serez seriez serons seront ses si sien sienne soi soient sois soit sommes son sont sous
soyez soyons suis sur t ta tant te tes toi ton tous tout toute toutes tres tu un une unes uns
va vais vas vers voici voila vont vos votre vous y deja ainsi apres aujourdhui beaucoup chose
choses dire dit donne ete etre fait faire falloir fallu met mettre mis peux pouvoir pu rien
savoir sais sait sans souvent toujours jamais trop vraiment vrai autre tel telle tels telles
oui merci bonjour bonsoir madame monsieur mme mr svp stp ya avoir aller venir voir vu veut
vouloir voudrais aimerait devrait devoir quelqu'un quelquun personne gens cote meme lieu
aujourd hui end ends
fois jour jours an ans annee annees mois semaine semaines heure heures matin soir temps
depuis partout endroit niveau point part rue quartier ville zone coin place moment
cas gros grand grande grands grandes nouveau nouvelle ancien vieux petite
ailleurs apparemment egalement seulement surtout notamment ensuite parfois dehors dedans
autour bientot longtemps aussitot desormais quelquefois vite lentement exactement
premier premiere dernier derniere seul seule seuls tant tellement plutot assez presque
"""

# Fillers and spoken forms that carry no topic.
_SPOKEN = """
ben bah beh bon bref euh hein heu hum genre quoi truc trucs machin bidule ouais ouai ouep nan
voila voili enfin bah ah oh eh ha hey allez tiens franchement carrement grave trop sinon
juste vraiment limite style wesh wsh mdr ptdr lol xd jpp tkt osef bref bon ok okay dac
dacc daccord grave chelou ouf zarbi
"""

# SMS spellings that stand for function words (removed like them).
_SMS = """
pk pq pkoi pourkoi bcp bcq tjrs tjr tjs toujour qd qnd kan kand ki koi ke k c ct cest ses
slt bjr bsr cc coucou jsp jsais chai chui chuis jsuis jss g jai jme jte jle jla dc donc ac avc
mtn mnt maintenant auj ajd aujd pdt pr ds tt tte ttes ts vs ns jms mm mme nn dsl mrc mci
vrmt vrm qq qqn qqch qlq cb pkoi jvais jpeux jveux jvois jcrois jpense jdis ya yen yena
y'a ptet ptetre peutetre pe srx stv svp stp bjr jcp pcq psk paske pasque
"""

STOP_WORDS: frozenset[str] = frozenset((_WRITTEN + _SPOKEN + _SMS).split())

# SMS or clipped spellings of content words, expanded before lemmatisation (folded keys);
# each expands to one content word.
EXPANSIONS: dict[str, str] = {
    "pb": "problème",
    "pbm": "problème",
    "pblm": "problème",
    "prob": "problème",
    "probleme": "problème",
    "rdv": "rendezvous",
    "rendez": "rendezvous",  # the first half of "rendez-vous"
    "week": "weekend",  # the first half of "week-end"
    "weekends": "weekend",
    "appart": "appartement",
    "apparts": "appartement",
    "ordi": "ordinateur",
    "ordis": "ordinateur",
    "asso": "association",
    "assos": "association",
    "ado": "adolescent",
    "ados": "adolescent",
    "medoc": "médicament",
    "medocs": "médicament",
    "tel": "téléphone",
    "tél": "téléphone",
    "bat": "bâtiment",
    "bât": "bâtiment",
    "ptit": "petit",
    "ptits": "petit",
    "ptite": "petit",
    "ptites": "petit",
    "pti": "petit",
    "gd": "grand",
    "gde": "grand",
    "docteur": "médecin",
    "toubib": "médecin",
    "doc": "médecin",
    "hosto": "hôpital",
    "instit": "instituteur",
    "prof": "professeur",
    "profs": "professeur",
    "colo": "colonie",
    "récré": "récréation",
    "recre": "récréation",
    "clim": "climatisation",
    "appli": "application",
    "applis": "application",
    "dispo": "disponible",
    "gamins": "gamin",
    "keuf": "police",
    "keufs": "police",
    "flic": "police",
    "flics": "police",
    "condé": "police",
    "condés": "police",
    "proprio": "propriétaire",
    "proprios": "propriétaire",
    "secu": "sécurité",
    "sécu": "sécurité",
    "ciné": "cinéma",
    "taf": "travail",
    "boulot": "travail",
    "job": "travail",
    "bosser": "travailler",
    "taffer": "travailler",
    "dégueu": "dégoûtant",
    "degueu": "dégoûtant",
    "dégueulasse": "dégoûtant",
    "degueulasse": "dégoûtant",
    "crade": "sale",
    "psy": "psychologue",
    "kiné": "kinésithérapeute",
    "kine": "kinésithérapeute",
    "ophtalmo": "ophtalmologue",
    "gynéco": "gynécologue",
    "gyneco": "gynécologue",
    "expo": "exposition",
    "mail": "courriel",
    "mails": "courriel",
    "email": "courriel",
    "emails": "courriel",
}

# Lemmas the general dictionary gets wrong for this domain (folded keys and values).
LEMMA_OVERRIDES: dict[str, str] = {
    "travaux": "travaux",  # road and building works, not "travail" (a job)
    "lunettes": "lunettes",
    "courses": "courses",  # shopping
    "toilettes": "toilettes",
    "vacances": "vacances",
    "gens": "gens",
    "jeunes": "jeune",
    "soins": "soin",
    "bus": "bus",
    "rats": "rat",
    "papiers": "papiers",  # identity papers
    "charges": "charges",  # rental service charges
    "urgences": "urgences",  # the hospital's emergency department
    "devoirs": "devoirs",  # homework, not the verb "devoir"
    "allee": "allee",  # a path, not the verb "aller"
    "allees": "allee",
}
