"""The thesaurus of observation themes and a general French vocabulary for each.

The word lists are ordinary French that any speaker associates with each theme — standard,
administrative and colloquial forms, singular or plural, with or without accents (the
preprocessing folds both sides the same way). They were written from general knowledge of the
language, not drawn from any labelled corpus, so they carry over to texts the pipeline has never
seen. A word may sit in several themes; it then counts less for each (see ``thesaurus.py``).
Multi-word entries (``nid de poule``) match when their content words follow each other.
"""

from __future__ import annotations

# code → (French label, words). Commas separate entries.
THEMES: dict[str, tuple[str, str]] = {
    "proprete": (
        "Propreté, déchets",
        """propreté, propre, sale, saleté, salir, crasseux, dégueulasse, dégueu, crade,
        cradingue, déchet, détritus, ordure, ordures ménagères, poubelle, benne, conteneur,
        container, bac, sac poubelle, sac, encombrant, dépôt sauvage, décharge, dépotoir, tri,
        tri sélectif, recyclage, recycler, verre, carton, emballage, compost, composteur,
        collecte, ramassage, ramasser, éboueur, balayeur, balayage, balayer, nettoyage,
        nettoyer, nettoyé, laver, lavage, karcher, propreté urbaine, jeter, jeté, abandonné,
        traîner, mégot, canette, bouteille, papier, plastique, seringue, crotte, crottes de
        chien, déjection, caca, excrément, pipi, urine, uriner, pisser, odeur, puer, pue,
        puanteur, infect, rat, souris, nuisible, pigeon, mouche, tag, graffiti, affichage
        sauvage, vide-ordure, local poubelle, local à poubelles, vidé, débordent, déborder,
        déborde, plein, gravats, matelas, frigo, canapé, meuble, dératisation, désinfection,
        insalubre, hygiène, sanitaire, vomi, poubelles pleines, sacs éventrés, éventré, bac
        jaune, bac vert, point d'apport volontaire, colonne à verre, borne à verre,
        déchetterie, déchèterie, ressourcerie, monstres, électroménager, pneu, épave,
        carcasse, fientes, immondices, salubrité, propreté des rues, agent de propreté,
        service de propreté, cantonnier, ramassage des ordures, jour de collecte, sortir les
        poubelles, jeter par la fenêtre, jets d'ordures, sacs plastiques, nettoyeur, puant,
        nauséabond, pestilentiel, vermine, rongeur, chat errant, chien, maître, laisse,
        ramasser les crottes, sanisette, toilettes publiques, urinoir, emballages, cartons,
        bouteilles, mégots""",
    ),
    "voirie_eclairage": (
        "Voirie, éclairage, accessibilité",
        """voirie, route, rue, chaussée, trottoir, bitume, goudron, enrobé, asphalte, pavé, nid
        de poule, nids-de-poule, trou, fissure, bosse, affaissement, travaux, chantier,
        réfection, refaire, boue, flaque, inondé, inondation, égout, bouche d'égout, caniveau,
        regard, plaque, grille, avaloir, éclairage, éclairage public, lampadaire, réverbère,
        lumière, ampoule, éteint, allumé, noir, obscurité, sombre, pénombre, nuit, panne,
        accessibilité, accessible, handicap, handicapé, fauteuil roulant, pmr, poussette,
        rampe, bateau, abaissé, marche, escalier, bordure, chute, tomber, glissant, verglas,
        passage piéton, passage clouté, feu, feu rouge, carrefour, rond-point, signalisation,
        panneau, marquage, bande, potelet, barrière, poteau, mobilier urbain, banc,
        ralentisseur, dos d'âne, vitesse, dangereux, danger, aveugle, malvoyant, canne, borne,
        impasse, allée, accès, praticable, impraticable, défoncé, abîmé, dégradé, cassé,
        réparer, réparation, voie, avenue, boulevard, chemin, sentier, piste, ruelle, place,
        lumière éteinte, luminaire, candélabre, spot, éclairer, éclairé, mal éclairé, pas
        éclairé, coupure, électricité, fil électrique, câble, armoire électrique, travaux de
        voirie, marquage au sol, peinture au sol, passage protégé, feux tricolores, bouton,
        traverser, traversée, accident, trou dans la chaussée, chaussée déformée, racines,
        dalle, dalles, bordure de trottoir, affaissé, bloqué, obstacle, encombré,
        stationnement sauvage, trottoir encombré, voiture sur le trottoir, mobilité réduite,
        personne à mobilité réduite, déambulateur, béquille, ascenseur de la station,
        canalisation, évacuation, eaux pluviales, pluie, orage, entretien de la voirie,
        service voirie""",
    ),
    "tranquillite": (
        "Tranquillité, sécurité",
        """tranquillité, tranquille, calme, sécurité, insécurité, sécurisé, peur, crainte,
        angoisse, inquiet, menace, menacer, danger, dangereux, agression, agresser, agressé,
        violence, violent, bagarre, se battre, rixe, coup, frapper, tabasser, vol, voler,
        volé, voleur, cambriolage, cambrioler, cambriolé, effraction, arracher, racket,
        trafic, trafiquant, deal, dealer, dealeur, drogue, stupéfiant, shit, cannabis, beuh,
        joint, point de deal, guetteur, chouf, guet, squat, squatter, squatté, attroupement,
        rassemblement, bande, groupe, traîner, hall, cage d'escalier, bruit, bruyant,
        nuisance, nuisance sonore, tapage, tapage nocturne, musique, crier, cri, hurler,
        klaxon, rodéo, rodéo urbain, moto, quad, scooter, pétard, feu d'artifice, mortier,
        incendie, brûlé, brûler, voiture brûlée, dégradation, vandalisme, vandale, casse,
        casser, tir, tirer, arme, couteau, fusillade, balle, règlement de comptes, police,
        policier, flic, keuf, condé, commissariat, gendarme, gendarmerie, patrouille, police
        municipale, médiateur, médiation, caméra, vidéosurveillance, vidéoprotection,
        surveillance, gardien, prostitution, harcèlement, harceler, insulte, insulter, alcool,
        ivre, bourré, alcoolisé, ivrogne, incivilité, provocation, intimider, intimidation,
        rôder, louche, peur le soir, sentiment d'insécurité, rentrer seule, seule le soir,
        agressée, vol à l'arraché, arraché, portable volé, sac volé, pickpocket, vol de
        voiture, vol de scooter, braquage, braqué, menacé, insultée, sifflée, harcelée,
        regard, fumer, fumeur, consommer, consommation, seringue, toxicomane, drogués,
        trafiquants, réseau, guetteurs, cris, musique forte, fêtes, tard, la nuit, minuit,
        dormir, sommeil, réveillé, empêche de dormir, voisins bruyants, aboiement, chien
        dangereux, pitbull, motos, deux-roues, rodéos, vitesse excessive, course, incendie de
        voiture, poubelle brûlée, feu de poubelle, explosion, détonation, coups de feu, tirs,
        police nationale, bac, brigade, intervention, plainte, porter plainte, main courante,
        délinquance, délinquant, voyou, racaille, caillassage, caillasser, émeute, tension,
        conflit, dispute, embrouille, sécuriser, agent de sécurité, vigile, éclairage et
        sécurité""",
    ),
    "mobilite": (
        "Transports, mobilité",
        """transport, transports en commun, mobilité, bus, autobus, car, navette, tram, tramway,
        métro, train, ter, rer, gare, station, arrêt, arrêt de bus, abribus, ligne,
        correspondance, horaire, fréquence, passage, attente, attendre, retard, en retard,
        supprimé, suppression, annulé, grève, bondé, plein, rame, chauffeur, conducteur,
        ticket, titre de transport, abonnement, pass, carte, tarif, billet, contrôleur,
        contrôle, amende, trajet, déplacement, se déplacer, desserte, desservi, enclavé,
        isolé, loin, circulation, bouchon, embouteillage, trafic, voiture, automobile,
        véhicule, conduire, parking, stationnement, se garer, garé, stationner, place de
        parking, fourrière, vélo, vélos, piste cyclable, bande cyclable, cycliste,
        trottinette, covoiturage, taxi, vtc, permis, permis de conduire, auto-école, piéton,
        marcher, à pied, autoroute, périphérique, rocade, route, aéroport, tcl, ratp, sncf,
        rtm, tisséo, réseau, prendre le bus, bus en retard, bus bondé, ligne de bus, terminus,
        quai, voyageur, usager, passager, transport à la demande, tad, vélo en libre-service,
        vélib, station de vélos, parc relais, trajets, aller au travail, se rendre, rejoindre,
        centre-ville, relier, liaison, cadencement, fréquence des bus, toutes les heures,
        dernier bus, premier bus, le soir, le dimanche, service réduit, correspondances,
        billettique, valideur, application de transport, tarif social, gratuité, gratuit,
        réduction, carte de transport, navigo, stationnement payant, parcmètre, pv,
        contravention, garage, voiture ventouse, trottinettes, scooter, deux-roues, moto, code
        de la route, leçons de conduite, embouteillages, heure de pointe, accessibilité des
        bus, chauffeur de bus, gare routière""",
    ),
    "logement": (
        "Logement, habitat",
        """logement, habitat, habiter, habitant, appartement, appart, studio, t2, t3, t4, f3, f4,
        immeuble, bâtiment, bat, tour, barre, résidence, cité, pavillon, maison, hlm, logement
        social, bailleur, bailleur social, office, organisme, propriétaire, proprio,
        locataire, loyer, charges, quittance, bail, expulsion, expulsé, relogement, reloger,
        rénovation, réhabilitation, démolition, démolir, anru, renouvellement urbain,
        copropriété, syndic, gardien, gardienne, concierge, ascenseur, en panne, palier, cage
        d'escalier, hall, cave, parties communes, porte, interphone, digicode, boîte aux
        lettres, fenêtre, volet, toit, toiture, façade, balcon, chauffage, chaudière,
        radiateur, froid, glacial, eau chaude, fuite, fuite d'eau, dégât des eaux,
        infiltration, humidité, humide, moisissure, moisi, salpêtre, condensation, isolation,
        mal isolé, passoire thermique, insalubre, insalubrité, vétuste, vétusté, délabré,
        cafard, blatte, punaise, punaises de lit, nuisible, surpeuplé, suroccupation, exigu,
        trop petit, demande de logement, attribution, mutation, dossier, logement indigne,
        marchand de sommeil, électricité, plomberie, plombier, réparation, travaux, entretien,
        peinture, sol, plafond, mur, mon appartement, chez moi, domicile, foyer, ménage, logé,
        mal logé, mal-logement, hébergé, hébergement, sans-abri, sdf, à la rue, hébergement
        d'urgence, 115, squat, surpeuplement, cuisine, salle de bain, douche, toilettes, wc,
        chambre, pièce, cave inondée, parking souterrain, porte d'entrée, porte du hall,
        serrure, badge, clé, vitre, vitre cassée, carreau, fenêtres, joint, chauffage
        collectif, chauffage en panne, pas de chauffage, eau froide, ballon d'eau chaude,
        coupure d'eau, coupure d'électricité, compteur, facture, énergie, précarité
        énergétique, isolation thermique, rénovation énergétique, travaux de rénovation,
        réhabilité, relogé, démoli, déménager, déménagement, emménager, voisins du dessus,
        bailleurs, office hlm, opac, agence, réclamation, signaler au bailleur, état des
        lieux, caution, apl, aide au logement, dossier de logement, numéro unique, attente
        d'un logement, logement plus grand, mutation de logement, colocataire, loyer trop
        cher, impayés, expulsion locative, trêve hivernale""",
    ),
    "espaces_verts": (
        "Espaces verts, nature, chaleur",
        """espace vert, espaces verts, nature, vert, verdure, végétation, végétal, végétaliser,
        végétalisation, arbre, arbres, planter, plantation, plante, fleur, fleurir, pelouse,
        gazon, herbe, haie, buisson, feuille, feuillage, branche, élagage, élaguer, tailler,
        tonte, tondre, jardin, jardinier, jardinage, jardin partagé, potager, parc, square,
        bois, forêt, pinède, colline, rivière, canal, étang, lac, mer, plage, chaleur, chaud,
        canicule, étouffant, étouffer, fournaise, four, cuire, brûlant, soleil, ombre,
        ombrage, fraîcheur, frais, îlot de chaleur, îlot de fraîcheur, climatisation, clim,
        ventilateur, température, degré, fontaine, brumisateur, point d'eau, arrosage,
        arroser, sécheresse, pollution, pollué, air, poussière, oiseau, abeille, insecte,
        moustique, biodiversité, écologie, environnement, climat, réchauffement, bétonné,
        béton, bitumé, goudronné, minéral, désimperméabiliser, terrain, friche, terrain vague,
        pique-nique, banc, nichoir, promenade, se promener, balade, aire, cour végétalisée,
        ferme urbaine, compost, espace naturel, coin de verdure, verdoyant, arboré, arbuste,
        massif, massif de fleurs, jardinière, bac à fleurs, plates-bandes, prairie, pré,
        champ, bosquet, ombragé, à l'ombre, manque d'ombre, pas d'ombre, cagnard, trop chaud,
        étouffe, suffoquer, suer, transpirer, vague de chaleur, été, estival, rafraîchir, se
        rafraîchir, fontaine à eau, eau potable, brumisation, îlot, parc urbain, jardin
        public, coulée verte, berges, quai, nature en ville, permis de végétaliser, pieds
        d'arbres, arbre coupé, abattage, abattre, tronc, racine, écureuil, hérisson, papillon,
        faune, flore, pollen, allergies, qualité de l'air, pollution de l'air, fumée, gaz
        d'échappement, toit végétalisé, mur végétal, désimperméabilisation, cour oasis, sol,
        terre, potagers, jardins familiaux, jardins ouvriers, semis, graines, récolte, légumes""",
    ),
    "commerces_services": (
        "Commerces, services publics",
        """commerce, commerçant, magasin, boutique, épicerie, épicier, supérette, supermarché,
        hypermarché, superette, marché, boulangerie, boulanger, pain, boucherie, boucher,
        pharmacie, tabac, bureau de tabac, presse, café, bar, restaurant, snack, kebab,
        coiffeur, laverie, pressing, banque, distributeur, distributeur de billets, dab,
        guichet, poste, la poste, bureau de poste, colis, courrier, mairie, mairie annexe,
        service public, services publics, administration, administratif, préfecture,
        sous-préfecture, caf, cpam, sécu, sécurité sociale, france services, maison france
        services, accueil, agent, fonctionnaire, rendez-vous, rdv, file d'attente, queue,
        guichet fermé, permanence, horaires d'ouverture, ouvert, ouverture, fermé, fermeture,
        fermer, rideau, rideau baissé, local vide, local commercial, vitrine, cellule
        commerciale, centre commercial, galerie, courses, faire les courses, acheter, achat,
        prix, cher, vie chère, pouvoir d'achat, produit, alimentation, alimentaire, frais,
        bio, halal, livraison, drive, aide alimentaire, restos du cœur, banque alimentaire,
        épicerie solidaire, service, démarche, papiers, carte d'identité, passeport, titre de
        séjour, impôt, impots, trésor public, commissariat, commerce de proximité, petits
        commerces, magasins, boutiques, supérettes, grande surface, lidl, aldi, carrefour,
        leclerc, intermarché, casino, franprix, marché du quartier, marché forain, étal,
        primeur, fruits et légumes, poissonnerie, traiteur, fast-food, restauration, terrasse,
        commerçants, vendeur, caisse, caissière, client, clientèle, fermetures, baisse de
        rideau, locaux vides, vacant, vacance commerciale, ouverture d'un commerce, nouveau
        commerce, services, service public de proximité, bureau de poste fermé, guichets,
        agence, agence postale, relais poste, centre des impôts, pôle, tribunal, justice,
        avocat, écrivain public, assistante sociale, assistant social, travailleur social,
        ccas, centre communal d'action sociale, aides sociales, droits, accès aux droits,
        ouvrir ses droits, dossier, démarches administratives, rendez-vous en préfecture,
        attente au guichet, horaires, amplitude horaire, fermé le samedi, fermé l'après-midi,
        trop loin, se déplacer en ville, prix élevés, distributeur en panne""",
    ),
    "education_jeunesse": (
        "Éducation, jeunesse, petite enfance",
        """éducation, éducatif, école, écoles, école maternelle, maternelle, école primaire,
        primaire, élémentaire, collège, collégien, lycée, lycéen, lycée professionnel,
        université, fac, étudiant, étude, études, élève, classe, cours, cantine, récréation,
        récré, cour, cour d'école, cartable, devoir, devoirs, aide aux devoirs, soutien
        scolaire, accompagnement scolaire, scolaire, scolarité, déscolarisé, décrochage,
        décrocheur, décrochage scolaire, absentéisme, exclusion, exclu, conseil de discipline,
        orientation, brevet, bac, baccalauréat, diplôme, examen, note, bulletin, redoubler,
        enseignant, professeur, prof, instituteur, instit, maître, maîtresse, directeur,
        directrice, atsem, cpe, surveillant, pion, rep, rep+, zep, jeune, jeunes, jeunesse,
        ado, adolescent, adolescente, gamin, gamine, gosse, môme, minot, enfant, enfants,
        gamins, bébé, petite enfance, crèche, halte-garderie, garderie, nounou, assistante
        maternelle, mode de garde, garde d'enfants, parent, parents, parentalité, famille,
        périscolaire, centre de loisirs, centre aéré, accueil de loisirs, colonie, colo,
        vacances scolaires, animateur, animation, éducateur, éducatrice, prévention
        spécialisée, maison des jeunes, mjc, aire de jeux, jeux, jouer, toboggan, balançoire,
        square, écolier, écolière, collégienne, lycéenne, scolarisé, scolariser, inscription
        scolaire, carte scolaire, rentrée, rentrée scolaire, classe surchargée, effectifs,
        dédoublement, classes dédoublées, remplaçant, prof absent, absence des profs, non
        remplacé, harcèlement scolaire, sortie d'école, entrée de l'école, parvis de l'école,
        sortie des classes, chemin de l'école, trajet scolaire, ramassage scolaire, bus
        scolaire, fournitures, fournitures scolaires, allocation de rentrée, bourse, bourses,
        cité éducative, programme de réussite éducative, réussite éducative, pre, clas, projet
        éducatif, apprendre, apprentissage de la lecture, lire et écrire, calcul,
        mathématiques, maths, français, langue, bébés, nourrisson, tout-petits, petite
        section, crèche collective, place en crèche, multi-accueil, relais petite enfance,
        ram, lieu d'accueil enfants-parents, laep, poussette, landau, adolescents, jeunes du
        quartier, jeunes désœuvrés, désœuvrement, ennui, s'ennuient, rien à faire, occupés,
        vacances, activités pour les jeunes, séjour, camp, club ados, espace jeunes, point
        jeunes, éducateurs de rue, parents d'élèves, association de parents, réunion
        parents-profs""",
    ),
    "emploi_insertion": (
        "Emploi, insertion, formation",
        """emploi, emplois, travail, travailler, boulot, taf, job, bosser, taffer, chômage,
        chômeur, sans emploi, demandeur d'emploi, pôle emploi, france travail, mission locale,
        insertion, insertion professionnelle, réinsertion, formation, formations, se former,
        formation professionnelle, apprentissage, apprenti, alternance, alternant, stage,
        stagiaire, stage de troisième, cv, lettre de motivation, candidature, postuler,
        entretien, entretien d'embauche, embauche, embaucher, recruter, recrutement, offre
        d'emploi, offre, annonce, intérim, intérimaire, contrat, cdi, cdd, contrat aidé,
        service civique, salaire, smic, payé, paie, patron, employeur, entreprise, usine,
        chantier d'insertion, structure d'insertion, qualification, qualifié, diplôme,
        compétence, métier, reconversion, discrimination, discrimination à l'embauche,
        adresse, code postal, rsa, allocation, allocations chômage, indemnité, précarité,
        précaire, pauvreté, pauvre, argent, revenu, dette, créer son entreprise, entrepreneur,
        auto-entrepreneur, création d'entreprise, micro-entreprise, commerce, artisan, permis,
        mobilité, garde d'enfants, français langue étrangère, fle, cours de français,
        alphabétisation, illettrisme, bénévolat, chercher du travail, trouver du travail,
        recherche d'emploi, travaille, travaillent, chercher un emploi, cherche du travail,
        trouver un emploi, sans travail, sans boulot, chômeurs, longue durée, chômage de
        longue durée, inscrit, inscription, conseiller, conseillère, conseiller emploi,
        accompagnement vers l'emploi, parcours, parcours d'insertion, garantie jeunes, contrat
        d'engagement jeune, cej, pacea, epide, e2c, école de la deuxième chance, afpa, greta,
        centre de formation, organisme de formation, formation qualifiante, formation
        continue, cpf, bilan de compétences, validation des acquis, vae, certification, caces,
        permis poids lourd, btp, bâtiment, logistique, entrepôt, manutention, nettoyage
        industriel, aide à domicile, restauration, sécurité privée, agent de sécurité, emploi
        saisonnier, saisonnier, mission, missions d'intérim, agence d'intérim, petits boulots,
        travail au noir, au black, horaires décalés, temps partiel, temps plein, heures,
        salariés, salarié, licenciement, licencié, démission, rupture, forum emploi, job
        dating, salon de l'emploi, réseau professionnel, piston, relations, expérience, sans
        expérience, premier emploi, entrepreneuriat, couveuse, incubateur, créateur
        d'entreprise, clauses d'insertion""",
    ),
    "sante": (
        "Santé, accès aux soins",
        """santé, soin, soins, accès aux soins, soigner, se soigner, malade, maladie, médecin,
        médecins, docteur, toubib, généraliste, médecin traitant, spécialiste, dentiste,
        ophtalmo, ophtalmologue, gynécologue, gynéco, pédiatre, kiné, kinésithérapeute,
        infirmier, infirmière, sage-femme, psychologue, psy, psychiatre, orthophoniste,
        pharmacie, pharmacien, médicament, médoc, ordonnance, traitement, vaccin, vaccination,
        dépistage, prévention, hôpital, hosto, urgences, urgence, clinique, centre de santé,
        maison de santé, cabinet médical, pmi, cmp, samu, pompier, ambulance, consultation,
        rendez-vous, délai, attente, désert médical, mutuelle, complémentaire santé, css, cmu,
        ame, carte vitale, sécurité sociale, cpam, remboursement, rembourser, dépassement
        d'honoraires, handicap, mdph, santé mentale, dépression, stress, anxiété, souffrance,
        addiction, alcool, tabac, drogue, diabète, obésité, asthme, allergie, respirer,
        respiratoire, douleur, fatigue, personnes âgées, âgé, vieux, senior, aidant, aide à
        domicile, ehpad, isolement, nutrition, alimentation, sport santé, bien-être, vue,
        lunettes, dent, dents, grossesse, enceinte, bébé, accouchement, fièvre, tousser,
        soignant, aide-soignant, médical, sanitaire, être malade, tomber malade, soigné,
        guérir, blessé, blessure, enfant malade, pédiatrie, consultation médicale, rendez-vous
        médical, prise de rendez-vous, pas de médecin, plus de médecin, médecin parti à la
        retraite, départ à la retraite, aucun médecin, cabinet fermé, six mois d'attente,
        délais d'attente, renoncement aux soins, renoncer aux soins, reste à charge, avance de
        frais, tiers payant, droits santé, complémentaire, mutuelle trop chère, maladie
        chronique, cancer, cœur, tension, hypertension, cholestérol, surpoids, mal de dos,
        handicapé, invalidité, autisme, troubles, santé psychique, mal-être, burn-out,
        déprime, suicide, psychologique, soutien psychologique, écoute, cellule d'écoute,
        toxicomanie, sevrage, tabagisme, arrêter de fumer, dépistage du cancer, mammographie,
        bilan de santé, vaccins, centre de vaccination, protection maternelle, sages-femmes,
        suivi de grossesse, médecine, médecine de ville, médecine scolaire, infirmière
        scolaire, urgentiste, secours, pompiers, appeler le samu, 15, hospitalisation,
        hospitalisé, opéré, opération, chirurgie, radiologie, radio, prise de sang,
        laboratoire, analyse, labo, maison médicale, centre médical""",
    ),
    "lien_social": (
        "Lien social, culture, sport",
        """lien social, lien, liens, voisin, voisine, voisins, voisinage, entraide, s'entraider,
        solidarité, solidaire, solitude, seul, isolé, isolement, convivialité, convivial,
        rencontre, se rencontrer, rencontrer, se retrouver, ensemble, vivre ensemble, partage,
        partager, échange, échanger, fête, fête de quartier, fête des voisins, repas, repas
        partagé, pique-nique, barbecue, apéro, goûter, association, asso, associatif,
        bénévole, bénévolat, centre social, maison de quartier, local associatif, salle, salle
        commune, conseil citoyen, habitant, habitants, participation, participer, atelier,
        activité, activités, animation, sortie, loisir, loisirs, culture, culturel,
        bibliothèque, médiathèque, livre, lecture, lire, cinéma, ciné, théâtre, concert,
        musique, danse, chant, chorale, spectacle, festival, exposition, expo, musée, art,
        artiste, peinture, fresque, dessin, conte, sport, sportif, club, club de sport, stade,
        gymnase, gym, salle de sport, terrain de foot, city stade, city, foot, football,
        basket, handball, boxe, judo, karaté, piscine, nager, natation, course, courir,
        footing, vélo, pétanque, boules, match, tournoi, entraîneur, coach, équipe, seniors,
        aînés, anciens, mamies, papis, femmes, mamans, jeunes, intergénérationnel, cultes,
        mosquée, église, ramadan, noël, jardin partagé, accueil, bienvenue, accueillir,
        nouveaux arrivants, langue, se parler, se connaître, faire connaissance, voisins
        solidaires, entraide entre voisins, coup de main, donner un coup de main, aider, aider
        les autres, rendre service, échanges de services, troc, gratiferia, vide-grenier,
        brocante, marché de noël, kermesse, carnaval, bal, guinguette, cafés, café associatif,
        café des habitants, tiers-lieu, lieu de rencontre, lieu convivial, salle polyvalente,
        salle des fêtes, espace de vie sociale, centre socio-culturel, maison pour tous, mpt,
        régie de quartier, comité de quartier, amicale de locataires, amicale, collectif,
        collectif d'habitants, conseil de quartier, réunion publique, concertation, citoyen,
        citoyenneté, bénévoles, volontaire, engagement, mobilisation, projet collectif, cours
        de cuisine, atelier cuisine, couture, tricot, jeux de société, ludothèque, cours de
        danse, zumba, yoga, fitness, musculation, street workout, agrès, skate, skatepark,
        terrain de basket, terrain multisport, plateau sportif, complexe sportif, licence,
        inscription au club, tournoi de foot, sport pour les filles, sport féminin, marche
        nordique, randonnée, sortie culturelle, sorties familiales, vacances en famille,
        isolement des personnes âgées, personnes seules, se sentir seul, rompre l'isolement,
        diversité, cultures, mixité""",
    ),
    "numerique": (
        "Inclusion numérique",
        """numérique, inclusion numérique, fracture numérique, illectronisme, internet, web, en
        ligne, site, site internet, application, appli, app, smartphone, téléphone, portable,
        tel, tablette, ordinateur, ordi, pc, clavier, souris, écran, imprimante, imprimer,
        impression, scanner, scanner un document, photocopie, wifi, wi-fi, réseau, connexion,
        connecté, se connecter, déconnecté, réseau 4g, 4g, 5g, fibre, box, débit, forfait,
        data, mail, email, e-mail, courriel, adresse mail, mot de passe, identifiant, compte,
        créer un compte, espace personnel, france connect, franceconnect, ameli, caf.fr,
        dématérialisation, dématérialisé, démarche en ligne, démarches en ligne, formulaire,
        télédéclaration, déclaration en ligne, rendez-vous en ligne, doctolib, télécharger,
        pièce jointe, pdf, numériser, conseiller numérique, médiateur numérique, espace public
        numérique, epn, atelier numérique, cours d'informatique, informatique, initiation,
        bug, beug, planté, plante, virus, arnaque, phishing, sms, whatsapp, facebook, réseaux
        sociaux, clé usb, visio, zoom, jeux vidéo, écrans, fiber, code, logiciel,
        accompagnement numérique, autonomie numérique, équipement informatique, panne
        internet, ordinateurs, téléphones, smartphones, portable cassé, pas d'ordinateur, pas
        d'internet, pas de connexion, connexion internet, accès internet, accès au numérique,
        réseau wifi, wifi gratuit, wifi public, borne wifi, pas de réseau, zone blanche,
        capter, capte, capte pas, couverture réseau, fibre optique, opérateur, orange, sfr,
        bouygues, free, forfait mobile, recharge, crédit, mot de passe oublié, identifiants,
        code de connexion, code reçu par sms, double authentification, compte ameli, compte
        caf, espace caf, impots.gouv, ants, pôle emploi en ligne, actualisation, s'actualiser,
        déclaration, déclarer en ligne, prendre rendez-vous sur internet, prise de rendez-vous
        en ligne, tout est en ligne, tout se fait sur internet, tout passe par internet,
        dématérialisées, démarches dématérialisées, numérisation, scanné, envoyer un mail,
        pièce justificative, justificatif, télécharger un document, impressions,
        photocopieuse, cyber, cybercafé, cyber-base, point numérique, atelier informatique,
        formation informatique, apprendre l'ordinateur, savoir utiliser, utiliser internet, à
        l'aise, pas à l'aise, perdu, débrouiller, aidants numériques, aidant connect,
        médiation numérique, personnes âgées""",
    ),
}

THEME_LABELS: dict[str, str] = {code: label for code, (label, _) in THEMES.items()}
