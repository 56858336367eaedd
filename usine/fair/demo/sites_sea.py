"""The quay row (z = 36): sea-front sites, fronts on the quay road, water side to the sea.

Companies are fictional; the port is named after its place, not after its real operators.
"""

from .content import APPRENTICE as APP
from .content import PROFESSIONAL as PRO
from .content import QUAY_Z, Site, man, woman

SEA = "sea_front"

SITES_SEA = (
    Site(
        slug="port-marseille-fos",
        name="Port de Marseille-Fos",
        company="Terminaux Maritimes de Marseille-Fos",
        sector="port",
        city="Marseille",
        look="port",
        x=-140.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Premier port de France, entre les bassins de Marseille et ceux de Fos : nous "
            "chargeons et déchargeons porte-conteneurs, ferries et navires de croisière, de "
            "jour comme de nuit."
        ),
        jobs=("agent_portuaire", "conducteur_portique", "tech_maintenance"),
        voices=(
            woman(
                "Audrey",
                PRO,
                "conducteur_portique",
                "Conductrice de portique",
                "Depuis ma cabine, à quarante mètres au-dessus du quai, je décharge les "
                "conteneurs des navires. J'ai commencé comme cariste après un bac pro "
                "Logistique, puis le port m'a formée au portique. Il faut une grande "
                "concentration, mais la vue sur la mer est imbattable. N'hésitez pas à "
                "demander des formations, les entreprises en proposent.",
            ),
            man(
                "Malik",
                APP,
                "tech_maintenance",
                "Apprenti technicien de maintenance",
                "J'entretiens les grues et les cavaliers qui déplacent les conteneurs. Je "
                "suis en BTS Maintenance des systèmes, en alternance. Réparer une machine "
                "aussi grande qu'un immeuble, c'est impressionnant. Venez voir le port, on "
                "ne l'oublie pas.",
            ),
        ),
    ),
    Site(
        slug="logistique-portuaire-fos",
        name="Entrepôts portuaires",
        company="Logistique Portuaire du Golfe de Fos",
        sector="logistics",
        city="Fos-sur-Mer",
        look="warehouse",
        x=-100.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Au bord des darses de Fos, nous dépotons les conteneurs venus du monde entier "
            "et préparons leur départ vers l'Europe par camion, train et barge."
        ),
        jobs=("logisticien", "cariste", "agent_portuaire"),
        voices=(
            woman(
                "Morgane",
                APP,
                "logisticien",
                "Apprentie logisticienne",
                "Je prépare les documents et les plannings des conteneurs qui arrivent et "
                "qui repartent. Je prépare le bac pro Logistique en alternance. J'aime savoir "
                "d'où viennent les marchandises et où elles vont. Le commerce international "
                "passe par des métiers comme le mien.",
            ),
            man(
                "Steven",
                PRO,
                "cariste",
                "Cariste",
                "Je vide les conteneurs et je range les marchandises dans l'entrepôt. J'ai "
                "passé mon CACES et le titre professionnel Cariste d'entrepôt. Je suis "
                "maintenant chef d'équipe le matin. La régularité et la fiabilité sont "
                "récompensées.",
            ),
        ),
    ),
    Site(
        slug="acierie-fos",
        name="Aciérie",
        company="Aciéries du Golfe de Fos",
        sector="metallurgy",
        city="Fos-sur-Mer",
        look="plant",
        x=-60.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Nous transformons le minerai de fer et la ferraille recyclée en bobines "
            "d'acier pour l'automobile, l'électroménager et le bâtiment, et préparons le "
            "passage à l'acier bas carbone."
        ),
        jobs=("operateur_siderurgie", "tech_maintenance", "electricien"),
        voices=(
            woman(
                "Héloïse",
                PRO,
                "operateur_siderurgie",
                "Opératrice au laminoir",
                "Je pilote le laminoir qui transforme des brames de vingt tonnes en bobines "
                "d'acier. J'ai un bac pro Pilote de ligne de production. Le métal à plus de "
                "mille degrés, c'est spectaculaire. Ici, la solidarité entre équipes est très "
                "forte.",
            ),
            man(
                "Nathan",
                APP,
                "electricien",
                "Apprenti électricien",
                "J'interviens sur les moteurs et les armoires électriques du laminoir. Je "
                "prépare le bac pro Métiers de l'électricité, en alternance. L'aciérie est "
                "une petite ville, il faut un vélo pour s'y déplacer. Apprenez bien la "
                "sécurité, c'est la première chose qu'on vous demandera.",
            ),
        ),
    ),
    Site(
        slug="raffinerie-martigues",
        name="Raffinerie",
        company="Raffinage de la Côte Bleue",
        sector="chemistry",
        city="Martigues",
        look="refinery",
        x=-20.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Notre raffinerie transforme le pétrole brut en carburants et en matières "
            "premières pour la chimie, et produit désormais des biocarburants."
        ),
        jobs=("operateur_chimie", "tuyauteur", "instrumentiste"),
        voices=(
            woman(
                "Aïcha",
                APP,
                "tuyauteur",
                "Apprentie tuyauteuse",
                "Je prépare et j'assemble les tuyauteries qui relient les unités de la "
                "raffinerie. Je suis en bac pro Technicien en chaudronnerie industrielle, en "
                "alternance. Lire un plan en trois dimensions, c'est devenu un jeu pour moi. "
                "Les tuyauteurs manquent partout, c'est le moment d'y aller.",
            ),
            man(
                "Patrick",
                PRO,
                "operateur_chimie",
                "Opérateur de raffinerie",
                "Je conduis une unité de distillation depuis la salle de contrôle et sur le "
                "terrain. J'ai commencé avec un bac pro Procédés de la chimie il y a vingt-cinq "
                "ans. Je transmets maintenant mon expérience aux jeunes opérateurs. Soyez "
                "attentifs aux détails, ils font la sécurité de tous.",
            ),
        ),
    ),
    Site(
        slug="eolien-port-saint-louis",
        name="Base d'éoliennes flottantes",
        company="Éoliennes Flottantes du Golfe du Lion",
        sector="energy",
        city="Port-Saint-Louis-du-Rhône",
        look="wind_turbine",
        x=20.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Nous assemblons à quai des flotteurs d'éoliennes et assurons la maintenance "
            "d'un parc d'éoliennes flottantes au large du golfe du Lion."
        ),
        jobs=("tech_eolien", "chaudronnier", "soudeur"),
        voices=(
            woman(
                "Mathilde",
                PRO,
                "tech_eolien",
                "Technicienne de maintenance éolienne",
                "Je monte dans la nacelle des éoliennes, à plus de cent mètres, pour les "
                "entretenir. Après un bac pro Métiers de l'électricité, j'ai fait la mention "
                "complémentaire Technicien en énergies renouvelables. On part en mer en "
                "bateau, par équipes de deux. Si vous aimez l'aventure et la technique, c'est "
                "le métier rêvé.",
            ),
            man(
                "Dorian",
                APP,
                "chaudronnier",
                "Apprenti chaudronnier",
                "J'assemble les grandes pièces d'acier des flotteurs qui portent les "
                "éoliennes. Je prépare le bac pro Technicien en chaudronnerie industrielle en "
                "alternance. Voir un flotteur partir en mer, c'est une fierté collective. La "
                "chaudronnerie mène à beaucoup de secteurs différents.",
            ),
        ),
    ),
    Site(
        slug="silos-marseille",
        name="Silos portuaires",
        company="Grains Méditerranée Export",
        sector="agrifood",
        city="Marseille",
        look="silo",
        x=60.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Nos silos reçoivent le blé dur et les céréales de Provence, les conservent et "
            "les chargent sur les navires qui partent vers toute la Méditerranée."
        ),
        jobs=("qualite_agro", "tech_maintenance", "agent_portuaire"),
        voices=(
            woman(
                "Elsa",
                PRO,
                "qualite_agro",
                "Technicienne qualité céréales",
                "J'analyse chaque camion de céréales qui arrive au silo pour décider où le "
                "stocker. J'ai un BTS Bioqualité. Je fais le lien entre les agriculteurs, les "
                "acheteurs et les équipes du port. La qualité, c'est beaucoup de dialogue.",
            ),
            man(
                "Benjamin",
                PRO,
                "agent_portuaire",
                "Agent de manutention portuaire",
                "Je charge les céréales dans les cales des navires avec les tapis et les "
                "goulottes. J'ai un bac pro Logistique et j'ai été formé sur le port. Nous "
                "travaillons en équipe, au rythme des bateaux. Quand le navire part à "
                "l'heure, c'est notre victoire.",
            ),
        ),
    ),
    Site(
        slug="chantier-la-ciotat",
        name="Chantier naval de La Ciotat",
        company="Chantiers de la Baie de La Ciotat",
        sector="shipbuilding",
        city="La Ciotat",
        look="shipyard",
        x=100.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Sur l'ancien chantier naval de La Ciotat, nous réparons et transformons les "
            "grands yachts du monde entier, avec l'une des plus grandes cales de levage de "
            "Méditerranée."
        ),
        jobs=("tuyauteur", "soudeur", "agent_nautique", "mecanicien_naval"),
        voices=(
            woman(
                "Anaïs",
                PRO,
                "tuyauteur",
                "Tuyauteuse",
                "Je refais les réseaux de tuyauteries des yachts : eau, carburant, "
                "climatisation. J'ai passé le titre professionnel Tuyauteur industriel après "
                "un début de carrière dans la restauration. Chaque bateau est un chantier "
                "unique. Une reconversion, ça fait peur, mais ça vaut le coup.",
            ),
            man(
                "Loïc",
                APP,
                "soudeur",
                "Apprenti soudeur",
                "Je soude des renforts de coque et des pièces en aluminium. Je prépare le CAP "
                "Réalisations industrielles en chaudronnerie ou soudage en alternance. Mon "
                "grand-père travaillait déjà sur ce chantier. Ne laissez personne vous dire "
                "que l'industrie est finie dans la région.",
            ),
        ),
    ),
    Site(
        slug="maintenance-navale-toulon",
        name="Chantier de maintenance navale",
        company="Méditerranée Navale Services",
        sector="shipbuilding",
        city="Toulon",
        look="shipyard",
        x=140.0,
        z=QUAY_Z,
        zone=SEA,
        description=(
            "Dans la rade de Toulon, nous entretenons et modernisons des navires : coques, "
            "moteurs, systèmes électriques, en cale sèche ou à quai."
        ),
        jobs=("chaudronnier", "mecanicien_naval", "electricien"),
        voices=(
            woman(
                "Gwenaëlle",
                PRO,
                "chaudronnier",
                "Chaudronnière navale",
                "Je remplace des tôles de coque et je fabrique des pièces sur mesure pour les "
                "navires. J'ai un bac pro Technicien en chaudronnerie industrielle et un BTS "
                "obtenu en alternance. On travaille parfois dans la coque, parfois en "
                "hauteur, jamais deux jours pareils. La chaudronnerie, c'est de la géométrie "
                "en grand.",
            ),
            man(
                "Kylian",
                APP,
                "mecanicien_naval",
                "Apprenti mécanicien naval",
                "Je révise les moteurs diesel et les pompes des navires en escale. Je prépare "
                "le bac pro Électromécanicien marine en alternance. Un jour, j'aimerais "
                "embarquer comme mécanicien. Les métiers de la mer recrutent, renseignez-vous.",
            ),
        ),
    ),
)
