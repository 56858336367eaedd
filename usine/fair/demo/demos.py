"""Demonstrations shown inside a few buildings: photo series and a captioned video."""

from .content import DemoPhotoSpec, DemoSpec

DEMOS = (
    DemoSpec(
        site="robinetterie-aix",
        title="De la pièce brute à la vanne testée",
        description=(
            "Suivez une vanne à boisseau sphérique dans l'atelier : usinage du corps, "
            "montage, essai sous pression et expédition."
        ),
        kind="photos",
        photos=(
            DemoPhotoSpec(
                "1. Usinage du corps",
                "Un tour à commande numérique usine le corps en acier d'une vanne, sous un "
                "jet de liquide de coupe.",
            ),
            DemoPhotoSpec(
                "2. Montage",
                "Une monteuse place la sphère et les sièges d'étanchéité dans le corps de la "
                "vanne, sur un établi.",
            ),
            DemoPhotoSpec(
                "3. Essai sous pression",
                "La vanne assemblée est fixée sur un banc d'essai hydraulique ; un manomètre "
                "affiche la pression d'épreuve.",
            ),
            DemoPhotoSpec(
                "4. Prête à partir",
                "Des vannes peintes en bleu, étiquetées et protégées, attendent sur une "
                "palette avant leur expédition.",
            ),
        ),
    ),
    DemoSpec(
        site="chantier-la-ciotat",
        title="Un yacht en cale de levage",
        description=(
            "Trois étapes d'un chantier de carénage : la sortie de l'eau, le travail sur la "
            "coque, la remise à l'eau."
        ),
        kind="photos",
        photos=(
            DemoPhotoSpec(
                "1. Sortie de l'eau",
                "Un grand yacht blanc est soulevé hors de l'eau par une plateforme de levage, "
                "devant les grues du chantier.",
            ),
            DemoPhotoSpec(
                "2. Travail sur la coque",
                "Des techniciens sur une nacelle poncent et repeignent la coque du yacht posé "
                "sur ses bers.",
            ),
            DemoPhotoSpec(
                "3. Remise à l'eau",
                "Le yacht repeint redescend dans l'eau du port, sous le regard de l'équipe du "
                "chantier.",
            ),
        ),
    ),
    DemoSpec(
        site="helicopteres-marignane",
        title="Assembler une poutre de queue",
        description="En une minute, les grandes étapes du montage d'une poutre de queue.",
        kind="video",
        transcript=(
            "Voici une poutre de queue d'hélicoptère en cours d'assemblage. Les panneaux sont "
            "d'abord positionnés sur un gabarit. Ensuite, nous perçons et posons des "
            "centaines de rivets. Pour finir, chaque fixation est contrôlée avant le "
            "montage sur l'appareil."
        ),
    ),
)
