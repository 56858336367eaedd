"""French training routes that lead to the demo's jobs (shared between job profiles)."""

from .content import Route

AFTER_3E = "la 3e"
AFTER_BAC = "le bac"
AFTER_CAP_BAC_PRO = "un CAP ou un bac pro du domaine"
AFTER_BAC_2 = "un bac+2 (BTS, BUT)"

ROUTES: dict[str, Route] = {
    # CAP: two years after the 3e.
    "cap_rics": Route(
        "cap", "CAP Réalisations industrielles en chaudronnerie ou soudage", "2", AFTER_3E
    ),
    "cap_aero": Route("cap", "CAP Aéronautique option structures", "2", AFTER_3E),
    "cap_elec": Route("cap", "CAP Électricien", "2", AFTER_3E),
    "cap_logistique": Route("cap", "CAP Opérateur/Opératrice logistique", "2", AFTER_3E),
    "cap_cip": Route("cap", "CAP Conducteur d'installations de production", "2", AFTER_3E),
    "cap_composites": Route("cap", "CAP Composites, plastiques chaudronnés", "2", AFTER_3E),
    "cap_froid": Route("cap", "CAP Installateur en froid et conditionnement d'air", "2", AFTER_3E),
    # Bac pro: three years after the 3e.
    "bac_tci": Route("bac_pro", "Bac pro Technicien en chaudronnerie industrielle", "3", AFTER_3E),
    "bac_mspc": Route(
        "bac_pro", "Bac pro Maintenance des systèmes de production connectés", "3", AFTER_3E
    ),
    "bac_trpm": Route(
        "bac_pro", "Bac pro Technicien en réalisation de produits mécaniques", "3", AFTER_3E
    ),
    "bac_logistique": Route("bac_pro", "Bac pro Logistique", "3", AFTER_3E),
    "bac_aero_structure": Route("bac_pro", "Bac pro Aéronautique option structure", "3", AFTER_3E),
    "bac_aero_avionique": Route("bac_pro", "Bac pro Aéronautique option avionique", "3", AFTER_3E),
    "bac_aero_systemes": Route("bac_pro", "Bac pro Aéronautique option systèmes", "3", AFTER_3E),
    "bac_plp": Route("bac_pro", "Bac pro Pilote de ligne de production", "3", AFTER_3E),
    "bac_melec": Route(
        "bac_pro",
        "Bac pro Métiers de l'électricité et de ses environnements connectés",
        "3",
        AFTER_3E,
    ),
    "bac_bit": Route("bac_pro", "Bac pro Bio-industries de transformation", "3", AFTER_3E),
    "bac_pcepc": Route(
        "bac_pro", "Bac pro Procédés de la chimie, de l'eau et des papiers-cartons", "3", AFTER_3E
    ),
    "bac_sn": Route("bac_pro", "Bac pro Systèmes numériques", "3", AFTER_3E),
    "bac_plastiques": Route("bac_pro", "Bac pro Plastiques et composites", "3", AFTER_3E),
    "bac_nautique": Route("bac_pro", "Bac pro Maintenance nautique", "3", AFTER_3E),
    "bac_electromeca_marine": Route("bac_pro", "Bac pro Électromécanicien marine", "3", AFTER_3E),
    "bac_mfer": Route(
        "bac_pro", "Bac pro Métiers du froid et des énergies renouvelables", "3", AFTER_3E
    ),
    # Mentions complémentaires: one year to specialise after a CAP or a bac pro.
    "mc_aero": Route("mc", "Mention complémentaire Aéronautique", "1", AFTER_CAP_BAC_PRO),
    "mc_soudage": Route(
        "mc", "Mention complémentaire Technicien en soudage", "1", AFTER_CAP_BAC_PRO
    ),
    "mc_ter": Route(
        "mc", "Mention complémentaire Technicien en énergies renouvelables", "1", "un bac pro"
    ),
    # Titres professionnels: short courses, often for adults changing jobs.
    "tp_soudeur": Route(
        "titre_pro", "Titre pro Soudeur assembleur industriel", "0.6", "la 3e ou une expérience"
    ),
    "tp_tuyauteur": Route(
        "titre_pro", "Titre pro Tuyauteur industriel", "0.6", "la 3e ou une expérience"
    ),
    "tp_tmi": Route(
        "titre_pro", "Titre pro Technicien de maintenance industrielle", "0.8", AFTER_CAP_BAC_PRO
    ),
    "tp_cariste": Route("titre_pro", "Titre pro Cariste d'entrepôt", "0.3", "la 3e"),
    "tp_tuao": Route(
        "titre_pro",
        "Titre pro Technicien d'usinage assisté par ordinateur",
        "0.8",
        AFTER_CAP_BAC_PRO,
    ),
    # BTS: two years after the bac.
    "bts_crsa": Route(
        "bts", "BTS Conception et réalisation de systèmes automatiques", "2", AFTER_BAC
    ),
    "bts_ms_a": Route(
        "bts", "BTS Maintenance des systèmes option systèmes de production", "2", AFTER_BAC
    ),
    "bts_ms_eol": Route(
        "bts", "BTS Maintenance des systèmes option systèmes éoliens", "2", AFTER_BAC
    ),
    "bts_aero": Route("bts", "BTS Aéronautique", "2", AFTER_BAC),
    "bts_cprp": Route(
        "bts", "BTS Conception des processus de réalisation de produits", "2", AFTER_BAC
    ),
    "bts_crci": Route(
        "bts", "BTS Conception et réalisation en chaudronnerie industrielle", "2", AFTER_BAC
    ),
    "bts_gtla": Route("bts", "BTS Gestion des transports et logistique associée", "2", AFTER_BAC),
    "bts_electrotech": Route("bts", "BTS Électrotechnique", "2", AFTER_BAC),
    "bts_sn_ec": Route(
        "bts", "BTS Systèmes numériques option électronique et communications", "2", AFTER_BAC
    ),
    "bts_pilotage": Route("bts", "BTS Pilotage de procédés", "2", AFTER_BAC),
    "bts_chimie": Route("bts", "BTS Métiers de la chimie", "2", AFTER_BAC),
    "bts_bioqualite": Route("bts", "BTS Bioqualité", "2", AFTER_BAC),
    "bts_cira": Route("bts", "BTS Contrôle industriel et régulation automatique", "2", AFTER_BAC),
    "bts_forge": Route("bts", "BTS Forge", "2", AFTER_BAC),
    "bts_tpil": Route(
        "bts", "BTS Techniques physiques pour l'industrie et le laboratoire", "2", AFTER_BAC
    ),
    "bts_cpi": Route("bts", "BTS Conception de produits industriels", "2", AFTER_BAC),
    # BUT: three years at an IUT after the bac.
    "but_gmp": Route("but", "BUT Génie mécanique et productique", "3", AFTER_BAC),
    "but_geii": Route("but", "BUT Génie électrique et informatique industrielle", "3", AFTER_BAC),
    "but_qlio": Route(
        "but", "BUT Qualité, logistique industrielle et organisation", "3", AFTER_BAC
    ),
    "but_gcgp": Route("but", "BUT Génie chimique, génie des procédés", "3", AFTER_BAC),
    "but_mp": Route("but", "BUT Mesures physiques", "3", AFTER_BAC),
    "lp_aero": Route(
        "licence_pro",
        "Licence pro Métiers de l'industrie : industrie aéronautique",
        "1",
        AFTER_BAC_2,
    ),
    # Apprenticeship: a certificate of the metalworking industry, earned while employed.
    "cqpm_ajusteur": Route(
        "apprenticeship",
        "CQPM Ajusteur monteur de structures aéronefs, en apprentissage",
        "1",
        "la 3e, un CAP ou un bac pro",
    ),
    "cqpm_cn": Route(
        "apprenticeship",
        "CQPM Opérateur régleur sur machine-outil à commande numérique, en apprentissage",
        "1",
        "la 3e, un CAP ou un bac pro",
    ),
    "cqpm_cableur": Route(
        "apprenticeship",
        "CQPM Monteur câbleur en aéronautique, en apprentissage",
        "1",
        "la 3e, un CAP ou un bac pro",
    ),
    # Engineering schools: after two years of prépa or a bac+2, often by apprenticeship.
    "ing_industriel": Route(
        "engineering",
        "Diplôme d'ingénieur en génie industriel, par apprentissage",
        "3",
        AFTER_BAC_2,
    ),
    "ing_mecanique": Route(
        "engineering", "Diplôme d'ingénieur en mécanique et matériaux", "3", AFTER_BAC_2
    ),
    "ing_electronique": Route(
        "engineering",
        "Diplôme d'ingénieur en électronique et systèmes embarqués",
        "3",
        AFTER_BAC_2,
    ),
    "ing_procedes": Route(
        "engineering", "Diplôme d'ingénieur en génie des procédés", "3", AFTER_BAC_2
    ),
}
