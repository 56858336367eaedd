"""The two back rows of the town (z = -120 and z = -80). Companies are fictional."""

from .content import APPRENTICE as APP
from .content import PROFESSIONAL as PRO
from .content import Site, man, woman

SITES_NORTH = (
    # --- Row z = -120: the fronts face the north-south avenue at x = 0. ----------------------
    Site(
        slug="helicopteres-marignane",
        name="Usine d'hélicoptères",
        company="Hélicoptères de Provence",
        sector="aeronautics",
        city="Marignane",
        look="hangar",
        x=-140.0,
        z=-120.0,
        description=(
            "Au bord de l'étang de Berre, nous concevons, assemblons et faisons voler des "
            "hélicoptères civils pour le secours, la police et le transport. Chaque appareil "
            "passe entre les mains de centaines de techniciennes et de techniciens."
        ),
        jobs=("ajusteur_monteur", "cableur_aero", "mecanicien_aero"),
        voices=(
            woman(
                "Léa",
                APP,
                "ajusteur_monteur",
                "Apprentie ajusteuse-monteuse",
                "J'assemble les poutres de queue des hélicoptères, rivet après rivet. Après "
                "ma 3e, j'ai choisi le bac pro Aéronautique et je prépare maintenant la "
                "mention complémentaire en alternance. Le plus beau moment, c'est de voir "
                "décoller un appareil sur lequel j'ai travaillé. Si vous aimez le travail "
                "précis, venez essayer !",
            ),
            man(
                "Karim",
                PRO,
                "mecanicien_aero",
                "Mécanicien hélicoptères",
                "Je prépare les hélicoptères pour leurs premiers vols d'essai. J'ai commencé "
                "par un CAP, puis j'ai passé un BTS Aéronautique en formation continue. Ici, on "
                "apprend toute sa vie, et personne ne vous laisse seul devant un problème. Mon "
                "conseil : posez toutes vos questions, même celles qui semblent bêtes.",
            ),
        ),
    ),
    Site(
        slug="aerostructures-vitrolles",
        name="Atelier de pièces composites",
        company="Vitrolles Aérostructures",
        sector="aeronautics",
        city="Vitrolles",
        look="workshop",
        x=-100.0,
        z=-120.0,
        description=(
            "Nous fabriquons des carénages, des portes et des panneaux en fibre de carbone "
            "pour les avions et les hélicoptères. Une pièce composite pèse deux fois moins "
            "que son équivalent en métal."
        ),
        jobs=("stratifieur", "technicien_qualite"),
        voices=(
            woman(
                "Sarah",
                PRO,
                "stratifieur",
                "Stratifieuse",
                "Je drape des plis de carbone dans des moules, un peu comme un puzzle en "
                "couches. Je travaillais dans la vente, et j'ai découvert ce métier lors d'un "
                "stage de reconversion. Trois ans plus tard, je forme les nouveaux arrivants. "
                "Il n'est jamais trop tard pour changer de voie.",
            ),
            man(
                "Théo",
                APP,
                "technicien_qualite",
                "Apprenti technicien qualité",
                "Je contrôle les pièces par ultrasons pour trouver les défauts invisibles à "
                "l'œil. Je suis en BUT Qualité, logistique industrielle et organisation, en "
                "alternance entre l'IUT et l'atelier. J'aime comprendre pourquoi un défaut "
                "apparaît et trouver comment l'éviter. Soyez curieux, c'est la première "
                "qualité dans ce métier.",
            ),
        ),
    ),
    Site(
        slug="aero-maintenance-istres",
        name="Base de maintenance aéronautique",
        company="Istres Aéro Services",
        sector="aeronautics",
        city="Istres",
        look="hangar",
        x=-60.0,
        z=-120.0,
        description=(
            "Près des pistes d'essais d'Istres, nous entretenons et modifions des avions et "
            "des hélicoptères, et nous instrumentons les appareils qui partent en vol d'essai."
        ),
        jobs=("mecanicien_aero", "technicien_essais", "cableur_aero"),
        voices=(
            woman(
                "Manon",
                APP,
                "mecanicien_aero",
                "Apprentie mécanicienne aéronautique",
                "Je change des pièces de moteurs et je vérifie les circuits hydrauliques des "
                "avions. J'ai eu mon bac pro Aéronautique l'an dernier et je prépare la mention "
                "complémentaire en alternance. Au début, j'étais la seule fille de ma classe, "
                "et ça ne m'a jamais empêchée d'avancer. Faites ce qui vous plaît, pas ce qu'on "
                "attend de vous.",
            ),
            man(
                "Julien",
                PRO,
                "technicien_essais",
                "Technicien d'essais en vol",
                "J'installe des capteurs dans les avions avant leurs vols d'essai, puis "
                "j'analyse les mesures avec les ingénieurs. Après un BUT Mesures physiques, "
                "j'ai fait une licence professionnelle en aéronautique. Chaque vol d'essai "
                "est une petite aventure. Apprenez l'anglais, vous en aurez besoin tous les "
                "jours.",
            ),
        ),
    ),
    Site(
        slug="usinage-aero-salon",
        name="Usinage de pièces aéronautiques",
        company="Mécanique Aéro du Pays salonais",
        sector="aeronautics",
        city="Salon-de-Provence",
        look="workshop",
        x=-20.0,
        z=-120.0,
        description=(
            "Nos centres d'usinage cinq axes taillent dans l'aluminium et le titane des "
            "pièces de trains d'atterrissage et de moteurs, livrées aux grands avionneurs."
        ),
        jobs=("usineur_cn", "technicien_methodes", "ingenieur_methodes"),
        voices=(
            woman(
                "Yasmine",
                APP,
                "usineur_cn",
                "Apprentie usineuse",
                "Je règle un centre d'usinage qui transforme un bloc de titane en pièce de "
                "train d'atterrissage. Je prépare un certificat de qualification en "
                "apprentissage, après un CAP. Ce que j'aime, c'est mesurer la pièce finie et "
                "voir qu'elle est juste au centième. N'ayez pas peur des machines, elles "
                "obéissent à ce qu'on leur apprend.",
            ),
            man(
                "Lucas",
                PRO,
                "technicien_methodes",
                "Technicien méthodes",
                "Je décide comment chaque pièce sera usinée et j'écris les programmes des "
                "machines. J'ai un BTS Conception des processus de réalisation de produits, "
                "obtenu en alternance dans cette entreprise. Je passe la moitié de mon temps "
                "à l'atelier avec les usineurs. Le conseil que je donne : écoutez ceux qui "
                "ont les mains sur la machine.",
            ),
        ),
    ),
    Site(
        slug="semiconducteurs-rousset",
        name="Usine de puces électroniques",
        company="Semiconducteurs Sainte-Victoire",
        sector="electronics",
        city="Rousset",
        look="lab",
        x=20.0,
        z=-120.0,
        description=(
            "Dans nos salles blanches, l'air est mille fois plus propre que dans un bloc "
            "opératoire. Nous y fabriquons des puces pour les cartes bancaires, les voitures "
            "et les objets connectés."
        ),
        jobs=("operateur_salle_blanche", "tech_maintenance", "technicien_electronique"),
        voices=(
            woman(
                "Chloé",
                PRO,
                "operateur_salle_blanche",
                "Opératrice en salle blanche",
                "Je conduis les machines qui gravent les circuits sur les plaques de "
                "silicium. J'ai un bac pro et j'ai été formée ici pendant six mois. On "
                "travaille en combinaison, c'est surprenant au début puis on n'y pense plus. "
                "Il faut aimer la rigueur, car une poussière peut ruiner un lot entier.",
            ),
            man(
                "Mehdi",
                APP,
                "tech_maintenance",
                "Apprenti technicien de maintenance",
                "Je dépanne les équipements de la salle blanche avec mon tuteur. Je suis en "
                "BTS Maintenance des systèmes, en alternance. Chaque panne est une enquête : "
                "il faut comprendre avant de démonter. Si vous aimez savoir comment les "
                "choses fonctionnent, la maintenance est faite pour vous.",
            ),
        ),
    ),
    Site(
        slug="cartes-electroniques-gemenos",
        name="Atelier de cartes électroniques",
        company="Circuits Imprimés du Garlaban",
        sector="electronics",
        city="Gémenos",
        look="workshop",
        x=60.0,
        z=-120.0,
        description=(
            "Nous assemblons et testons des cartes électroniques pour le médical, le "
            "ferroviaire et l'énergie, en petites et moyennes séries."
        ),
        jobs=("cableur_electronique", "technicien_electronique"),
        voices=(
            woman(
                "Fatima",
                PRO,
                "cableur_electronique",
                "Câbleuse en électronique",
                "Je brase des composants plus petits qu'un grain de riz, sous une loupe "
                "binoculaire. J'ai appris le métier ici, après avoir élevé mes enfants. Cela "
                "fait douze ans et je ne m'en lasse pas. Avoir des mains habiles, ça "
                "s'apprend avec de la patience.",
            ),
            man(
                "Hugo",
                APP,
                "technicien_electronique",
                "Apprenti technicien en électronique",
                "Je teste les cartes à la sortie de la ligne et je cherche pourquoi certaines "
                "ne fonctionnent pas. Je prépare un BTS Systèmes numériques en alternance. "
                "J'ai toujours démonté les appareils chez moi, maintenant on me paie pour "
                "les réparer. Bricolez, c'est le meilleur début.",
            ),
        ),
    ),
    Site(
        slug="cryogenie-manosque",
        name="Laboratoire de cryogénie",
        company="Cryogénie Durance",
        sector="energy",
        city="Manosque",
        look="lab",
        x=100.0,
        z=-120.0,
        description=(
            "Nous fabriquons des réservoirs et des circuits qui gardent des gaz liquéfiés à "
            "moins deux cent cinquante degrés, pour la recherche sur l'énergie et l'hydrogène."
        ),
        jobs=("soudeur", "instrumentiste", "technicien_essais"),
        voices=(
            woman(
                "Amandine",
                PRO,
                "soudeur",
                "Soudeuse TIG",
                "Je soude des tubes en inox qui doivent rester étanches à très basse "
                "température. J'ai passé un CAP puis la mention complémentaire Technicien en "
                "soudage. Mes soudures sont toutes radiographiées, alors je soigne chaque "
                "passe. Une soudure réussie, c'est une vraie fierté.",
            ),
            man(
                "Nicolas",
                APP,
                "instrumentiste",
                "Apprenti instrumentiste",
                "J'installe et j'étalonne les capteurs de pression et de température de nos "
                "bancs d'essai. Je suis en BTS Contrôle industriel et régulation automatique, "
                "en alternance. Ce qui me plaît, c'est de comprendre toute la chaîne, du "
                "capteur à l'écran. Les maths servent vraiment, accrochez-vous !",
            ),
        ),
    ),
    Site(
        slug="conserverie-cavaillon",
        name="Conserverie de fruits et légumes",
        company="Conserves du Luberon",
        sector="agrifood",
        city="Cavaillon",
        look="plant",
        x=140.0,
        z=-120.0,
        description=(
            "Nous transformons chaque été les melons, tomates et abricots des producteurs "
            "voisins en conserves, coulis et compotes vendus dans toute l'Europe."
        ),
        jobs=("conducteur_ligne", "qualite_agro", "tech_maintenance"),
        voices=(
            woman(
                "Sandrine",
                PRO,
                "conducteur_ligne",
                "Conductrice de ligne",
                "Je pilote la ligne qui remplit et ferme huit cents bocaux par minute. J'ai "
                "commencé comme saisonnière, puis l'entreprise m'a formée au pilotage. "
                "Aujourd'hui je forme à mon tour les saisonniers. Ne négligez pas les jobs "
                "d'été, ils ouvrent parfois de vraies portes.",
            ),
            man(
                "Enzo",
                APP,
                "tech_maintenance",
                "Apprenti en maintenance",
                "J'entretiens les machines de la conserverie avant la saison et je dépanne "
                "pendant la production. Je prépare le bac pro Maintenance des systèmes de "
                "production connectés en alternance. En pleine saison, chaque minute d'arrêt "
                "compte, c'est motivant. Venez voir une usine en vrai, ça change tout.",
            ),
        ),
    ),
    # --- Row z = -80: the fronts face the street at z = -60. ----------------------------------
    Site(
        slug="robinetterie-aix",
        name="Atelier de robinetterie industrielle",
        company="Vannes et Robinetterie d'Aix",
        sector="mechanics",
        city="Aix-en-Provence",
        look="workshop",
        x=-140.0,
        z=-80.0,
        description=(
            "Nous usinons, assemblons et testons des vannes industrielles pour les "
            "centrales, la chimie et les navires. Chaque vanne est éprouvée sous pression "
            "avant de quitter l'atelier."
        ),
        jobs=("usineur_cn", "monteur_robinetier", "soudeur", "technicien_essais"),
        voices=(
            woman(
                "Inès",
                APP,
                "monteur_robinetier",
                "Apprentie monteuse en robinetterie",
                "J'assemble des vannes et je les teste sous pression d'eau avant l'expédition. "
                "Je prépare un bac pro Technicien en réalisation de produits mécaniques en "
                "alternance. J'aime voir la vanne finie, qui part ensuite dans une centrale ou "
                "sur un bateau. Osez l'industrie, les filles y ont toute leur place.",
            ),
            man(
                "Antoine",
                PRO,
                "usineur_cn",
                "Usineur sur commande numérique",
                "Je règle les tours à commande numérique qui usinent les corps de vannes. "
                "Après un bac pro, j'ai appris le métier sur le tas avec un tuteur patient. "
                "Aujourd'hui, c'est moi qui accompagne les apprentis. Un métier manuel peut "
                "être très technique, et très bien payé.",
            ),
        ),
    ),
    Site(
        slug="chaudronnerie-vitrolles",
        name="Chaudronnerie industrielle",
        company="Chaudronnerie de l'Étang",
        sector="metallurgy",
        city="Vitrolles",
        look="workshop",
        x=-100.0,
        z=-80.0,
        description=(
            "Cuves, réservoirs, échangeurs : nous transformons des tôles d'acier et d'inox "
            "en équipements pour la chimie, l'agroalimentaire et l'énergie."
        ),
        jobs=("chaudronnier", "soudeur", "tuyauteur"),
        voices=(
            woman(
                "Jade",
                APP,
                "chaudronnier",
                "Apprentie chaudronnière",
                "Je trace, je découpe et je roule des tôles pour fabriquer des cuves. Je "
                "prépare le CAP Réalisations industrielles en chaudronnerie ou soudage en "
                "apprentissage. Mes parents étaient surpris, maintenant ils sont fiers de "
                "montrer mes photos. Si le métal vous attire, lancez-vous.",
            ),
            man(
                "Samir",
                PRO,
                "soudeur",
                "Soudeur",
                "Je soude des cuves en inox destinées à l'industrie alimentaire. J'ai suivi le "
                "titre professionnel Soudeur assembleur industriel après un premier métier "
                "dans le bâtiment. Les entreprises cherchent des soudeurs partout, on ne "
                "manque jamais de travail. Soyez patients, la main se forme avec le temps.",
            ),
        ),
    ),
    Site(
        slug="alumines-gardanne",
        name="Usine d'alumines de spécialité",
        company="Alumines de Gardanne",
        sector="chemistry",
        city="Gardanne",
        look="plant",
        x=-60.0,
        z=-80.0,
        description=(
            "Nous produisons des alumines de haute pureté utilisées dans les écrans, les "
            "céramiques techniques et les batteries. Une des plus anciennes usines de la région."
        ),
        jobs=("operateur_chimie", "tech_maintenance", "electricien"),
        voices=(
            woman(
                "Laura",
                PRO,
                "operateur_chimie",
                "Opératrice de fabrication",
                "Je surveille les fours et les réacteurs depuis la salle de contrôle, et je "
                "fais des rondes sur l'installation. J'ai un bac pro Procédés de la chimie. Je "
                "travaille en équipes, ce qui me laisse de longues périodes de repos. La "
                "sécurité, ici, c'est l'affaire de chacun.",
            ),
            man(
                "Rayan",
                APP,
                "electricien",
                "Apprenti électricien",
                "Je câble des armoires électriques et j'aide à dépanner les moteurs de "
                "l'usine. Je suis en bac pro Métiers de l'électricité, en alternance. Le "
                "premier jour, l'usine m'a paru immense, maintenant je connais chaque "
                "recoin. Faites des stages, c'est comme ça qu'on trouve sa voie.",
            ),
        ),
    ),
    Site(
        slug="centrale-biomasse-gardanne",
        name="Centrale biomasse",
        company="Énergie Bois de Provence",
        sector="energy",
        city="Gardanne",
        look="plant",
        x=-20.0,
        z=-80.0,
        description=(
            "Notre centrale produit de l'électricité et de la chaleur en brûlant du bois "
            "issu de l'entretien des forêts et des déchets de scierie."
        ),
        jobs=("operateur_centrale", "electricien", "instrumentiste"),
        voices=(
            woman(
                "Élodie",
                PRO,
                "operateur_centrale",
                "Opératrice de conduite",
                "Depuis la salle de commande, je pilote la chaudière et la turbine. Après un "
                "BTS Pilotage de procédés, j'ai été formée pendant un an sur simulateur. "
                "Quand une alarme sonne, on applique les procédures, calmement. J'aime "
                "savoir que des milliers de foyers dépendent de notre travail.",
            ),
            man(
                "Kevin",
                PRO,
                "electricien",
                "Électricien industriel",
                "J'entretiens les moteurs, les transformateurs et les armoires de la "
                "centrale. J'ai un CAP Électricien puis un bac pro obtenu en alternance. "
                "Chaque jour est différent, et on travaille toujours en binôme. Respectez les "
                "consignes de sécurité, l'électricité ne pardonne pas.",
            ),
        ),
    ),
    Site(
        slug="mecanique-precision-peynier",
        name="Atelier de mécanique de précision",
        company="Précision Mécanique de Peynier",
        sector="mechanics",
        city="Peynier",
        look="workshop",
        x=20.0,
        z=-80.0,
        description=(
            "Une entreprise familiale de quarante personnes qui usine des pièces de "
            "précision pour le médical, le spatial et les semi-conducteurs."
        ),
        jobs=("usineur_cn", "technicien_qualite", "dessinateur"),
        voices=(
            woman(
                "Clara",
                APP,
                "usineur_cn",
                "Apprentie usineuse",
                "Je fabrique des pièces pour des instruments chirurgicaux sur un tour à "
                "commande numérique. Je suis en bac pro en alternance, une semaine sur deux à "
                "l'atelier. On me confie déjà des séries entières. Venez en stage de 3e, c'est "
                "là que tout a commencé pour moi.",
            ),
            man(
                "Dylan",
                PRO,
                "technicien_qualite",
                "Technicien qualité",
                "Je contrôle les pièces sur une machine à mesurer tridimensionnelle. J'ai un "
                "BUT Génie mécanique et productique. Mon rôle est aussi d'aider les usineurs "
                "à comprendre d'où vient un écart. La précision, ça devient vite une passion.",
            ),
        ),
    ),
    Site(
        slug="faisceaux-aubagne",
        name="Usine d'équipements automobiles",
        company="Faisceaux Auto Provence",
        sector="automotive",
        city="Aubagne",
        look="plant",
        x=60.0,
        z=-80.0,
        description=(
            "Nous fabriquons les faisceaux et les connecteurs électriques des voitures "
            "électriques, sur des lignes très automatisées."
        ),
        jobs=("conducteur_ligne", "automaticien", "monteur_assembleur"),
        voices=(
            woman(
                "Nadia",
                PRO,
                "conducteur_ligne",
                "Conductrice de ligne",
                "Je conduis une ligne automatisée qui sertit des milliers de connecteurs par "
                "heure. J'ai commencé comme opératrice, puis j'ai été formée au pilotage. "
                "Je règle les machines et je forme les nouveaux. Dans l'industrie, on peut "
                "évoluer vite si on est motivé.",
            ),
            man(
                "Yanis",
                APP,
                "automaticien",
                "Apprenti automaticien",
                "Je modifie les programmes des robots qui assemblent nos pièces. Je prépare "
                "un BTS Conception et réalisation de systèmes automatiques en alternance. "
                "Voir un robot faire exactement ce que j'ai programmé, c'est magique. "
                "Commencez par programmer des petits projets chez vous.",
            ),
        ),
    ),
    Site(
        slug="carrosserie-avignon",
        name="Carrosserie de véhicules utilitaires",
        company="Carrosseries Industrielles du Comtat",
        sector="automotive",
        city="Avignon",
        look="plant",
        x=100.0,
        z=-80.0,
        description=(
            "Nous transformons des camions en bennes, en ambulances ou en véhicules "
            "frigorifiques, à l'unité ou en petites séries."
        ),
        jobs=("soudeur", "monteur_assembleur", "technicien_methodes"),
        voices=(
            woman(
                "Océane",
                APP,
                "soudeur",
                "Apprentie soudeuse",
                "Je soude les châssis et les structures des bennes. Je prépare le CAP "
                "Réalisations industrielles en chaudronnerie ou soudage en apprentissage. "
                "Sous le masque, personne ne voit si on est une fille ou un garçon, on voit "
                "la soudure. Faites-vous confiance.",
            ),
            man(
                "Thomas",
                PRO,
                "monteur_assembleur",
                "Monteur",
                "J'installe les équipements hydrauliques et électriques sur les camions. "
                "J'ai fait un bac pro Maintenance des systèmes de production, puis je suis "
                "entré ici en intérim. Chaque véhicule est différent, je ne m'ennuie jamais. "
                "L'intérim peut être un bon moyen de découvrir des entreprises.",
            ),
        ),
    ),
    Site(
        slug="essences-apt",
        name="Distillerie d'huiles essentielles",
        company="Essences du Luberon",
        sector="chemistry",
        city="Apt",
        look="lab",
        x=140.0,
        z=-80.0,
        description=(
            "Nous distillons la lavande et les plantes aromatiques de Provence et "
            "fabriquons des arômes pour la parfumerie et l'alimentation."
        ),
        jobs=("technicien_labo", "operateur_chimie", "conducteur_ligne"),
        voices=(
            woman(
                "Justine",
                PRO,
                "technicien_labo",
                "Technicienne de laboratoire",
                "J'analyse chaque lot d'huile essentielle pour vérifier sa composition. "
                "J'ai un BTS Métiers de la chimie. Mon instrument préféré est le "
                "chromatographe, qui sépare les molécules une à une. La chimie, ce n'est pas "
                "que dans les livres, c'est aussi dans les champs de lavande.",
            ),
            man(
                "Romain",
                APP,
                "operateur_chimie",
                "Apprenti opérateur de fabrication",
                "Je conduis l'alambic et je prépare les mélanges d'arômes selon les recettes. "
                "Je suis en bac pro Procédés de la chimie, en alternance. L'été, pendant la "
                "récolte, l'usine tourne jour et nuit. Apprenez à être rigoureux, c'est la "
                "base de tout.",
            ),
        ),
    ),
)
