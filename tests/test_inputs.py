"""usine/inputs.py — ids, JSON bodies and text parsed in one place — and each input that once
answered a 500: every one now gets a clear 4xx or a form error, and nothing is half-written."""

import datetime
import importlib
import json
import math
import pkgutil

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from hypothesis import example, given, settings
from hypothesis import strategies as st

import usine
from tests.exhibits.factories import (
    CompanyFactory,
    ExhibitorFactory,
    JobProfileFactory,
    TestimonialFactory,
)
from tests.fair.factories import BuildingFactory, SessionSlotFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import SchoolClassFactory, TeacherFactory
from tests.schools.helpers import booked_class, seated_session
from usine import inputs
from usine.exhibits.models import JobProfile
from usine.schools.models import SchoolClass, WaitingListEntry

HUGE = "99999999999999999999"


# --- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (7, 7),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        (-1, None),
        ("1.0", None),
        (1.0, None),
        (True, None),
        ("1e3", None),
        ("\x00", None),
        ("١٢", None),  # Arabic-Indic digits: isdigit() says yes, the database says no
        ("", None),
        (None, None),
        (["1"], None),
    ],
)
def test_parse_id_takes_positive_ids_in_the_database_range(value, expected):
    assert inputs.parse_id(value) == expected


@given(st.one_of(st.integers(), st.text(max_size=30), st.floats(), st.none(), st.booleans()))
@settings(max_examples=300, deadline=None)
def test_parse_id_never_raises_and_returns_only_ids_in_range(value):
    number = inputs.parse_id(value)
    assert number is None or 1 <= number <= inputs.ID_MAX


def test_the_id_path_converter_refuses_what_is_not_an_id():
    converter = inputs.IdConverter()
    assert converter.to_python("12") == 12
    for value in ("0", HUGE, str(2**63)):
        with pytest.raises(ValueError, match="id"):
            converter.to_python(value)


# --- text -----------------------------------------------------------------------------------------


def test_clean_text_removes_controls_but_newlines_and_tabs():
    assert inputs.clean_text("a\x00b\x01c\x1b[31md\x7f\x85e") == "abc[31mde"
    assert (
        inputs.clean_text("ligne 1\r\nligne 2\rligne 3\n\tfin")
        == "ligne 1\nligne 2\nligne 3\n\tfin"
    )
    assert inputs.clean_text("\ud800x") == "x"


def test_clean_text_is_nfkc():
    assert inputs.clean_text("\uff46\uff55\uff4c\uff4c") == "full"
    assert inputs.clean_text("e\u0301te\u0301") == "été"
    assert inputs.clean_text("\ufb01n") == "fin"


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_clean_text_leaves_nothing_a_database_refuses(text):
    cleaned = inputs.clean_text(text)
    assert "\x00" not in cleaned
    assert all(char in "\n\t" or not (ord(char) < 32 or 127 <= ord(char) < 160) for char in cleaned)
    cleaned.encode("utf-8")  # no lone surrogate
    assert inputs.clean_text(cleaned) == cleaned


