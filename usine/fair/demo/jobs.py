"""Job profiles of the demo edition, shared by the sites that hire for them.

Salaries are gross monthly ranges in euros for a beginner to an experienced person, without shift
or travel bonuses. `in_shortage` marks the jobs French industry struggles to fill.
"""

from .content import Job

DAY_SHIFTS = "Horaires de journée ou en deux équipes (5 h à 13 h, 13 h à 21 h)."
PROTECTIVE_GEAR = "Chaussures de sécurité, gants, lunettes et protections auditives fournis."

JOBS: dict[str, Job] = {
    "ajusteur_monteur": Job(
        title="Ajusteur·se monteur·se aéronautique",
        description=(
            "Assembler les pièces d'une structure d'aéronef (fuselage, poutre de queue, "
            "portes) à partir des plans : percer, ajuster, riveter et contrôler. Le travail se "
            "fait au dixième de millimètre, car chaque pièce vole."
        ),
        skills=(
            "Lire un plan et une gamme de montage",
            "Percer, aléser et riveter à la main et à la machine",
            "Utiliser les instruments de mesure (pied à coulisse, jauges)",
            "Appliquer les mastics et les traitements anticorrosion",
            "Remplir les documents de traçabilité",
        ),
        working_conditions=(
            "En hangar ou en atelier propre et éclairé, debout, parfois en hauteur sur une "
            f"plateforme. {DAY_SHIFTS}"
        ),
        salary_min=1900,
        salary_max=2700,
        in_shortage=True,
        routes=("cap_aero", "bac_aero_structure", "mc_aero", "cqpm_ajusteur"),
    ),
    "cableur_aero": Job(
        title="Monteur·se câbleur·se aéronautique",
        description=(
            "Préparer et poser les faisceaux électriques qui relient les équipements d'un "
            "appareil : couper, dénuder, sertir, connecter puis tester chaque liaison."
        ),
        skills=(
            "Lire un schéma électrique et une liste de câblage",
            "Sertir et souder des connecteurs",
            "Utiliser un testeur de continuité et d'isolement",
            "Travailler avec minutie et patience",
        ),
        working_conditions=f"Atelier propre, travail assis ou debout, gestes précis. {DAY_SHIFTS}",
        salary_min=1850,
        salary_max=2500,
        in_shortage=True,
        routes=("bac_aero_avionique", "mc_aero", "cqpm_cableur"),
    ),
    "mecanicien_aero": Job(
        title="Mécanicien·ne aéronautique",
        description=(
            "Entretenir, réparer et remettre en état de vol des hélicoptères et des avions : "
            "moteurs, transmissions, commandes de vol, circuits hydrauliques. Chaque "
            "intervention est signée et vérifiée."
        ),
        skills=(
            "Suivre une documentation technique en anglais simple",
            "Démonter et remonter des ensembles mécaniques",
            "Diagnostiquer une panne avec méthode",
            "Respecter les règles de sécurité aéronautique",
        ),
        working_conditions=(
            "En hangar et sur le tarmac, astreintes possibles quand un appareil doit repartir. "
            "Travail en équipe avec les contrôleurs et les pilotes d'essai."
        ),
        salary_min=2000,
        salary_max=3000,
        in_shortage=True,
        routes=("bac_aero_systemes", "mc_aero", "bts_aero"),
    ),
    "technicien_essais": Job(
        title="Technicien·ne d'essais",
        description=(
            "Préparer et conduire les essais qui prouvent qu'un produit tient ses promesses : "
            "pression, vibrations, température, étanchéité. Installer les capteurs, lancer le "
            "banc, analyser les mesures et rédiger le rapport."
        ),
        skills=(
            "Câbler des capteurs et paramétrer une acquisition",
            "Piloter un banc d'essai en sécurité",
            "Analyser des courbes avec un tableur",
            "Rédiger un rapport clair",
        ),
        working_conditions="Laboratoire d'essais et ateliers, horaires de journée.",
        salary_min=2300,
        salary_max=3300,
        in_shortage=False,
        routes=("bts_aero", "but_mp", "lp_aero"),
    ),
    "stratifieur": Job(
        title="Stratifieur·se composite",
        description=(
            "Fabriquer des pièces en matériaux composites (fibres de carbone ou de verre et "
            "résine) : découper les tissus, les draper dans un moule, mettre sous vide et "
            "cuire. Les pièces sont légères et très résistantes."
        ),
        skills=(
            "Lire un plan de drapage",
            "Découper et positionner les plis sans défaut",
            "Préparer une mise sous vide",
            "Respecter les temps de travail des résines",
        ),
        working_conditions=(
            "Salle propre à température contrôlée, gants et parfois masque. " + DAY_SHIFTS
        ),
        salary_min=1850,
        salary_max=2400,
        in_shortage=True,
        routes=("cap_composites", "bac_plastiques"),
    ),
    "soudeur": Job(
        title="Soudeur·se",
        description=(
            "Assembler des pièces métalliques par fusion (procédés TIG, MIG/MAG, électrode "
            "enrobée) en suivant un mode opératoire. La soudure doit résister à la pression et "
            "passer les contrôles (radiographie, ressuage)."
        ),
        skills=(
            "Lire un plan et un descriptif de mode opératoire de soudage",
            "Régler un poste à souder selon le procédé",
            "Préparer les bords (meulage, chanfrein, pointage)",
            "Souder dans toutes les positions",
            "Contrôler visuellement son travail",
        ),
        working_conditions=(
            f"Atelier ou chantier, cagoule et ventilation. {PROTECTIVE_GEAR} "
            "Les qualifications de soudeur se passent et se renouvellent au fil de la carrière."
        ),
        salary_min=2000,
        salary_max=3000,
        in_shortage=True,
        routes=("cap_rics", "mc_soudage", "tp_soudeur", "bac_tci"),
    ),
    "chaudronnier": Job(
        title="Chaudronnier·ère",
        description=(
            "Transformer des tôles et des tubes en ouvrages métalliques : cuves, réservoirs, "
            "coques, charpentes. Tracer, découper, rouler, plier puis assembler et souder."
        ),
        skills=(
            "Lire un plan et faire un développé",
            "Conduire une plieuse, une rouleuse, une découpe plasma",
            "Assembler et pointer avant soudage",
            "Calculer et vérifier des cotes",
        ),
        working_conditions=f"Grand atelier, manutention avec pont roulant. {PROTECTIVE_GEAR}",
        salary_min=2000,
        salary_max=2900,
        in_shortage=True,
        routes=("cap_rics", "bac_tci", "bts_crci"),
    ),
    "tuyauteur": Job(
        title="Tuyauteur·se industriel·le",
        description=(
            "Fabriquer et installer les réseaux de tuyauteries qui transportent fluides et gaz "
            "dans une usine ou un navire : lire l'isométrie, couper, cintrer, assembler, poser "
            "et tester en pression."
        ),
        skills=(
            "Lire un plan isométrique",
            "Couper, chanfreiner et cintrer des tubes",
            "Assembler par brides ou par soudage",
            "Réaliser un essai d'étanchéité",
        ),
        working_conditions=(
            "Atelier de préfabrication puis chantier, parfois en hauteur ou dans des espaces "
            f"restreints. {PROTECTIVE_GEAR}"
        ),
        salary_min=2100,
        salary_max=3200,
        in_shortage=True,
        routes=("tp_tuyauteur", "bac_tci", "cap_rics"),
    ),
    "usineur_cn": Job(
        title="Usineur·se sur machine à commande numérique",
        description=(
            "Régler et conduire des tours et des centres d'usinage à commande numérique qui "
            "enlèvent de la matière pour donner sa forme à une pièce. Charger le programme, "
            "monter les outils, lancer la série et contrôler les cotes."
        ),
        skills=(
            "Lire un plan de définition",
            "Monter et régler les outils et la pièce",
            "Modifier un programme ISO simple",
            "Mesurer au micromètre et sur machine tridimensionnelle",
        ),
        working_conditions=f"Atelier de production, bruit modéré. {DAY_SHIFTS}",
        salary_min=1950,
        salary_max=2800,
        in_shortage=True,
        routes=("bac_trpm", "cqpm_cn", "tp_tuao", "bts_cprp"),
    ),
    "technicien_methodes": Job(
        title="Technicien·ne méthodes",
        description=(
            "Décider comment une pièce sera fabriquée : choisir les machines, écrire les "
            "gammes, programmer l'usinage, calculer les temps et améliorer les postes avec "
            "l'atelier."
        ),
        skills=(
            "Utiliser un logiciel de CAO/FAO",
            "Rédiger une gamme de fabrication",
            "Analyser un problème avec l'équipe de production",
            "Chiffrer un temps et un coût",
        ),
        working_conditions="Bureau des méthodes et atelier, horaires de journée.",
        salary_min=2300,
        salary_max=3300,
        in_shortage=False,
        routes=("bts_cprp", "but_gmp", "ing_industriel"),
    ),
    "technicien_qualite": Job(
        title="Technicien·ne qualité",
        description=(
            "Vérifier que les produits sont conformes et que les défauts ne reviennent pas : "
            "contrôles, audits de poste, analyse des non-conformités avec la production."
        ),
        skills=(
            "Utiliser les instruments de mesure et de contrôle",
            "Mener une analyse de causes (5 pourquoi, Ishikawa)",
            "Rédiger des procédures",
            "Animer une réunion courte avec l'atelier",
        ),
        working_conditions="Entre le bureau et l'atelier, horaires de journée.",
        salary_min=2100,
        salary_max=3000,
        in_shortage=False,
        routes=("but_qlio", "bts_cprp", "but_mp"),
    ),
    "tech_maintenance": Job(
        title="Technicien·ne de maintenance industrielle",
        description=(
            "Garder les machines en état de marche : dépanner quand une ligne s'arrête, "
            "planifier l'entretien préventif, améliorer les équipements. Mécanique, "
            "électricité, pneumatique et automatismes se mélangent."
        ),
        skills=(
            "Diagnostiquer une panne électrique ou mécanique",
            "Lire un schéma électrique et pneumatique",
            "Intervenir sous habilitation électrique",
            "Utiliser la GMAO pour tracer les interventions",
        ),
        working_conditions=(
            "Sur les lignes de production, travail en équipes et astreintes selon les sites. "
            + PROTECTIVE_GEAR
        ),
        salary_min=2100,
        salary_max=3200,
        in_shortage=True,
        routes=("bac_mspc", "bts_ms_a", "tp_tmi", "but_geii"),
    ),
    "logisticien": Job(
        title="Technicien·ne logistique",
        description=(
            "Organiser les flux de marchandises entre les fournisseurs, l'entrepôt et les "
            "clients : planifier les réceptions et les expéditions, gérer les stocks, animer "
            "une équipe de préparateurs et de caristes."
        ),
        skills=(
            "Utiliser un logiciel de gestion d'entrepôt (WMS)",
            "Planifier et prioriser",
            "Suivre des indicateurs (délais, stocks, erreurs)",
            "Communiquer avec les transporteurs",
        ),
        working_conditions="Bureau au cœur de l'entrepôt, horaires décalés possibles.",
        salary_min=2000,
        salary_max=2900,
        in_shortage=True,
        routes=("bac_logistique", "bts_gtla", "but_qlio"),
    ),
    "cariste": Job(
        title="Cariste",
        description=(
            "Conduire un chariot élévateur pour décharger les camions, ranger les palettes en "
            "hauteur et préparer les expéditions, en sécurité et sans casse."
        ),
        skills=(
            "Conduire un chariot élévateur (CACES)",
            "Lire un bon de préparation sur terminal",
            "Respecter les règles de circulation et de sécurité",
            "Vérifier l'état d'une marchandise",
        ),
        working_conditions=(
            "Entrepôt, parfois en chambre froide. Horaires en équipes, tôt le matin ou de nuit."
        ),
        salary_min=1850,
        salary_max=2300,
        in_shortage=True,
        routes=("cap_logistique", "tp_cariste", "bac_logistique"),
    ),
    "conducteur_ligne": Job(
        title="Conducteur·rice de ligne de production",
        description=(
            "Piloter une ligne automatisée qui fabrique ou conditionne des produits : régler "
            "les machines, surveiller la cadence et la qualité, faire les changements de "
            "format et les premiers dépannages."
        ),
        skills=(
            "Régler des machines automatisées",
            "Surveiller des indicateurs sur écran",
            "Appliquer les règles d'hygiène et de sécurité",
            "Réagir vite à un arrêt de ligne",
        ),
        working_conditions=f"Atelier de production, travail posté en 2x8 ou 3x8. {DAY_SHIFTS}",
        salary_min=1850,
        salary_max=2500,
        in_shortage=True,
        routes=("cap_cip", "bac_plp", "bac_bit"),
    ),
    "operateur_chimie": Job(
        title="Opérateur·rice de fabrication en chimie",
        description=(
            "Conduire les installations qui transforment des matières premières en produits "
            "chimiques : charger les réacteurs, suivre les températures et pressions, prélever "
            "des échantillons, faire les rondes de sécurité."
        ),
        skills=(
            "Suivre un mode opératoire à la lettre",
            "Surveiller des paramètres sur la salle de contrôle",
            "Prélever et analyser des échantillons simples",
            "Appliquer les règles de sécurité d'un site Seveso",
        ),
        working_conditions=(
            "Unité de fabrication et salle de contrôle, travail en 3x8 ou 5x8 avec primes. "
            "Équipements de protection adaptés aux produits."
        ),
        salary_min=1950,
        salary_max=2700,
        in_shortage=False,
        routes=("bac_pcepc", "bts_pilotage"),
    ),
    "tech_procedes": Job(
        title="Technicien·ne de procédés",
        description=(
            "Optimiser un procédé de fabrication : suivre les rendements, régler les "
            "paramètres, mener des essais et accompagner les opérateurs lors des démarrages."
        ),
        skills=(
            "Comprendre un schéma de procédé",
            "Exploiter des données de production",
            "Conduire un essai et en tirer des conclusions",
            "Travailler avec la maintenance et la sécurité",
        ),
        working_conditions="Unité de fabrication et bureau, horaires de journée et astreintes.",
        salary_min=2300,
        salary_max=3300,
        in_shortage=False,
        routes=("bts_pilotage", "but_gcgp", "ing_procedes"),
    ),
    "technicien_labo": Job(
        title="Technicien·ne de laboratoire",
        description=(
            "Analyser des échantillons pour contrôler la qualité des matières et des produits : "
            "préparer, mesurer avec des appareils d'analyse, interpréter et enregistrer les "
            "résultats."
        ),
        skills=(
            "Manipuler avec rigueur",
            "Utiliser des appareils d'analyse (chromatographie, spectrométrie)",
            "Respecter les bonnes pratiques de laboratoire",
            "Enregistrer et interpréter des résultats",
        ),
        working_conditions="Laboratoire, blouse et lunettes, horaires de journée.",
        salary_min=2000,
        salary_max=2800,
        in_shortage=False,
        routes=("bts_chimie", "but_mp", "bts_bioqualite"),
    ),
    "qualite_agro": Job(
        title="Technicien·ne qualité en agroalimentaire",
        description=(
            "Garantir que les aliments produits sont sûrs et conformes : contrôles d'hygiène, "
            "analyses, traçabilité des lots, formation des équipes aux bonnes pratiques."
        ),
        skills=(
            "Appliquer la méthode HACCP",
            "Réaliser des prélèvements et des analyses",
            "Tenir la traçabilité d'un lot",
            "Expliquer une règle d'hygiène simplement",
        ),
        working_conditions="Ateliers de production et laboratoire, tenue d'hygiène.",
        salary_min=2000,
        salary_max=2800,
        in_shortage=False,
        routes=("bts_bioqualite", "bac_bit"),
    ),
    "automaticien": Job(
        title="Automaticien·ne",
        description=(
            "Concevoir, programmer et mettre en service les automates et robots qui pilotent "
            "les machines. Dépanner le programme quand la ligne ne fait pas ce qu'on attend."
        ),
        skills=(
            "Programmer un automate industriel",
            "Lire et modifier un schéma électrique",
            "Paramétrer un robot ou un variateur",
            "Mettre en service sur site en sécurité",
        ),
        working_conditions="Bureau d'études et chantiers de mise en service, déplacements.",
        salary_min=2300,
        salary_max=3500,
        in_shortage=True,
        routes=("bts_crsa", "but_geii", "ing_industriel"),
    ),
    "electricien": Job(
        title="Électricien·ne industriel·le",
        description=(
            "Installer, raccorder et entretenir les équipements électriques d'un site "
            "industriel : armoires, moteurs, éclairage, réseaux de distribution."
        ),
        skills=(
            "Lire un schéma électrique",
            "Câbler une armoire",
            "Mesurer et rechercher un défaut",
            "Travailler sous habilitation électrique",
        ),
        working_conditions="Sur site, parfois en hauteur, astreintes possibles. " + PROTECTIVE_GEAR,
        salary_min=2000,
        salary_max=2900,
        in_shortage=True,
        routes=("cap_elec", "bac_melec", "bts_electrotech"),
    ),
    "bobinier": Job(
        title="Bobinier·ère",
        description=(
            "Fabriquer et réparer les bobinages des moteurs et des transformateurs : enrouler "
            "le fil de cuivre, isoler, imprégner de vernis et tester."
        ),
        skills=(
            "Lire une fiche de bobinage",
            "Manipuler le fil de cuivre avec précision",
            "Réaliser des essais électriques",
            "Travailler avec patience et méthode",
        ),
        working_conditions=f"Atelier, travail manuel précis. {DAY_SHIFTS}",
        salary_min=1950,
        salary_max=2700,
        in_shortage=True,
        routes=("cap_elec", "bac_melec"),
    ),
    "tech_eolien": Job(
        title="Technicien·ne de maintenance éolienne",
        description=(
            "Entretenir et dépanner des éoliennes : monter dans la nacelle, contrôler la "
            "génératrice, le multiplicateur, l'hydraulique et l'électronique de puissance."
        ),
        skills=(
            "Travailler en hauteur avec un harnais (formation GWO)",
            "Diagnostiquer un défaut électrique ou mécanique",
            "Lire la documentation du constructeur en anglais",
            "Travailler en binôme en sécurité",
        ),
        working_conditions=(
            "En mer ou à terre, par tous les temps compatibles avec la sécurité, "
            "semaines d'intervention et de repos alternées en mer."
        ),
        salary_min=2200,
        salary_max=3100,
        in_shortage=True,
        routes=("bac_melec", "mc_ter", "bts_ms_eol"),
    ),
    "operateur_salle_blanche": Job(
        title="Opérateur·rice en salle blanche",
        description=(
            "Conduire les équipements qui fabriquent des puces électroniques sur des plaques "
            "de silicium : charger les lots, lancer les recettes, surveiller et contrôler au "
            "microscope."
        ),
        skills=(
            "Respecter strictement les règles de la salle blanche",
            "Suivre des procédures informatisées",
            "Repérer une anomalie au microscope",
            "Transmettre les informations à l'équipe suivante",
        ),
        working_conditions=(
            "Salle blanche en combinaison intégrale, travail posté en équipes avec primes."
        ),
        salary_min=1900,
        salary_max=2500,
        in_shortage=False,
        routes=("bac_sn", "bts_tpil", "bac_plp"),
    ),
    "technicien_electronique": Job(
        title="Technicien·ne en électronique",
        description=(
            "Tester, régler et dépanner des cartes et des équipements électroniques : "
            "programmer les bancs de test, analyser les défauts, proposer des corrections."
        ),
        skills=(
            "Utiliser oscilloscope, multimètre et générateur",
            "Lire un schéma électronique",
            "Braser des composants montés en surface",
            "Écrire un petit script de test",
        ),
        working_conditions="Laboratoire ou atelier électronique, horaires de journée.",
        salary_min=2200,
        salary_max=3100,
        in_shortage=False,
        routes=("bac_sn", "bts_sn_ec", "but_geii"),
    ),
    "cableur_electronique": Job(
        title="Câbleur·se en électronique",
        description=(
            "Assembler des cartes et des équipements électroniques : placer et braser des "
            "composants, câbler des sous-ensembles, contrôler à la loupe."
        ),
        skills=(
            "Braser à la main des composants fins",
            "Lire une nomenclature et un plan d'implantation",
            "Contrôler visuellement un assemblage",
            "Respecter les règles antistatiques",
        ),
        working_conditions=f"Atelier propre, travail assis et minutieux. {DAY_SHIFTS}",
        salary_min=1850,
        salary_max=2400,
        in_shortage=True,
        routes=("bac_sn", "cap_elec"),
    ),
    "ingenieur_embarque": Job(
        title="Ingénieur·e systèmes embarqués",
        description=(
            "Concevoir le logiciel et l'électronique qui font fonctionner un équipement : "
            "écrire le code des microcontrôleurs, choisir les capteurs, tester sur prototype."
        ),
        skills=(
            "Programmer en C et en Python",
            "Concevoir une architecture électronique",
            "Mener des tests et corriger",
            "Travailler en équipe projet, en français et en anglais",
        ),
        working_conditions="Bureau d'études et laboratoire, télétravail partiel possible.",
        salary_min=3200,
        salary_max=4800,
        in_shortage=False,
        routes=("but_geii", "ing_electronique"),
    ),
    "instrumentiste": Job(
        title="Technicien·ne instrumentiste",
        description=(
            "Installer, étalonner et dépanner les capteurs et les vannes de régulation qui "
            "mesurent et pilotent pressions, débits, niveaux et températures."
        ),
        skills=(
            "Étalonner un capteur",
            "Comprendre une boucle de régulation",
            "Lire un schéma d'instrumentation",
            "Intervenir en sécurité sur une installation en marche",
        ),
        working_conditions="Sur les unités et en atelier, astreintes. " + PROTECTIVE_GEAR,
        salary_min=2300,
        salary_max=3300,
        in_shortage=True,
        routes=("bts_cira", "but_geii", "bac_mspc"),
    ),
    "monteur_robinetier": Job(
        title="Ajusteur·se monteur·se en robinetterie",
        description=(
            "Assembler des vannes industrielles à partir de pièces usinées : ajuster, monter "
            "les garnitures et les sièges, serrer au couple, puis passer les essais "
            "d'étanchéité sous pression."
        ),
        skills=(
            "Lire un plan d'ensemble",
            "Ajuster et roder des surfaces d'étanchéité",
            "Serrer au couple et contrôler",
            "Conduire un essai hydraulique en sécurité",
        ),
        working_conditions=f"Atelier de montage, manutention avec palan. {DAY_SHIFTS}",
        salary_min=1900,
        salary_max=2700,
        in_shortage=True,
        routes=("bac_trpm", "bac_mspc", "cap_rics"),
    ),
    "monteur_assembleur": Job(
        title="Monteur·se assembleur·se",
        description=(
            "Monter des sous-ensembles mécaniques et électriques sur une ligne d'assemblage "
            "en suivant une fiche de poste, et contrôler chaque étape."
        ),
        skills=(
            "Suivre une fiche de poste",
            "Utiliser des visseuses et des outils de serrage",
            "Contrôler son travail",
            "Travailler en équipe sur une ligne",
        ),
        working_conditions=f"Ligne d'assemblage, travail debout. {DAY_SHIFTS}",
        salary_min=1850,
        salary_max=2400,
        in_shortage=False,
        routes=("cap_cip", "bac_trpm", "bac_mspc"),
    ),
    "forgeron": Job(
        title="Forgeron·ne estampeur·se",
        description=(
            "Mettre en forme du métal chauffé au rouge sous un marteau-pilon ou une presse, "
            "pour fabriquer des pièces très résistantes : brides, axes, pièces de vannes."
        ),
        skills=(
            "Chauffer le métal à la bonne température",
            "Conduire une presse ou un marteau-pilon",
            "Manipuler les pièces chaudes en sécurité",
            "Contrôler une pièce forgée",
        ),
        working_conditions=(
            f"Forge chaude et bruyante, équipements de protection complets. {DAY_SHIFTS}"
        ),
        salary_min=1950,
        salary_max=2700,
        in_shortage=True,
        routes=("bac_trpm", "bts_forge"),
    ),
    "mecanicien_naval": Job(
        title="Mécanicien·ne naval·e",
        description=(
            "Entretenir et réparer les moteurs, les lignes d'arbres et les équipements de bord "
            "des navires, à quai ou en cale sèche."
        ),
        skills=(
            "Démonter et remonter un moteur diesel",
            "Diagnostiquer une panne mécanique ou hydraulique",
            "Lire un plan et une documentation technique",
            "Travailler dans un espace restreint en sécurité",
        ),
        working_conditions="Chantier naval et à bord, horaires selon les escales des navires.",
        salary_min=2000,
        salary_max=2900,
        in_shortage=True,
        routes=("bac_electromeca_marine", "bac_nautique", "bts_ms_a"),
    ),
    "agent_nautique": Job(
        title="Agent·e de maintenance nautique",
        description=(
            "Remettre en état des bateaux de plaisance : carénage, réparation des coques, "
            "entretien des moteurs et des équipements de pont."
        ),
        skills=(
            "Réparer une coque en composite",
            "Entretenir un moteur marin",
            "Poser et régler des équipements de pont",
            "Soigner la finition",
        ),
        working_conditions=(
            "Chantier en plein air ou sous abri, travail plus intense au printemps."
        ),
        salary_min=1850,
        salary_max=2500,
        in_shortage=False,
        routes=("bac_nautique", "cap_composites"),
    ),
    "frigoriste": Job(
        title="Technicien·ne frigoriste",
        description=(
            "Installer et dépanner les installations de froid qui conservent les aliments et "
            "les médicaments : compresseurs, évaporateurs, régulation, fluides frigorigènes."
        ),
        skills=(
            "Manipuler les fluides frigorigènes (attestation d'aptitude)",
            "Diagnostiquer une installation frigorifique",
            "Braser des tubes en cuivre",
            "Lire un schéma électrique",
        ),
        working_conditions="Chambres froides et toitures, astreintes. " + PROTECTIVE_GEAR,
        salary_min=2000,
        salary_max=3000,
        in_shortage=True,
        routes=("cap_froid", "bac_mfer"),
    ),
    "agent_portuaire": Job(
        title="Agent·e de manutention portuaire",
        description=(
            "Charger et décharger les navires : arrimer les conteneurs, guider les grues, "
            "conduire les cavaliers et les chariots qui déplacent la marchandise sur le quai."
        ),
        skills=(
            "Conduire des engins de manutention",
            "Communiquer par radio et par gestes conventionnels",
            "Respecter les règles de sécurité portuaire",
            "Travailler en équipe par tous les temps",
        ),
        working_conditions="Sur les quais, travail en équipes, de jour comme de nuit.",
        salary_min=2100,
        salary_max=3200,
        in_shortage=False,
        routes=("cap_logistique", "bac_logistique", "tp_cariste"),
    ),
    "conducteur_portique": Job(
        title="Conducteur·rice de portique",
        description=(
            "Depuis une cabine à quarante mètres de haut, charger et décharger les conteneurs "
            "des porte-conteneurs avec une grue géante, au centimètre près."
        ),
        skills=(
            "Coordination et sens de l'espace",
            "Concentration sur de longues périodes",
            "Communication par radio",
            "Respect strict des règles de sécurité",
        ),
        working_conditions="En cabine, travail posté par vacations, formation interne longue.",
        salary_min=2400,
        salary_max=3500,
        in_shortage=False,
        routes=("bac_logistique", "bts_gtla"),
    ),
    "operateur_siderurgie": Job(
        title="Opérateur·rice en sidérurgie",
        description=(
            "Conduire les installations qui produisent l'acier : haut-fourneau, aciérie, "
            "laminoir. Surveiller les températures, piloter depuis le pupitre, intervenir "
            "sur les outils."
        ),
        skills=(
            "Piloter une installation depuis un pupitre",
            "Appliquer les consignes de sécurité en zone chaude",
            "Réagir à un aléa avec calme",
            "Transmettre les informations au poste suivant",
        ),
        working_conditions="Travail posté en 5x8 avec primes, environnement chaud et bruyant.",
        salary_min=2000,
        salary_max=2800,
        in_shortage=False,
        routes=("bac_plp", "bac_pcepc", "bac_mspc"),
    ),
    "ingenieur_methodes": Job(
        title="Ingénieur·e méthodes industrialisation",
        description=(
            "Préparer la fabrication d'un nouveau produit : concevoir les postes de travail, "
            "choisir les outillages, lancer les premières séries et former les équipes."
        ),
        skills=(
            "Conduire un projet avec plusieurs métiers",
            "Modéliser en 3D et simuler un flux",
            "Analyser des coûts",
            "Animer une équipe",
        ),
        working_conditions="Bureau et atelier, horaires de journée, quelques déplacements.",
        salary_min=3100,
        salary_max=4500,
        in_shortage=False,
        routes=("ing_industriel", "ing_mecanique", "but_gmp"),
    ),
    "technicien_integration": Job(
        title="Technicien·ne d'intégration et d'essais spatiaux",
        description=(
            "Assembler et tester des instruments optiques destinés à l'espace, en salle "
            "propre : aligner, régler, mesurer les performances et préparer les essais en "
            "vide thermique."
        ),
        skills=(
            "Manipuler des pièces fragiles avec précision",
            "Utiliser des bancs optiques et des capteurs",
            "Suivre une procédure qualité spatiale",
            "Rédiger un compte rendu d'essai",
        ),
        working_conditions=(
            "Salle propre en combinaison, horaires de journée, essais parfois la nuit."
        ),
        salary_min=2400,
        salary_max=3400,
        in_shortage=False,
        routes=("bts_tpil", "but_mp", "lp_aero"),
    ),
    "operateur_centrale": Job(
        title="Opérateur·rice de conduite de centrale",
        description=(
            "Piloter une centrale qui produit de l'électricité et de la chaleur : surveiller "
            "la chaudière, la turbine et les rejets depuis la salle de commande, faire des rondes."
        ),
        skills=(
            "Piloter un système de contrôle-commande",
            "Comprendre la thermodynamique de base",
            "Appliquer les consignes de sécurité",
            "Garder son calme face à une alarme",
        ),
        working_conditions="Salle de commande et installations, travail posté en 5x8.",
        salary_min=2200,
        salary_max=3200,
        in_shortage=False,
        routes=("bts_cira", "bts_pilotage", "bac_pcepc"),
    ),
    "dessinateur": Job(
        title="Dessinateur·rice-projeteur·se",
        description=(
            "Concevoir en 3D les pièces et les ensembles à fabriquer, choisir les matériaux, "
            "calculer les dimensions et produire les plans pour l'atelier."
        ),
        skills=(
            "Modéliser en CAO 3D",
            "Appliquer les normes de dessin industriel",
            "Faire des calculs de résistance simples",
            "Échanger avec l'atelier et les clients",
        ),
        working_conditions="Bureau d'études, horaires de journée, télétravail partiel possible.",
        salary_min=2200,
        salary_max=3200,
        in_shortage=False,
        routes=("bts_cpi", "but_gmp"),
    ),
}
