"""The two front land rows of the town (z = -40 and z = 0). Companies are fictional."""

from .content import APPRENTICE as APP
from .content import PROFESSIONAL as PRO
from .content import Site, man, woman

SITES_SOUTH = (
    # --- Row z = -40: the fronts face the street at z = -60. ----------------------------------
    Site(
        slug="logistique-rognac",
        name="Plateforme logistique",
        company="Plateforme Logistique de l'Étang",
        sector="logistics",
        city="Rognac",
        look="warehouse",
        x=-140.0,
        z=-40.0,
        description=(
            "Nous recevons, stockons et expédions des pièces détachées pour l'industrie "
            "aéronautique et automobile de toute la région, vingt-quatre heures sur vingt-quatre."
        ),
        jobs=("logisticien", "cariste", "tech_maintenance"),
        voices=(
            woman(
                "Sabrina",
                PRO,
                "logisticien",
                "Responsable d'équipe logistique",
                "J'organise le travail de quinze caristes et préparateurs pour que chaque "
                "commande parte à l'heure. J'ai commencé comme préparatrice avec un bac pro "
                "Logistique, puis j'ai passé un BTS en formation continue. Mon métier, c'est "
                "de résoudre des casse-têtes toute la journée. La logistique offre de vraies "
                "évolutions à ceux qui s'investissent.",
            ),
            man(
                "Jordan",
                APP,
                "cariste",
                "Apprenti cariste",
                "Je décharge les camions et je range les palettes jusqu'à dix mètres de haut. "
                "Je prépare le CAP Opérateur logistique en apprentissage, et j'ai passé mon "
                "CACES ici. Conduire un chariot demande de la concentration à chaque instant. "
                "La sécurité d'abord, la vitesse viendra ensuite.",
            ),
        ),
    ),
    Site(
        slug="logistique-crau",
        name="Entrepôt de distribution",
        company="Crau Distribution Logistique",
        sector="logistics",
        city="Saint-Martin-de-Crau",
        look="warehouse",
        x=-100.0,
        z=-40.0,
        description=(
            "Un entrepôt automatisé de soixante mille mètres carrés qui approvisionne les "
            "magasins du sud de la France, entre navettes robotisées et quais de chargement."
        ),
        jobs=("cariste", "logisticien", "automaticien"),
        voices=(
            woman(
                "Marine",
                PRO,
                "cariste",
                "Cariste",
                "Je conduis un chariot à mât rétractable dans les allées de stockage. J'ai "
                "passé le titre professionnel Cariste d'entrepôt après un an de chômage. "
                "Aujourd'hui je suis aussi formatrice sécurité pour les nouveaux. On ne "
                "devrait jamais se dire qu'un métier n'est pas pour soi.",
            ),
            man(
                "Alexis",
                APP,
                "logisticien",
                "Apprenti technicien logistique",
                "Je planifie les livraisons des magasins et je suis les stocks sur le "
                "logiciel de l'entrepôt. Je suis en BTS Gestion des transports et logistique "
                "associée, en alternance. J'aime voir que tout s'enchaîne quand le planning "
                "est bien fait. Soyez organisés, c'est ce qu'on attend de vous.",
            ),
        ),
    ),
    Site(
        slug="polymeres-berre",
        name="Usine de polymères",
        company="Polymères de l'Étang de Berre",
        sector="chemistry",
        city="Berre-l'Étang",
        look="refinery",
        x=-60.0,
        z=-40.0,
        description=(
            "Nous fabriquons des granulés de plastique qui deviennent des pièces "
            "automobiles, des tubes et des emballages, et nous développons des plastiques "
            "recyclés."
        ),
        jobs=("operateur_chimie", "instrumentiste", "tech_procedes"),
        voices=(
            woman(
                "Aurélie",
                APP,
                "tech_procedes",
                "Apprentie technicienne de procédés",
                "Je suis les réglages du réacteur et je prépare des essais pour améliorer le "
                "rendement. Je suis en BTS Pilotage de procédés, en alternance. Mes collègues "
                "m'ont tout de suite confié des missions réelles. La chimie industrielle est "
                "bien plus concrète que ce qu'on imagine.",
            ),
            man(
                "Vincent",
                PRO,
                "instrumentiste",
                "Technicien instrumentiste",
                "J'entretiens les capteurs et les vannes de régulation des unités. Après un "
                "BTS Contrôle industriel et régulation automatique, j'ai fait toute ma "
                "carrière sur ce site. Quand une mesure est fausse, c'est toute l'usine qui "
                "est aveugle. Ce métier demande de la logique et du sang-froid.",
            ),
        ),
    ),
    Site(
        slug="forge-marseille",
        name="Forge et estampage",
        company="Forges de la Nerthe",
        sector="metallurgy",
        city="Marseille",
        look="plant",
        x=-20.0,
        z=-40.0,
        description=(
            "Nous forgeons à chaud des brides, des axes et des corps de vannes en acier, "
            "puis nous les usinons. Une forge centenaire, équipée de presses modernes."
        ),
        jobs=("forgeron", "usineur_cn", "technicien_qualite"),
        voices=(
            woman(
                "Lina",
                APP,
                "forgeron",
                "Apprentie forgeronne",
                "Je chauffe les lopins d'acier au rouge puis je les mets en forme sous la "
                "presse. Je prépare le BTS Forge en alternance, après un bac général. La "
                "forge, c'est impressionnant au début, puis on apprend à la maîtriser. Ne "
                "jugez pas un métier sans l'avoir vu.",
            ),
            man(
                "Franck",
                PRO,
                "usineur_cn",
                "Usineur",
                "J'usine les pièces forgées pour leur donner leurs cotes finales. J'ai un bac "
                "pro et vingt ans de métier. Les machines ont beaucoup changé, on apprend "
                "sans arrêt. Les jeunes qui arrivent avec l'envie d'apprendre, on les forme "
                "avec plaisir.",
            ),
        ),
    ),
    Site(
        slug="robotique-aix",
        name="Centre de robotique industrielle",
        company="Robots Méditerranée",
        sector="electronics",
        city="Aix-en-Provence",
        look="lab",
        x=20.0,
        z=-40.0,
        description=(
            "Nous concevons des robots et des cellules automatisées pour les usines de la "
            "région, du prototype à la mise en service chez le client."
        ),
        jobs=("automaticien", "ingenieur_embarque", "technicien_electronique"),
        voices=(
            woman(
                "Camille",
                PRO,
                "ingenieur_embarque",
                "Ingénieure systèmes embarqués",
                "J'écris le logiciel qui commande les bras de nos robots. Après un BUT Génie "
                "électrique et informatique industrielle, j'ai intégré une école d'ingénieurs "
                "en apprentissage. Nous sommes encore trop peu de femmes ingénieures, et "
                "j'aimerais que ça change. Les maths et le code, ce n'est pas réservé aux "
                "garçons.",
            ),
            man(
                "Noah",
                APP,
                "automaticien",
                "Apprenti automaticien",
                "Je programme les automates des cellules robotisées et je participe aux "
                "mises en service chez les clients. Je suis en BUT Génie électrique et "
                "informatique industrielle, en alternance. Chaque usine où l'on se déplace "
                "est un monde différent. Restez curieux de tout.",
            ),
        ),
    ),
    Site(
        slug="semoulerie-marseille",
        name="Semoulerie et fabrique de pâtes",
        company="Semoulerie du Vieux-Port",
        sector="agrifood",
        city="Marseille",
        look="silo",
        x=60.0,
        z=-40.0,
        description=(
            "Depuis plus d'un siècle, nous transformons le blé dur en semoule et en pâtes, "
            "avec des grains cultivés en Provence et en Camargue."
        ),
        jobs=("conducteur_ligne", "qualite_agro", "tech_maintenance"),
        voices=(
            woman(
                "Sofia",
                APP,
                "qualite_agro",
                "Apprentie technicienne qualité",
                "Je contrôle la qualité du blé à l'arrivée et celle des pâtes avant "
                "l'emballage. Je prépare le BTS Bioqualité en alternance. J'ai découvert que "
                "derrière un simple paquet de pâtes, il y a une vraie science. Regardez les "
                "étiquettes autrement, il y a des métiers derrière.",
            ),
            man(
                "Mathis",
                PRO,
                "conducteur_ligne",
                "Conducteur de ligne",
                "Je pilote la presse et le séchoir de la ligne de pâtes longues. J'ai un bac "
                "pro Pilote de ligne de production. Le travail en équipe est essentiel, la "
                "ligne ne s'arrête jamais. J'aime la satisfaction de voir sortir des tonnes "
                "de produits de bonne qualité.",
            ),
        ),
    ),
    Site(
        slug="transformateurs-trets",
        name="Usine de transformateurs électriques",
        company="Transformateurs du Pays d'Aix",
        sector="energy",
        city="Trets",
        look="plant",
        x=100.0,
        z=-40.0,
        description=(
            "Nous fabriquons les transformateurs qui raccordent les parcs solaires et "
            "éoliens au réseau électrique, et nous réparons ceux des industriels."
        ),
        jobs=("bobinier", "electricien", "technicien_essais"),
        voices=(
            woman(
                "Émilie",
                PRO,
                "bobinier",
                "Bobinière",
                "J'enroule des kilomètres de fil de cuivre pour fabriquer les bobines des "
                "transformateurs. J'ai un CAP Électricien et j'ai appris le bobinage ici. "
                "C'est un métier rare, les entreprises se battent pour nous recruter. Un "
                "métier manuel peut être un métier d'avenir.",
            ),
            man(
                "Louis",
                APP,
                "electricien",
                "Apprenti électrotechnicien",
                "Je participe aux essais électriques des transformateurs avant leur "
                "livraison. Je suis en BTS Électrotechnique en alternance. Travailler avec "
                "de la haute tension demande beaucoup de méthode. La transition énergétique "
                "a besoin de nous, c'est motivant.",
            ),
        ),
    ),
    Site(
        slug="optique-spatiale-marseille",
        name="Laboratoire d'optique spatiale",
        company="Optiques Spatiales de Marseille",
        sector="aeronautics",
        city="Marseille",
        look="lab",
        x=140.0,
        z=-40.0,
        description=(
            "Nous concevons et assemblons des instruments optiques embarqués sur des "
            "satellites d'observation de la Terre et d'astronomie."
        ),
        jobs=("technicien_integration", "technicien_qualite", "dessinateur"),
        voices=(
            woman(
                "Margaux",
                APP,
                "technicien_integration",
                "Apprentie technicienne d'intégration",
                "J'aide à aligner les miroirs d'un télescope qui partira dans l'espace. Je "
                "suis en BUT Mesures physiques, en alternance. Travailler sur un objet qui va "
                "voler dans l'espace, c'est un rêve d'enfant. Visez haut, vraiment.",
            ),
            man(
                "Adrien",
                PRO,
                "dessinateur",
                "Dessinateur-projeteur",
                "Je conçois en 3D les supports qui tiennent les optiques pendant le "
                "lancement. J'ai un BTS Conception de produits industriels. Mes pièces "
                "doivent être à la fois très légères et très rigides. Un bon dessin évite "
                "beaucoup d'erreurs à l'atelier.",
            ),
        ),
    ),
    # --- Row z = 0: the fronts face the quay road. --------------------------------------------
    Site(
        slug="salins-camargue",
        name="Raffinage du sel",
        company="Salins Industriels de Camargue",
        sector="chemistry",
        city="Arles",
        look="plant",
        x=-140.0,
        z=0.0,
        description=(
            "Nous récoltons le sel des marais de Camargue et le raffinons pour l'industrie "
            "chimique, le traitement de l'eau et le déneigement des routes."
        ),
        jobs=("conducteur_ligne", "tech_maintenance", "cariste"),
        voices=(
            woman(
                "Pauline",
                PRO,
                "tech_maintenance",
                "Technicienne de maintenance",
                "Je répare les convoyeurs, les pompes et les machines d'emballage. J'ai un bac "
                "pro Maintenance puis un BTS obtenu en alternance. Le sel use tout, alors on "
                "a toujours une machine à soigner. La maintenance, c'est le métier parfait "
                "pour les gens qui n'aiment pas la routine.",
            ),
            man(
                "Maxime",
                APP,
                "conducteur_ligne",
                "Apprenti conducteur de ligne",
                "Je surveille la ligne de lavage et de séchage du sel. Je prépare le CAP "
                "Conducteur d'installations de production en apprentissage. Travailler au "
                "milieu des marais, avec les flamants roses, c'est unique. Choisissez un "
                "métier, mais aussi un lieu qui vous plaît.",
            ),
        ),
    ),
    Site(
        slug="helices-la-seyne",
        name="Atelier d'hélices marines",
        company="Hélices et Propulsion de La Seyne",
        sector="shipbuilding",
        city="La Seyne-sur-Mer",
        look="workshop",
        x=-100.0,
        z=0.0,
        description=(
            "Nous usinons, équilibrons et réparons des hélices et des lignes d'arbres pour "
            "les navires de commerce, les ferries et les yachts."
        ),
        jobs=("usineur_cn", "mecanicien_naval", "technicien_qualite"),
        voices=(
            woman(
                "Lou",
                APP,
                "usineur_cn",
                "Apprentie usineuse",
                "J'usine des pales d'hélice en bronze sur une machine cinq axes. Je prépare "
                "le bac pro Technicien en réalisation de produits mécaniques en alternance. "
                "Une hélice bien équilibrée, c'est un navire plus silencieux et plus sobre. "
                "Les machines modernes, c'est aussi beaucoup d'informatique.",
            ),
            man(
                "Sébastien",
                PRO,
                "mecanicien_naval",
                "Mécanicien naval",
                "Je démonte et remonte les lignes d'arbres des navires en cale sèche. J'ai "
                "fait un bac pro Électromécanicien marine et j'ai navigué cinq ans avant de "
                "travailler à terre. La mer m'a appris la rigueur et l'entraide. Ce métier "
                "permet de voyager ou de rester près de chez soi.",
            ),
        ),
    ),
    Site(
        slug="composites-hyeres",
        name="Atelier de construction de voiliers",
        company="Composites Nautiques des Îles d'Or",
        sector="shipbuilding",
        city="Hyères",
        look="workshop",
        x=-60.0,
        z=0.0,
        description=(
            "Nous construisons des voiliers de course et de croisière en composite, et "
            "réparons les coques des bateaux de la rade."
        ),
        jobs=("stratifieur", "agent_nautique"),
        voices=(
            woman(
                "Maëlle",
                PRO,
                "stratifieur",
                "Stratifieuse",
                "Je fabrique des coques de voiliers en fibre de verre et en carbone. J'ai un "
                "CAP Composites, plastiques chaudronnés, et je navigue tous les week-ends. "
                "Voir un bateau que j'ai construit gagner une régate, c'est incroyable. "
                "Faites de votre passion un métier, c'est possible.",
            ),
            man(
                "Tom",
                APP,
                "agent_nautique",
                "Apprenti en maintenance nautique",
                "Je prépare les bateaux pour la saison : carénage, moteurs, accastillage. Je "
                "suis en bac pro Maintenance nautique, en alternance. Je travaille souvent en "
                "plein air, au bord de l'eau. Un conseil : apprenez à bien vous protéger du "
                "soleil !",
            ),
        ),
    ),
    Site(
        slug="froid-marseille",
        name="Entrepôt frigorifique",
        company="Froid Logistique Méditerranée",
        sector="logistics",
        city="Marseille",
        look="warehouse",
        x=-20.0,
        z=0.0,
        description=(
            "Nous stockons et distribuons des produits frais et surgelés pour les commerces "
            "et la restauration, entre moins vingt-cinq et plus quatre degrés."
        ),
        jobs=("cariste", "frigoriste", "logisticien"),
        voices=(
            woman(
                "Kenza",
                APP,
                "frigoriste",
                "Apprentie frigoriste",
                "J'entretiens les compresseurs et les chambres froides de l'entrepôt. Je "
                "prépare le CAP Installateur en froid et conditionnement d'air en "
                "apprentissage. Sans nous, toute la chaîne du froid s'arrête. C'est un métier "
                "qui recrute énormément, pensez-y.",
            ),
            man(
                "David",
                PRO,
                "cariste",
                "Cariste en chambre froide",
                "Je prépare les commandes dans les chambres froides, en tenue grand froid. "
                "J'ai passé le titre professionnel Cariste d'entrepôt. On fait des pauses "
                "régulières pour se réchauffer, tout est organisé. Chaque nuit, je sais que "
                "les rayons seront remplis grâce à nous.",
            ),
        ),
    ),
    Site(
        slug="hydrogene-istres",
        name="Plateforme hydrogène",
        company="Hydrogène Vert de Provence",
        sector="energy",
        city="Istres",
        look="lab",
        x=20.0,
        z=0.0,
        description=(
            "Nous produisons de l'hydrogène par électrolyse de l'eau avec de l'électricité "
            "solaire, pour les camions et les industries de la zone de Fos."
        ),
        jobs=("tech_procedes", "instrumentiste", "electricien"),
        voices=(
            woman(
                "Nina",
                PRO,
                "tech_procedes",
                "Technicienne de procédés",
                "Je règle les électrolyseurs et je suis la production d'hydrogène jour après "
                "jour. J'ai un BUT Génie chimique, génie des procédés. Nous inventons un "
                "métier qui n'existait presque pas il y a dix ans. Les métiers de la "
                "transition énergétique sont passionnants.",
            ),
            man(
                "Quentin",
                APP,
                "instrumentiste",
                "Apprenti instrumentiste",
                "J'étalonne les capteurs de pression et de pureté du gaz. Je suis en BTS "
                "Contrôle industriel et régulation automatique, en alternance. Avec "
                "l'hydrogène, la sécurité est au centre de tout. Prenez le temps de bien "
                "comprendre avant d'agir.",
            ),
        ),
    ),
    Site(
        slug="rizerie-arles",
        name="Rizerie",
        company="Rizerie de Camargue",
        sector="agrifood",
        city="Arles",
        look="silo",
        x=60.0,
        z=0.0,
        description=(
            "Nous stockons, décortiquons et conditionnons le riz récolté en Camargue, du "
            "grain complet au riz rouge."
        ),
        jobs=("conducteur_ligne", "qualite_agro", "cariste"),
        voices=(
            woman(
                "Agathe",
                APP,
                "conducteur_ligne",
                "Apprentie conductrice de ligne",
                "Je conduis la ligne qui trie et emballe le riz. Je prépare le bac pro Pilote "
                "de ligne de production en alternance. Mes grands-parents cultivaient le riz, "
                "et moi je le transforme. Restez proches de ce qui vous tient à cœur.",
            ),
            man(
                "Florian",
                PRO,
                "qualite_agro",
                "Technicien qualité",
                "Je contrôle l'humidité et la qualité des grains à chaque étape. J'ai un BTS "
                "Bioqualité obtenu en alternance. Je travaille avec les agriculteurs comme "
                "avec les clients. La qualité, c'est la confiance qu'on donne à ceux qui "
                "mangent nos produits.",
            ),
        ),
    ),
    Site(
        slug="sonars-toulon",
        name="Laboratoire de sonars",
        company="Acoustique Sous-Marine du Var",
        sector="electronics",
        city="Toulon",
        look="lab",
        x=100.0,
        z=0.0,
        description=(
            "Nous concevons des sonars et des capteurs acoustiques pour l'océanographie, "
            "les navires et les éoliennes en mer."
        ),
        jobs=("ingenieur_embarque", "technicien_electronique", "cableur_electronique"),
        voices=(
            woman(
                "Zoé",
                APP,
                "technicien_electronique",
                "Apprentie technicienne en électronique",
                "Je teste les cartes électroniques des sonars avant leur plongée. Je suis en "
                "BTS Systèmes numériques en alternance. Un jour, j'ai participé à un essai en "
                "mer, c'était inoubliable. L'électronique ouvre des portes partout, même sous "
                "l'eau.",
            ),
            man(
                "Arnaud",
                PRO,
                "ingenieur_embarque",
                "Ingénieur logiciel embarqué",
                "J'écris le logiciel qui traite les signaux reçus par nos sonars. J'ai fait "
                "une école d'ingénieurs après un BUT. Je travaille avec des océanographes du "
                "monde entier. Soyez patients avec vous-mêmes, on apprend par étapes.",
            ),
        ),
    ),
    Site(
        slug="maintenance-ferroviaire-miramas",
        name="Atelier de maintenance ferroviaire",
        company="Ateliers Ferroviaires de Miramas",
        sector="mechanics",
        city="Miramas",
        look="warehouse",
        x=140.0,
        z=0.0,
        description=(
            "Nous entretenons et rénovons des locomotives et des wagons de fret : moteurs, "
            "freins, bogies et équipements électriques."
        ),
        jobs=("tech_maintenance", "soudeur", "electricien"),
        voices=(
            woman(
                "Céline",
                PRO,
                "electricien",
                "Électricienne ferroviaire",
                "Je dépanne les circuits électriques des locomotives. J'ai passé un bac pro "
                "Métiers de l'électricité puis un BTS Électrotechnique. Quand une "
                "locomotive repart grâce à moi, je suis fière. Les trains de fret sont "
                "l'avenir du transport, et ils ont besoin de nous.",
            ),
            man(
                "Ibrahim",
                APP,
                "tech_maintenance",
                "Apprenti technicien de maintenance",
                "Je révise les freins et les bogies des wagons. Je prépare le titre "
                "professionnel Technicien de maintenance industrielle en alternance. Je "
                "travaille sur des machines de plusieurs dizaines de tonnes. Suivez les "
                "conseils des anciens, ils connaissent chaque boulon.",
            ),
        ),
    ),
)
