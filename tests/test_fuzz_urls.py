"""A walk over every URL of the project, as each role, with malformed input: never a 5xx.

Each URL pattern of the project (Django's admin and auth pages included) is reversed with real
ids from a small world (a class in its hour of exploration, a pupil holding a seat, an exhibitor's
testimonial and demo, a professional's exchange…) and with malformed path values (ids past the
database's range, negative ones, long strings). Then each URL is asked with GET and POST carrying
malformed values in every field name the project's forms and views read (ids past the range, NUL
bytes and control characters, long strings, wrong types, a CSV bomb as uploaded file) and with
malformed JSON bodies (a nesting bomb, Infinity, 1e400, invalid UTF-8, wrong content types).

CSRF is checked as in production (the token sent back), so a multipart body is parsed before
the view runs, as it is behind the real middleware. A page a role may not open gets a smaller
set of inputs: it is refused before any input is read.

The test fails listing each URL and input that got a 5xx, with the exception raised.
"""

import contextlib
import datetime
import importlib
import pkgutil
import re
import time
from dataclasses import dataclass, field

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

import usine
from tests.desk.factories import DeskQuestionFactory
from tests.exhibits.factories import (
    DemoFactory,
    DemoPhotoFactory,
    ExhibitorFactory,
    JobProfileFactory,
    PresenceSlotFactory,
    TestimonialFactory,
)
from tests.fair.factories import BuildingFactory, SessionSlotFactory
from tests.forum.factories import SpeakerFactory, TalkFactory
from tests.games.factories import QuizFactory
from tests.media.factories import VideoFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import SchoolClassFactory
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory
from usine.live.services import room_for_booking
from usine.professionals.models import Assignment, ScheduleRun
from usine.schools.models import WaitingListEntry

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
PAST_BIGINT = str(2**63)
CSRF = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters: a valid CSRF secret

# Malformed values sent in every field; the key names the input in the failure list.
VALUES = {
    "huge-int": HUGE,
    "negative": "-1",
    "nul": "\x00",
    "nul-inside": "a\x00b",
    "controls": "\x01\x08\x1b[31m\x7f\ud7ff",
    "long": "é" * 5000,
    "wrong-type": "abc",
    "unicode": "\uff46\uff55\uff4c\uff4c\u202ewidth\ufeff\u2126",
}
# Path values for each converter (besides the real ones).
PATH_VALUES = {
    "int": ["0", HUGE, PAST_BIGINT],
    "slug": ["x" * 5000],
    "str": ["x" * 5000, "%00", "..%2F"],
    "path": ["x" * 5000, "a/" * 2000, "%00", "../../etc/passwd"],
}
# Names read from request.GET / request.POST by views (besides the forms' fields).
VIEW_NAMES = [
    "slot",
    "school_class",
    "next",
    "code",
    "pupil",
    "action",
    "token",
    "classe",
    "published",
    "q",
    "o",
    "p",
    "all",
    "_changelist_filters",
    "id__exact",
    "pk",
    "language",
    "bienvenue",
    "state",
    "text",
    # The games: a quiz's answers, the podium's filters.
    "q1",
    "q2",
    "q3",
    "jour",
    "niveau",
    "top",
    "refusal_reason",
    "title",
    "prize",
]
JSON_BODIES = {
    "json-bomb": ("application/json", b"[" * 100_000),
    "json-object-bomb": ("application/json", b'{"a":' * 50_000),
    "json-infinity": ("application/json", b'{"building": Infinity, "testimonial": NaN}'),
    "json-1e400": ("application/json", b'{"testimonial": 1e400}'),
    "json-huge-int": ("application/json", b'{"testimonial": ' + HUGE.encode() + b"}"),
    "json-long-int": ("application/json", b'{"testimonial": ' + b"9" * 5000 + b"}"),
    "json-nul": ("application/json", b'{"building": "\\u0000", "testimonial": "\\u0000"}'),
    "json-surrogate": ("application/json", b'{"building": "\\ud800"}'),
    "json-not-object": ("application/json", b'["building"]'),
    "json-wrong-types": ("application/json", b'{"building": {"a": 1}, "testimonial": [1]}'),
    "invalid-utf8": ("application/json", b'{"building": "\xff\xfe"}'),
    "text-plain": ("text/plain", b"\x00\xff{"),
}
CSV_BOMB = b'classe;niveau;effectif;metiers\n"' + b"a" * 140_000 + b'";3e;20;\n'

DESTRUCTIVE = re.compile(r"delete|remove|cancel|logout|supprimer|free_seat|end$")


