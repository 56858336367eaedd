"""The catalogue of trades shared by every company.

Codes and names follow the ROME 4.0 directory of France Travail: the code of the directory's job
sheet, the masculine and feminine forms as it writes them, and the inclusive name the fair shows.
A trade the directory has no sheet of its own for has no code. Families group trades the way a
class looks for them. The migrations load it into every database; organizers complete it in the
admin.
"""

# One trade a line reads as a table: the lines stay long.
# ruff: noqa: E501
# code, name, masculine, feminine, English, family, keywords
# fmt: off
CATALOGUE = [
    ("H2913", "Soudeur·se", "Soudeur", "Soudeuse", "Welder", "metal", "soudage, soudure, TIG, MIG, arc"),
    ("H2902", "Chaudronnier·ère", "Chaudronnier", "Chaudronnière", "Boilermaker", "metal", "chaudronnerie, tôlerie, tôlier, tôlière"),
    ("H2914", "Tuyauteur·se", "Tuyauteur", "Tuyauteuse", "Pipefitter", "metal", "tuyauterie, tuyauteur industriel"),
    ("H2903", "Usineur·se", "Usineur", "Usineuse", "CNC machinist", "metal", "usinage, commande numérique, CN, tourneur, fraiseur, fraiseuse"),
    ("H2912", "Régleur·se", "Régleur", "Régleuse", "Machine setter", "metal", "réglage, régleur sur machine"),
    ("H2904", "Forgeron·ne estampeur·se", "Forgeron estampeur", "Forgeronne estampeuse", "Forger", "metal", "forge, estampage, déformation des métaux"),
    ("H2911", "Monteur·se en structures métalliques", "Monteur en structures métalliques", "Monteuse en structures métalliques", "Steel structure fitter", "metal", "charpente métallique, serrurier, métallier"),
    ("H2910", "Mouleur·se", "Mouleur", "Mouleuse", "Foundry moulder", "metal", "fonderie, moulage"),
    ("H2901", "Ajusteur·se monteur·se", "Ajusteur monteur", "Ajusteuse monteuse", "Fitter", "assembly", "ajustage, montage, aéronautique, robinetterie"),
    ("H2909", "Monteur·se assembleur·se", "Monteur assembleur", "Monteuse assembleuse", "Assembler", "assembly", "montage, assemblage mécanique"),
    ("H2602", "Monteur·se câbleur·se", "Monteur câbleur", "Monteuse câbleuse", "Wiring fitter", "assembly", "câblage, faisceaux, aéronautique"),
    ("H3203", "Stratifieur·se", "Stratifieur", "Stratifieuse", "Composite laminator", "assembly", "composites, stratification, fibre de carbone"),
    ("H3201", "Plasturgiste", "Plasturgiste", "Plasturgiste", "Plastics technician", "assembly", "plasturgie, injection, plastique"),
    ("H3404", "Peintre industriel·le", "Peintre industriel", "Peintre industrielle", "Industrial painter", "assembly", "peinture, traitement de surface"),
    ("H1208", "Automaticien·ne", "Automaticien", "Automaticienne", "Automation technician", "electricity", "automatisme, robotique, programmation d'automates"),
    ("I1309", "Électricien·ne industriel·le", "Électricien industriel", "Électricienne industrielle", "Industrial electrician", "electricity", "électricité, maintenance électrique"),
    ("H2601", "Bobinier·ère", "Bobinier", "Bobinière", "Coil winder", "electricity", "bobinage, moteurs électriques"),
    ("H1209", "Technicien·ne en électronique", "Technicien en électronique", "Technicienne en électronique", "Electronics technician", "electricity", "électronique, cartes électroniques"),
    ("H2605", "Câbleur·se en électronique", "Câbleur en électronique", "Câbleuse en électronique", "Electronics wirer", "electricity", "câblage électronique, soudure de composants"),
    ("H2603", "Opérateur·rice en salle blanche", "Opérateur en salle blanche", "Opératrice en salle blanche", "Cleanroom operator", "electricity", "microélectronique, semi-conducteurs, puces"),
    ("I1302", "Technicien·ne instrumentiste", "Technicien instrumentiste", "Technicienne instrumentiste", "Instrumentation technician", "electricity", "instrumentation, capteurs, régulation"),
    ("I1304", "Technicien·ne de maintenance industrielle", "Technicien de maintenance industrielle", "Technicienne de maintenance industrielle", "Industrial maintenance technician", "maintenance", "maintenance, dépannage, électromécanicien"),
    ("I1310", "Mécanicien·ne de maintenance", "Mécanicien de maintenance", "Mécanicienne de maintenance", "Maintenance mechanic", "maintenance", "maintenance mécanique"),
    ("I1602", "Mécanicien·ne aéronautique", "Mécanicien aéronautique", "Mécanicienne aéronautique", "Aircraft mechanic", "maintenance", "avion, hélicoptère, aéronef"),
    ("", "Technicien·ne de maintenance éolienne", "Technicien de maintenance éolienne", "Technicienne de maintenance éolienne", "Wind turbine technician", "maintenance", "éolien, énergie renouvelable, travail en hauteur"),
    ("I1306", "Technicien·ne frigoriste", "Technicien frigoriste", "Technicienne frigoriste", "Refrigeration technician", "maintenance", "froid, climatisation, frigoriste"),
    ("I1604", "Mécanicien·ne automobile", "Mécanicien automobile", "Mécanicienne automobile", "Car mechanic", "maintenance", "automobile, garage, véhicules"),
    ("H2102", "Conducteur·rice de ligne de production", "Conducteur de ligne de production", "Conductrice de ligne de production", "Production line operator", "production", "agroalimentaire, conditionnement, ligne"),
    ("H2301", "Opérateur·rice de fabrication en chimie", "Opérateur de fabrication en chimie", "Opératrice de fabrication en chimie", "Chemical process operator", "production", "chimie, pharmacie, procédés"),
    ("H2906", "Pilote d'installation automatisée", "Pilote d'installation automatisée", "Pilote d'installation automatisée", "Automated line operator", "production", "robot, ligne automatisée, conduite"),
    ("H2701", "Opérateur·rice de conduite de centrale", "Opérateur de conduite de centrale", "Opératrice de conduite de centrale", "Power plant operator", "production", "énergie, centrale, salle de contrôle"),
    ("", "Opérateur·rice en sidérurgie", "Opérateur en sidérurgie", "Opératrice en sidérurgie", "Steelworks operator", "production", "acier, haut fourneau, aciérie"),
    ("", "Technicien·ne de procédés", "Technicien de procédés", "Technicienne de procédés", "Process technician", "production", "procédés, génie chimique"),
    ("H2502", "Responsable de production", "Responsable de production", "Responsable de production", "Production manager", "production", "chef d'atelier, encadrement, production"),
    ("H1506", "Technicien·ne qualité", "Technicien qualité", "Technicienne qualité", "Quality technician", "quality", "qualité, contrôle, métrologie"),
    ("H1502", "Ingénieur·e qualité", "Ingénieur qualité", "Ingénieure qualité", "Quality engineer", "quality", "qualité, normes, audit"),
    ("H1503", "Technicien·ne de laboratoire", "Technicien de laboratoire", "Technicienne de laboratoire", "Laboratory technician", "quality", "laboratoire, analyses, chimie"),
    ("H1210", "Technicien·ne d'essais", "Technicien d'essais", "Technicienne d'essais", "Test technician", "quality", "essais, mesures, banc d'essai, intégration, spatial"),
    ("H1203", "Dessinateur·rice-projeteur·se", "Dessinateur-projeteur", "Dessinatrice-projeteuse", "Design draughtsperson", "design", "conception, CAO, dessin industriel, bureau d'études"),
    ("H1404", "Technicien·ne méthodes", "Technicien méthodes", "Technicienne méthodes", "Methods technician", "design", "méthodes, industrialisation, gammes"),
    ("H1402", "Ingénieur·e méthodes industrialisation", "Ingénieur méthodes industrialisation", "Ingénieure méthodes industrialisation", "Manufacturing engineer", "design", "méthodes, industrialisation, lean"),
    ("H1206", "Ingénieur·e recherche et développement", "Ingénieur recherche et développement", "Ingénieure recherche et développement", "R&D engineer", "design", "R&D, recherche, innovation, systèmes embarqués, logiciel"),
    ("N1101", "Cariste", "Cariste", "Cariste", "Forklift operator", "logistics", "chariot élévateur, CACES, manutention, entrepôt"),
    ("N1103", "Préparateur·rice de commandes", "Préparateur de commandes", "Préparatrice de commandes", "Order picker", "logistics", "préparation de commandes, magasinier, magasinière, entrepôt"),
    ("N1303", "Technicien·ne logistique", "Technicien logistique", "Technicienne logistique", "Logistics technician", "logistics", "logistique, flux, approvisionnement"),
    ("N1301", "Responsable logistique", "Responsable logistique", "Responsable logistique", "Logistics manager", "logistics", "supply chain, chaîne logistique"),
    ("N1104", "Conducteur·rice de portique", "Conducteur de portique", "Conductrice de portique", "Gantry crane operator", "sea", "portique, grue, conteneurs, port"),
    ("", "Agent·e de manutention portuaire", "Agent de manutention portuaire", "Agente de manutention portuaire", "Dock worker", "sea", "docker, port, quai, manutention"),
    ("", "Mécanicien·ne naval·e", "Mécanicien naval", "Mécanicienne navale", "Marine mechanic", "sea", "navire, moteurs marins, construction navale"),
    ("I1601", "Agent·e de maintenance nautique", "Agent de maintenance nautique", "Agente de maintenance nautique", "Boat maintenance technician", "sea", "nautisme, bateaux, plaisance"),
]
# fmt: on


def add_catalogue(trade_model) -> None:
    """Creates the missing trades of the catalogue (`trade_model`: the model, or the historical
    model inside a migration); existing ones are left as organizers edited them."""
    for code, name, masculine, feminine, name_en, family, keywords in CATALOGUE:
        trade_model.objects.get_or_create(
            name=name,
            defaults={
                "code": code,
                "masculine": masculine,
                "feminine": feminine,
                "name_en": name_en,
                "family": family,
                "keywords": keywords,
            },
        )
