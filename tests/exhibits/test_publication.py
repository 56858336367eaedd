import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from usine.exhibits import publication
from usine.exhibits.models import CompanyDraft
from usine.exhibits.publication import CompanyChange
from usine.exhibits.services import ExhibitError
from usine.fair.models import Building, Edition
from usine.town.services import town_json

pytestmark = pytest.mark.django_db


def image_upload(width=1200, height=600, fmt="JPEG", name="logo.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def change(**overrides) -> CompanyChange:
    values = {
        "name": "Vannes du Nord",
        "description": "Nous fabriquons des vannes.",
        "building_description": "Un atelier de 2 000 m².",
        "look": Building.Look.PLANT,
    }
    return CompanyChange(**{**values, **overrides})


def test_without_review_a_change_is_public_at_once_and_the_town_is_rebuilt():
    building = BuildingFactory(company__name="Vannes du Sud")
    assert b"Vannes du Sud" in town_json()[0]
    waiting = publication.edit_company(company=building.company, change=change())
    assert waiting is None
    building.refresh_from_db()
    building.company.refresh_from_db()
    assert (building.company.name, building.company.description) == (
        "Vannes du Nord",
        "Nous fabriquons des vannes.",
    )
    assert (building.description, building.look) == ("Un atelier de 2 000 m².", "plant")
    body = town_json()[0]
    assert b"Vannes du Nord" in body
    assert b'"look": "plant"' in body


def test_the_logo_is_resized_to_512_pixels_and_stored_as_png():
    building = BuildingFactory()
    publication.edit_company(company=building.company, change=change(logo=image_upload()))
    building.company.refresh_from_db()
    with building.company.logo.open("rb") as file, Image.open(file) as logo:
        assert (logo.format, logo.size) == ("PNG", (512, 256))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_with_a_message(upload):
    company = BuildingFactory().company
    with pytest.raises(ExhibitError) as error:
        publication.edit_company(company=company, change=change(logo=upload))
    assert (error.value.field, error.value.message) == (
        "logo",
        "Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP.",
    )
    company.refresh_from_db()
    assert company.name != "Vannes du Nord"


def test_a_logo_of_too_many_pixels_is_refused_before_it_is_decoded():
    company = BuildingFactory().company
    with pytest.raises(ExhibitError) as error:
        publication.edit_company(
            company=company, change=change(logo=image_upload(8000, 6000, "PNG", "big.png"))
        )
    assert error.value.message == "Ce logo est trop grand (en pixels)."


def test_an_unknown_look_is_refused():
    company = BuildingFactory().company
    with pytest.raises(ExhibitError) as error:
        publication.edit_company(company=company, change=change(look="castle"))
    assert (error.value.field, error.value.message) == (
        "look",
        "Choisissez une apparence de la liste.",
    )


def test_with_review_the_change_waits_and_the_public_keeps_the_approved_version():
    building = BuildingFactory(
        company__name="Vannes du Sud", edition__review_publications=True, look="workshop"
    )
    company = building.company
    draft = publication.edit_company(company=company, change=change(logo=image_upload()))
    company.refresh_from_db()
    building.refresh_from_db()
    assert (company.name, company.logo.name, building.look) == ("Vannes du Sud", "", "workshop")
    assert (draft.name, draft.state, draft.building_id) == (
        "Vannes du Nord",
        CompanyDraft.State.PENDING,
        building.pk,
    )
    assert b"Vannes du Sud" in town_json()[0]

    publication.approve(draft=draft)
    company.refresh_from_db()
    building.refresh_from_db()
    assert (company.name, building.look, building.description) == (
        "Vannes du Nord",
        "plant",
        "Un atelier de 2 000 m².",
    )
    assert re.fullmatch(r"logos/logo-[\w-]{16}\.png", company.logo.name)
    assert CompanyDraft.objects.count() == 0
    assert b"Vannes du Nord" in town_json()[0]


def test_a_second_change_replaces_the_waiting_one_and_a_refusal_keeps_its_reason():
    company = BuildingFactory(edition__review_publications=True).company
    first = publication.edit_company(company=company, change=change())
    second = publication.edit_company(company=company, change=change(name="Vannes de l'Ouest"))
    assert (first.pk, CompanyDraft.objects.get().name) == (second.pk, "Vannes de l'Ouest")
    publication.refuse(draft=second, reason="  Le logo est flou.  ")
    draft = CompanyDraft.objects.get()
    assert (draft.state, draft.refusal_reason) == ("refused", "Le logo est flou.")
    with pytest.raises(ExhibitError) as error:
        publication.refuse(draft=draft, reason="encore")
    assert error.value.message == "Cette modification a déjà été traitée."
    # Editing again puts it back in the organizers' list.
    publication.edit_company(company=company, change=change())
    assert list(publication.pending_drafts().values_list("state", "refusal_reason")) == [
        ("pending", "")
    ]


def test_a_refusal_needs_a_reason():
    company = BuildingFactory(edition__review_publications=True).company
    draft = publication.edit_company(company=company, change=change())
    with pytest.raises(ExhibitError) as error:
        publication.refuse(draft=draft, reason="   ")
    assert error.value.message == "Dites à l'exposant ce qu'il doit changer."


def test_the_building_edited_is_the_open_editions_else_the_coming_one():
    company = CompanyFactory()
    assert publication.current_building(company=company) is None
    BuildingFactory(company=company, edition__state=Edition.State.ARCHIVED)
    assert publication.current_building(company=company) is None
    coming = BuildingFactory(company=company, edition__state=Edition.State.DRAFT)
    assert publication.current_building(company=company) == coming
    current = BuildingFactory(company=company, edition__state=Edition.State.OPEN)
    assert publication.current_building(company=company) == current


def test_the_review_setting_is_read_from_the_open_edition_first():
    assert publication.edition_under_review() is None
    EditionFactory(state=Edition.State.DRAFT)
    opened = EditionFactory(state=Edition.State.OPEN)
    assert publication.edition_under_review() == opened
    publication.set_review(edition=opened, required=True)
    opened.refresh_from_db()
    assert opened.review_publications is True