def test_forms_clean_text_before_validating_it():
    class Sample(inputs.Form):
        name = forms.CharField(max_length=5)
        password = forms.CharField(widget=forms.PasswordInput)

    form = Sample({"name": "a\x00b\x01c", "password": "\uff46\x01"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "abc"
    assert form.cleaned_data["password"] == "\uff46\x01"  # passwords stay as typed

    bare_nul = Sample({"name": "\x00", "password": "x"})
    assert not bare_nul.is_valid()
    assert "name" in bare_nul.errors  # required: nothing is left of it


DJANGO_AUTH_FORMS = (
    auth_forms.AuthenticationForm,
    auth_forms.PasswordResetForm,
    auth_forms.SetPasswordForm,
)


def project_form_classes():
    for module in pkgutil.walk_packages(usine.__path__, "usine."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("usine.") and cls.__module__ != "usine.inputs":
            found.append(cls)
    return found


def test_every_form_of_the_fair_cleans_its_input():
    classes = project_form_classes()
    assert len(classes) >= 10
    for cls in classes:
        if issubclass(cls, DJANGO_AUTH_FORMS):
            # Django's sign-in and password forms: a name (NUL refused by its CharField) and
            # passwords, kept exactly as typed.
            continue
        assert issubclass(cls, inputs.CleanInputMixin), cls
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                # Django's own classes are swapped at __init__; subclasses must be ours.
                assert type(field) in (forms.ModelChoiceField, forms.ModelMultipleChoiceField) or (
                    isinstance(field, inputs.IdModelChoiceField | inputs.IdModelMultipleChoiceField)
                ), (cls, name)


@pytest.mark.django_db
def test_model_choice_fields_refuse_ids_out_of_range_as_form_errors():
    job = JobProfileFactory()

    class Sample(inputs.Form):
        one = forms.ModelChoiceField(queryset=JobProfile.objects.all(), required=False)
        many = forms.ModelMultipleChoiceField(queryset=JobProfile.objects.all(), required=False)

    for value in (HUGE, "-1", "\x00", "abc"):
        form = Sample({"one": value, "many": [str(job.pk), value]})
        assert not form.is_valid()
        assert set(form.errors) == {"one", "many"}
        form.as_p()  # drawn again without asking the database about the value
    good = Sample({"one": str(job.pk), "many": [str(job.pk)]})
    assert good.is_valid(), good.errors


# --- JSON bodies ----------------------------------------------------------------------------------


def post_json(body: bytes, content_type="application/json"):
    return RequestFactory().post("/", data=body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[" * 100_000, "application/json", 413),
        (b"[" * 1000 + b"]" * 1000, "application/json", 400),
        (b'{"a": Infinity}', "application/json", 400),
        (b'{"a": NaN}', "application/json", 400),
        (b'{"a": 1e400}', "application/json", 400),
        (b'{"a": ' + b"9" * 5000 + b"}", "application/json", 400),
        (b'{"a": "\xff"}', "application/json", 400),
        (b"{", "application/json", 400),
        (b'{"a": 1}', "text/plain", 415),
        (b'{"a": 1}', "application/x-www-form-urlencoded", 415),
    ],
)
def test_json_body_refuses_what_it_cannot_read(body, content_type, status):
    with pytest.raises(inputs.BadInput) as refused:
        inputs.json_body(post_json(body, content_type))
    assert refused.value.status == status
    assert str(refused.value.message)


def test_json_body_cleans_every_string_and_keeps_the_rest():
    body = json.dumps({"a\u0000": ["x\u0000y", {"b": "\ud800c"}], "n": 1.5, "i": 3, "z": None})
    assert inputs.json_body(post_json(body.encode())) == {
        "a": ["xy", {"b": "c"}],
        "n": 1.5,
        "i": 3,
        "z": None,
    }


def test_json_object_wants_an_object():
    assert inputs.json_object(post_json(b"")) == {}
    with pytest.raises(inputs.BadInput):
        inputs.json_object(post_json(b"[1]"))


def test_json_error_is_an_error_object():
    response = inputs.json_error("Non.", status=422)
    assert response.status_code == 422
    assert json.loads(response.content) == {"error": "Non."}


def has_non_finite_number(data) -> bool:
    if isinstance(data, float):
        return not math.isfinite(data)
    if isinstance(data, list):
        return any(has_non_finite_number(item) for item in data)
    return False


@given(st.recursive(st.none() | st.booleans() | st.floats() | st.text(), st.lists, max_leaves=20))
@example("Infinity")  # a string that spells a number JSON has not
@example([float("nan")])
@settings(max_examples=100, deadline=None)
def test_json_body_reads_what_json_writes_or_refuses_it_cleanly(data):
    body = json.dumps(data).encode()
    if has_non_finite_number(data):
        with pytest.raises(inputs.BadInput):  # json.dumps writes them; JSON has no such numbers
            inputs.json_body(post_json(body))
    else:
        assert inputs.json_body(post_json(body)) == inputs.clean_strings(data)


# --- where to go back -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/enseignants/creneaux/?jour=2", "/enseignants/creneaux/?jour=2"),
        ("abc", "/default/"),
        ("schools:slots", "/default/"),
        ("//evil.example/", "/default/"),
        ("https://evil.example/", "/default/"),
        ("/\x00", "/default/"),
        ("", "/default/"),
    ],
)
def test_local_next_is_a_path_of_this_site_or_the_default(value, expected):
    request = RequestFactory().post("/", {"next": value})
    assert inputs.local_next(request, default="/default/") == expected


# --- each input that answered a 500 ---------------------------------------------------------------


def csrf_client(user=None) -> Client:
    """A client that sends the CSRF token, so that the middleware reads multipart bodies as it
    does in production."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "t" * 32
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, data=None, **kwargs):
    return client.post(url, data, HTTP_X_CSRFTOKEN="t" * 32, **kwargs)


@pytest.mark.django_db
def test_a_class_with_a_job_id_out_of_range_is_a_form_error_not_a_500():
    teacher = TeacherFactory()
    SessionSlotFactory()  # the open edition
    client = csrf_client(teacher.user)
    data = {"name": "3e Z", "level": "3e", "pupil_count": "20", "wanted_trades": [HUGE]}
    response = post(client, "/enseignants/classes/nouvelle/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["wanted_trades"]
    assert not SchoolClass.objects.filter(name="3e Z").exists()


@pytest.mark.django_db
def test_a_job_profile_with_a_training_route_out_of_range_is_a_form_error():
    exhibitor = ExhibitorFactory()
    client = csrf_client(exhibitor.user)
    data = {
        "title": "Soudeur",
        "description": "x",
        "skills": "y",
        "working_conditions": "z",
        "salary_min": "1",
        "salary_max": "2",
        "training_routes": [HUGE],
    }
    response = post(client, "/exposant/metiers/nouveau/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["training_routes"]
    assert not JobProfile.objects.exists()


@pytest.mark.django_db
def test_a_job_description_has_a_length_limit():
    exhibitor = ExhibitorFactory()
    client = csrf_client(exhibitor.user)
    data = {
        "title": "Soudeur",
        "description": "x" * 4_000_000,
        "skills": "y",
        "working_conditions": "z",
        "salary_min": "1",
        "salary_max": "2",
    }
    response = post(client, "/exposant/metiers/nouveau/", data)
    assert response.status_code in (200, 400)
    assert not JobProfile.objects.exists()
    for field in ("description", "skills", "working_conditions"):
        assert JobProfile._meta.get_field(field).max_length
    from usine.exhibits.models import Demo, Testimonial

    assert Testimonial._meta.get_field("transcript").max_length
    assert Demo._meta.get_field("description").max_length


@pytest.mark.django_db
def test_a_professional_slot_out_of_range_is_a_form_error():
    professional = ProfessionalFactory()
    client = csrf_client(professional.user)
    data = {"first_name": "Alex", "job": str(professional.job_id), "max_per_day": "2"}
    response = post(client, "/professionnels/profil/", {**data, "slots": [HUGE]})
    assert response.status_code == 200
    assert response.context["form"].errors["slots"]


@pytest.mark.django_db
@pytest.mark.parametrize("slot", [HUGE, "-1", "abc"])
def test_leaving_a_waiting_list_with_a_slot_out_of_range_says_so(slot):
    school_class = SchoolClassFactory()
    client = csrf_client(school_class.teacher.user)
    response = post(
        client,
        "/enseignants/creneaux/attente/quitter/",
        {"school_class": str(school_class.pk), "slot": slot},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_leaving_a_waiting_list_with_a_next_that_is_not_a_path_goes_to_the_calendar():
    school_class = SchoolClassFactory()
    slot = SessionSlotFactory(edition=school_class.edition, capacity=0)
    WaitingListEntry.objects.create(slot=slot, school_class=school_class)
    client = csrf_client(school_class.teacher.user)
    data = {"school_class": str(school_class.pk), "slot": str(slot.pk)}
    for back in ("abc", "schools:classes", "//evil.example/"):
        response = post(client, "/enseignants/creneaux/attente/quitter/", {**data, "next": back})
        assert response.status_code == 302
        assert response["Location"] == "/enseignants/creneaux/"
    WaitingListEntry.objects.create(slot=slot, school_class=school_class)
    response = post(
        client, "/enseignants/creneaux/attente/quitter/", {**data, "next": "/enseignants/"}
    )
    assert response["Location"] == "/enseignants/"


@pytest.mark.django_db
@pytest.mark.parametrize("pk", [HUGE, str(2**63), "0"])
def test_a_video_progress_with_an_id_out_of_range_is_a_404(pk):
    user = get_user_model().objects.create_user("orga", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(f"/api/videos/{pk}/progress").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[" * 100_000, "application/json", 413),
        (b"[" * 200 + b"]" * 200, "application/json", 400),
        (b'{"testimonial": Infinity}', "application/json", 400),
        (b'{"testimonial": 1e400}', "application/json", 400),
        (b'{"testimonial": 99999999999999999999}', "application/json", 404),
        (b'{"building": "\\u0000"}', "application/json", 200),
        (b"building=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_the_passport_endpoints_answer_json_errors(body, content_type, status):
    booking = booked_class(started_ago=datetime.timedelta(minutes=10), pupils=1)
    BuildingFactory(edition=booking.school_class.edition, company=CompanyFactory())
    client = csrf_client()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.get())
    url = "/classe/passeport/temoignage/" if b"testimonial" in body else "/classe/passeport/visite/"
    response = post(client, url, body, content_type=content_type)
    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"error"}


@pytest.mark.django_db
def test_a_multipart_body_on_a_passport_endpoint_is_refused_not_a_500():
    booking = booked_class(started_ago=datetime.timedelta(minutes=10), pupils=1)
    TestimonialFactory(published=True)
    client = csrf_client()
    client.cookies["sessionid"] = seated_session(booking.school_class.pupils.get())
    response = post(client, "/classe/passeport/temoignage/", {"testimonial": "1"})
    assert response.status_code == 415
    assert response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["x" * 5000, "a/" * 3000 + "b", "%00", "a%00b"])
def test_media_paths_the_file_system_refuses_are_404(path):
    assert Client().get(f"/media/{path}").status_code == 404


@pytest.mark.django_db
def test_a_csv_cell_past_the_csv_module_limit_is_a_clear_error():
    teacher = TeacherFactory()
    SessionSlotFactory()
    client = csrf_client(teacher.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bomb = b'classe;niveau;effectif;metiers\n"' + b"a" * 140_000 + b'";3e;20;\n'
    upload = SimpleUploadedFile("classes.csv", bomb, content_type="text/csv")
    response = post(client, "/enseignants/classes/importer/", {"file": upload})
    assert response.status_code == 400
    assert "trop longue" in response.content.decode()


@pytest.mark.django_db
def test_nul_and_controls_never_reach_the_database_from_a_form():
    teacher = TeacherFactory()
    SessionSlotFactory()
    client = csrf_client(teacher.user)
    data = {"name": "3e\x00 B\x1b", "level": "3e", "pupil_count": "20"}
    response = post(client, "/enseignants/classes/nouvelle/", data)
    assert response.status_code == 302
    assert SchoolClass.objects.get(teacher=teacher).name == "3e B"
    response = post(client, "/enseignants/classes/nouvelle/", {**data, "name": "\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


# --- how a field is laid out ----------------------------------------------------------------------


class LayoutForm(inputs.Form):
    name = forms.CharField(label="Nom", help_text="Tel qu'il est écrit.")
    agree = forms.BooleanField(label="J'accepte")


def test_a_field_sits_in_its_own_block_with_its_label_before_it():
    html = LayoutForm()["name"].as_field_group()

    assert html.startswith('<div class="field">')
    assert html.index('<label for="id_name">') < html.index('<div class="helptext"')
    assert html.index('<div class="helptext"') < html.index('<input type="text" name="name"')


def test_a_checkbox_comes_before_its_label_and_a_refused_field_is_marked():
    form = LayoutForm(data={"name": "Claire"})
    html = form["agree"].as_field_group()

    assert html.startswith('<div class="field field--check field--invalid">')
    assert html.index('<input type="checkbox" name="agree"') < html.index(
        '<label for="id_agree">J&#x27;accepte</label>'
    )
    assert '<ul class="errorlist"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/forum/talk/add/", "/admin/fair/sessionslot/add/"])
def test_an_admin_add_page_ignores_a_date_typed_in_its_address(client, url):
    from tests.users.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url + "?starts_at=99999999999999999999&ends_at=%00").status_code == 200