def form_field_names() -> set[str]:
    """The fields of every form of the project and of the auth forms it uses."""
    from django.contrib.auth import forms as auth_forms

    for module in pkgutil.walk_packages(usine.__path__, "usine."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    names = set()
    seen = [forms.BaseForm]
    while seen:
        cls = seen.pop()
        seen.extend(cls.__subclasses__())
        module = getattr(cls, "__module__", "")
        if module.startswith("usine.") or cls.__module__ == auth_forms.__name__:
            names.update(getattr(cls, "base_fields", {}))
    return names


# --- the world ------------------------------------------------------------------------------------


@dataclass
class World:
    clients: dict = field(default_factory=dict)  # role → logged-in Client factory
    kwargs: dict = field(default_factory=dict)  # kwarg name → real value


def build_world() -> World:
    booking = booked_class(started_ago=datetime.timedelta(minutes=10), pupils=3)
    school_class = booking.school_class
    teacher = school_class.teacher
    pupil = school_class.pupils.first()
    room = room_for_booking(booking=booking)
    full = SessionSlotFactory(edition=school_class.edition, capacity=0)
    waiting = SchoolClassFactory(teacher=teacher, edition=school_class.edition)
    WaitingListEntry.objects.create(slot=full, school_class=waiting)

    exhibitor = ExhibitorFactory()
    company = exhibitor.company
    building = BuildingFactory(edition=school_class.edition, company=company)
    job = JobProfileFactory(company=company)
    video = VideoFactory()
    testimonial = TestimonialFactory(company=company, job=job, video=video, published=True)
    demo = DemoFactory(company=company)
    photo = DemoPhotoFactory(demo=demo)
    QuizFactory(company=company)

    professional = ProfessionalFactory(company=company, job=job, slots=[booking.slot])
    run = ScheduleRun.objects.create(
        edition=school_class.edition, women_target_share=0.5, status=ScheduleRun.Status.DONE
    )
    assignment = Assignment.objects.create(run=run, booking=booking, professional=professional)
    room.professional = professional.user
    room.save(update_fields=["professional"])

    organizer = UserFactory(is_staff=True, is_superuser=True)
    session_key = seated_session(pupil)
    edition = school_class.edition
    speaker = SpeakerFactory(edition=edition, user=professional.user)
    talk = TalkFactory(edition=edition, speakers=[speaker])
    presence = PresenceSlotFactory(building=building, host=exhibitor.user)
    question = DeskQuestionFactory(building=building, slot=presence, pupil=pupil)

    world = World()
    world.kwargs = {
        "pk": {
            "schools": school_class.pk,
            "exhibits:testimonial": testimonial.pk,
            "exhibits:job": job.pk,
            "exhibits:demo": demo.pk,
            "exhibits:presence": presence.pk,
            "desk": question.pk,
            "live": room.pk,
            "media": video.pk,
            "professionals:assignment": assignment.pk,
            # Before "professionals:organizer": the first prefix that matches gives the id.
            "professionals:organizer_replace": booking.pk,
            "professionals:organizer_resolve": booking.pk,
            "professionals:organizer_slot_message": booking.slot_id,
            "professionals:teacher_exchange_state": school_class.pk,
            "professionals:organizer": run.pk,
            "forum:organizer_talk": talk.pk,
            "forum:organizer_stage": talk.stage_id,
            "forum:organizer_backstage": talk.stage_id,
            "forum:organizer_speaker": speaker.pk,
            "forum:studio": talk.pk,
        },
        "pupil_pk": pupil.pk,
        "photo_pk": photo.pk,
        # The first prefix that matches gives the slug; "" matches every other route.
        "slug": {
            "forum:talk": talk.slug,
            "forum:": edition.slug,
            "": company.slug,
        },
        "day": talk.day.isoformat(),
        "code": "RIC",
        "object_id": str(school_class.pk),
        "app_label": "schools",
        "path": "videos/hls/x/master.m3u8",
    }
    users = {
        "teacher": teacher.user,
        "exhibitor": exhibitor.user,
        "professional": professional.user,
        "organizer": organizer,
    }

    def client_for(role):
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
        if role == "pupil":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        elif role in users:
            client.force_login(users[role])
        return client

    world.clients = client_for
    return world


# --- the URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    params: tuple  # ((kwarg, converter type), …)


def routes() -> list[Route]:
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(Route(name, tuple(route_params(pattern))))

    walk(get_resolver().url_patterns, "")
    return list(dict.fromkeys(found))


def route_params(pattern) -> list[tuple[str, str]]:
    converters = getattr(pattern.pattern, "converters", {})
    names = pattern.pattern.regex.groupindex
    kinds = {}
    for name in names:
        converter = converters.get(name)
        kind = type(converter).__name__.replace("Converter", "").lower() if converter else "path"
        kinds[name] = {"int": "int", "slug": "slug", "path": "path"}.get(kind, kind)
    return sorted(kinds.items())


def real_value(world, route, kwarg):
    value = world.kwargs.get(kwarg, "1")
    if isinstance(value, dict):
        for prefix, pk in value.items():
            if route.name.startswith(prefix):
                return pk
        return 1
    return value


def urls_of(world, route) -> list[tuple[str, str]]:
    """(url, label) pairs: the URL with real values, then with each malformed path value."""
    real = {kwarg: real_value(world, route, kwarg) for kwarg, _kind in route.params}
    made = []
    with contextlib.suppress(NoReverseMatch):
        made.append((reverse(route.name, kwargs=real), "real"))
    for kwarg, kind in route.params:
        for value in PATH_VALUES.get(kind, PATH_VALUES["str"]):
            try:
                url = reverse(route.name, kwargs={**real, kwarg: value})
            except NoReverseMatch:
                continue
            made.append((url, f"{kwarg}={value[:20]}…" if len(value) > 20 else f"{kwarg}={value}"))
    return made


# --- the inputs ---------------------------------------------------------------------------------


# Fewer inputs where fewer can go wrong: query strings (read by few views), the admin (Django's
# own code, checked by usine/inputs.py's admin classes) and PDFs (slow to draw, read no input).
GET_VALUES = ["huge-int", "nul-inside", "long", "controls"]
ADMIN_VALUES = ["huge-int", "nul"]
ADMIN_JSON = ["json-bomb", "text-plain"]


def form_inputs(names, *, short=False):
    """(label, method, data) for every malformed value in every field name."""
    for label, value in VALUES.items():
        data = dict.fromkeys(names, value)
        if label in (ADMIN_VALUES if short else GET_VALUES):
            yield f"GET {label}", "get", data
        if short and label not in ADMIN_VALUES:
            continue
        post = {**data, "csrfmiddlewaretoken": CSRF}
        yield f"POST {label}", "post", post
    # Several values for each name (multi-selects), one real-looking and one out of range.
    yield (
        "POST lists",
        "post",
        {**{name: ["1", HUGE] for name in names}, "csrfmiddlewaretoken": CSRF},
    )
    files = {
        name: SimpleUploadedFile("x.csv", CSV_BOMB, content_type="text/csv")
        for name in ("file", "video", "captions", "image")
    }
    yield "POST csv-bomb", "post", {**dict.fromkeys(names, "1"), **files, "action": "preview"}


@dataclass
class Walk:
    failures: list = field(default_factory=list)
    requests: int = 0

    def ask(self, client, method, url, label, **kwargs):
        self.requests += 1
        response = getattr(client, method)(url, HTTP_X_CSRFTOKEN=CSRF, **kwargs)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            reason = f"{exc[0].__name__}: {str(exc[1])[:120]}" if exc else ""
            self.failures.append(
                f"{response.status_code} {method.upper()} {url[:120]} [{label}] {reason}"
            )
        return response


def refused(response) -> bool:
    """The role may not use this page: refused before any input is read."""
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and settings.LOGIN_URL in response.get("Location", "")


ADMIN_FORMS = re.compile(r"^admin:.*_(add|change|changelist)$")


def admin_page(route) -> bool:
    """An admin page that reads no form: its door and path are walked, not every input."""
    return route.name.startswith("admin:") and not ADMIN_FORMS.match(route.name)


ROLES = ["anonymous", "pupil", "teacher", "exhibitor", "professional", "organizer"]


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_a_server_error_to_malformed_input(role):
    started = time.monotonic()
    world = build_world()
    names = sorted(form_field_names() | set(VIEW_NAMES))
    all_routes = sorted(routes(), key=lambda r: (bool(DESTRUCTIVE.search(r.name)), r.name))
    walk = Walk()
    client = world.clients(role)
    for route in all_routes:
        if route.name.startswith("admin:") and role != "organizer":
            # The admin lets only staff in: one GET and one POST each prove the door holds.
            for url, where in urls_of(world, route)[:1]:
                walk.ask(client, "get", url, f"{where} GET")
                walk.ask(client, "post", url, f"{where} POST", data={"q": "\x00"})
            continue
        for url_number, (url, where) in enumerate(urls_of(world, route)):
            get = walk.ask(client, "get", url, f"{where} GET")
            post = walk.ask(client, "post", url, f"{where} POST", data={})
            if url_number > 0 or (refused(get) and refused(post)) or admin_page(route):
                walk.ask(client, "get", url, f"{where} GET nul", data={"q": "\x00", "slot": HUGE})
                walk.ask(
                    client,
                    "post",
                    url,
                    f"{where} JSON bomb",
                    data=b"[" * 100_000,
                    content_type="application/json",
                )
                continue
            short = route.name.startswith("admin:") or get.get("Content-Type") == "application/pdf"
            for label, method, data in form_inputs(names, short=short):
                walk.ask(client, method, url, f"{where} {label}", data=data)
            for label, (content_type, body) in JSON_BODIES.items():
                if short and label not in ADMIN_JSON:
                    continue
                walk.ask(
                    client, "post", url, f"{where} {label}", data=body, content_type=content_type
                )
        if DESTRUCTIVE.search(route.name) and role != "anonymous":
            client = world.clients(role)  # logged out, perhaps: in again for the next pages
    elapsed = time.monotonic() - started
    print(f"{role}: {len(all_routes)} URL patterns, {walk.requests} requests, {elapsed:.1f} s")
    assert not walk.failures, f"{len(walk.failures)} server errors:\n" + "\n".join(walk.failures)
