"""Write the demo edition into the database, with its clips going through the media pipeline.

Clips are rendered first (no database work, a few seconds); then one transaction creates the
edition, the companies and their buildings, job profiles, training routes, testimonials, demos,
each building's quiz, the demo exhibitor account, the session slots (and the session in progress
at load time, on a fair day), the demo school's teacher, classes and bookings, the professionals
(people.py) and the videos, all of it read from the data files (content.py). Transcoding is
enqueued when that transaction commits and runs in the background worker; each testimonial goes
online once its video is ready (see `usine.exhibits.services.promote_ready_video`).
"""

import datetime
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.exhibits.models import (
    Company,
    Demo,
    DemoPhoto,
    Exhibitor,
    JobProfile,
    Testimonial,
    TrainingRoute,
)
from usine.fair.models import Building, Edition, SessionSlot
from usine.media import services as media
from usine.media.models import Video
from usine.schools.models import SchoolClass

from . import content, desks, figures, forum_audience, games, groups, people
from . import forum as demo_forum
from .clips import DEFAULT_COLOUR, SECTOR_COLOURS, ClipSpec, captions_vtt, render_clips
from .content import DemoSpec, Site
from .images import demo_image
from .quizzes import create_quizzes
from .slots import create_demo_slots, create_running_demo_slot
from .trades import catalogue_trade


class DemoError(Exception):
    """The demo cannot be loaded as things stand; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DemoLoad:
    edition: Edition
    buildings: int
    testimonials: int
    videos: int
    username: str
    teacher_username: str
    counsellor_username: str
    groups: list
    organizer_username: str
    classes: int
    bookings: int
    professionals: int
    running_slot: SessionSlot | None  # the session in progress at load time, if any
    running_class: SchoolClass | None  # the class booked into it
    running_professional: str | None  # the username of the professional who talks with it
    forum: demo_forum.DemoForum  # the Forum's programme (a talk on air on a fair day)
    clips_s: float  # time spent rendering clips
    database_s: float  # time spent in the transaction (content, images, storing the videos)


def existing_demo() -> Edition | None:
    """The demo edition already loaded, whatever year it was dated."""
    return Edition.objects.filter(slug__regex=content.EDITION_SLUG_PATTERN).first()


def load_demo(
    *,
    password: str,
    starts_on: datetime.date | None = None,
    now: datetime.datetime | None = None,
    with_videos: bool = True,
    limit_videos: int | None = None,
    workers: int = 2,
    on_clip: Callable[[int, int], None] | None = None,
) -> DemoLoad:
    """Create the demo edition; raise DemoError if it (or part of it) is already there, and
    content.DemoDataError if a data file is wrong.

    The fair runs from `starts_on` (a Monday) to the Friday, by default on the fair week of
    `now` (see `content.demo_week`). `now` is the load time: by default the current time when
    the rows are written, after the clips are rendered. When it is one of the fair's days, a
    session in progress then is added and the first demo class booked into it. `limit_videos`
    keeps only the first N clips (testimonials first, then video demos, then the Forum's
    replays).
    """
    if starts_on is None:
        starts_on, _friday = content.demo_week(timezone.localdate(now or timezone.now()))
    elif starts_on.weekday() != 0:
        raise ValueError(f"the demo fair starts on a Monday, not on {starts_on:%A %Y-%m-%d}")
    _check_can_load()
    specs = clip_specs()[:limit_videos] if with_videos else []
    # The Forum's past talks have replays made from clips too.
    replays = forum_audience.replay_specs(demo_forum.programme_talks()) if with_videos else []
    if limit_videos is not None:  # the limit counts every clip, the replays' last
        replays = replays[: max(0, limit_videos - len(specs))]
    with tempfile.TemporaryDirectory(prefix="usine-demo-") as folder:
        started = time.monotonic()
        clips = render_clips(
            specs + replays, directory=Path(folder), workers=workers, on_progress=on_clip
        )
        rendered = time.monotonic()
        files: list[FieldFile] = []  # written to storage: removed again if the load fails
        try:
            with transaction.atomic():
                _check_can_load()  # again, under the write lock
                edition = _create_edition(starts_on=starts_on)
                routes = _create_routes()
                owners: dict[str, Testimonial | Demo] = {}
                for site in content.sites():
                    owners.update(_create_site(edition=edition, site=site, routes=routes))
                for spec in content.demos():
                    owners.update(_create_demo(spec, files=files))
                create_quizzes(companies={c.slug: c for c in Company.objects.all()})
                _create_exhibitor(password=password)
                loaded_at = now or timezone.now()
                # Classes book these 1h30 sessions; on a fair day, one is in progress at load time.
                create_demo_slots(edition=edition)
                running_slot = create_running_demo_slot(edition=edition, now=loaded_at)
                # The school side and the professionals: cheap, loaded even without videos.
                cast = people.create_people(
                    edition=edition, password=password, now=loaded_at, running_slot=running_slot
                )
                # A counsellor's group of job seekers, booked like a class.
                group_list = groups.create_groups(edition=edition, password=password, now=loaded_at)
                # Planned before the fair: the class in session has its professional.
                running_professional = people.plan_exchanges(
                    edition=edition,
                    organizer_username=cast.organizer_username,
                    password=password,
                    running_class=cast.running_class,
                )
                # The class in session has been exploring: stamps, points, a kept profile.
                if cast.running_class is not None:
                    games.play_session(school_class=cast.running_class, now=loaded_at)
                # Anonymous figures to look at (usine/insights): a week of visits, answers.
                figures.create_week(edition=edition, now=loaded_at)
                figures.create_answers(edition=edition)
                forum = demo_forum.create_forum(
                    edition=edition, now=loaded_at, files=files, password=password
                )
                # Someone at a few buildings' desks (now, on a fair day) and their FAQ.
                desks.create_desks(edition=edition, now=loaded_at)
                # The Forum's audience: questions on the talk on air, captions on those over.
                forum_audience.add_audience(edition=edition, now=loaded_at, files=files)
                # The replays first, so the worker transcodes them before the testimonials: a
                # newcomer opening the Forum after `make run` finds them within a minute.
                forum_audience.add_replays(edition=edition, clips=clips, files=files)
                for spec in specs:
                    video = attach_video(
                        owners[spec.key],
                        clip=clips[spec.key],
                        captions=captions_vtt(spec.sentences, duration_s=spec.duration_s),
                    )
                    files += [video.source, video.captions]
        except BaseException:
            for file in files:
                file.storage.delete(file.name)
            raise
    return DemoLoad(
        edition=edition,
        buildings=len(content.sites()),
        testimonials=sum(len(site.voices) for site in content.sites()),
        videos=len(specs),
        username=content.edition().exhibitor.username,
        teacher_username=cast.teacher.user.username,
        counsellor_username=groups.usernames()[0],
        groups=group_list,
        organizer_username=cast.organizer_username,
        classes=cast.classes,
        bookings=cast.bookings,
        professionals=cast.professionals,
        running_slot=running_slot,
        running_class=cast.running_class,
        running_professional=running_professional,
        forum=forum,
        clips_s=rendered - started,
        database_s=time.monotonic() - rendered,
    )


def attach_video(owner: Testimonial | Demo, *, clip: Path, captions: str) -> Video:
    """Hand a clip to the media pipeline as an upload would be, and make it the owner's
    pending video; transcoding starts when the surrounding transaction commits."""
    with clip.open("rb") as handle:
        video = media.store_video(
            upload=File(handle, name=clip.name),
            captions=ContentFile(captions.encode(), name="captions.vtt"),
        )
    owner.pending_video = video
    fields = ["pending_video"]
    if isinstance(owner, Testimonial):
        # Online as soon as its video is transcoded: promote_ready_video keeps a testimonial
        # published only when its video is ready and captioned.
        owner.published = True
        fields.append("published")
    owner.save(update_fields=fields)
    media.start_transcoding(video=video)
    return video


def clip_specs() -> list[ClipSpec]:
    """Every clip of the demo, in load order: testimonials by site, then video demos."""
    specs = []
    by_slug = {site.slug: site for site in content.sites()}
    for site in content.sites():
        for index, voice in enumerate(site.voices, start=1):
            specs.append(
                ClipSpec(
                    key=_testimonial_key(site, index),
                    title=voice.first_name,
                    subtitle=voice.job_label,
                    footer=f"{site.company} · {site.city}",
                    sentences=tuple(voice.sentences),
                    colour=SECTOR_COLOURS.get(site.sector, DEFAULT_COLOUR),
                )
            )
    for demo in content.demos():
        if demo.kind == Demo.Kind.VIDEO:
            site = by_slug[demo.site]
            specs.append(
                ClipSpec(
                    key=_demo_key(demo),
                    title=demo.title,
                    subtitle=site.company,
                    footer=site.city,
                    sentences=tuple(content.split_sentences(demo.transcript)),
                    colour=SECTOR_COLOURS.get(site.sector, DEFAULT_COLOUR),
                )
            )
    return specs


# --- Steps --------------------------------------------------------------------------------------


def _check_can_load() -> None:
    existing = existing_demo()
    if existing is not None:
        raise DemoError(
            _("L'édition de démonstration « %(name)s » existe déjà : rien n'a été chargé.")
            % {"name": existing.name}
        )
    taken = sorted(
        Company.objects.filter(slug__in=[site.slug for site in content.sites()]).values_list(
            "slug", flat=True
        )
    )
    if taken:
        raise DemoError(
            _(
                "Des entreprises de la démo existent déjà (%(slugs)s) : supprimez-les avant de "
                "recharger la démo."
            )
            % {"slugs": ", ".join(taken)}
        )
    accounts = [
        content.edition().exhibitor.username,
        *people.usernames(),
        *groups.usernames(),
        *demo_forum.usernames(),
    ]
    existing = get_user_model().objects.filter(username__in=accounts)
    taken = sorted(existing.values_list("username", flat=True), key=accounts.index)
    if taken:
        raise DemoError(
            _("Le compte « %(username)s » existe déjà : supprimez-le avant de recharger la démo.")
            % {"username": ", ".join(taken)}
        )


def _create_edition(*, starts_on: datetime.date) -> Edition:
    # The town shows the one open edition; another one may already be open.
    already_open = Edition.objects.filter(state=Edition.State.OPEN).exists()
    edition = Edition(
        name=content.edition_name(starts_on),
        slug=content.edition_slug(starts_on),
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=content.EDITION_DAYS - 1),
        state=Edition.State.DRAFT if already_open else Edition.State.OPEN,
        review_publications=content.edition().review_publications,
    )
    edition.full_clean()
    edition.save()
    return edition


def _create_routes() -> dict[str, TrainingRoute]:
    """Training routes are shared by every edition: reuse the ones that already exist."""
    routes = {}
    for key, route in content.routes().items():
        routes[key], _created = TrainingRoute.objects.get_or_create(
            name=route.name,
            defaults={
                "kind": route.kind,
                "duration_years": Decimal(route.duration_years),
                "after": route.after,
                "after_en": route.after_en,
            },
        )
    return routes


def _create_site(
    *, edition: Edition, site: Site, routes: dict[str, TrainingRoute]
) -> dict[str, Testimonial]:
    company = Company(
        name=site.company,
        slug=site.slug,
        sector=site.sector,
        city=site.city,
        description=site.description,
    )
    company.full_clean()
    company.save()
    building = Building(
        edition=edition,
        slug=site.slug,
        name=site.name,
        company=company,
        look=site.look,
        description=site.building_description,
        x=site.x,
        z=site.z,
        orientation=site.orientation,
        zone=site.zone,
    )
    building.full_clean()
    building.save()
    jobs = {}
    for key in site.jobs:
        spec = content.jobs()[key]
        job = JobProfile(
            company=company,
            trade=catalogue_trade(spec.trade),
            title=spec.title,
            description=spec.description,
            skills="\n".join(spec.skills),
            working_conditions=spec.working_conditions,
            salary_min=spec.salary_min,
            salary_max=spec.salary_max,
            in_shortage=spec.in_shortage,
        )
        job.full_clean()
        job.save()
        job.training_routes.set([routes[route] for route in spec.routes])
        jobs[key] = job
    testimonials = {}
    for index, voice in enumerate(site.voices, start=1):
        testimonial = Testimonial(
            company=company,
            first_name=voice.first_name,
            role=voice.role,
            gender=voice.gender,
            job=jobs[voice.job],
            job_label=voice.job_label,
            transcript=voice.transcript,
            published=False,  # a testimonial is shown with its video (see attach_video)
        )
        testimonial.full_clean()
        testimonial.save()
        testimonials[_testimonial_key(site, index)] = testimonial
    return testimonials


def _create_demo(spec: DemoSpec, *, files: list[FieldFile]) -> dict[str, Demo]:
    company = Company.objects.get(slug=spec.site)
    demo = Demo.objects.create(
        company=company, title=spec.title, description=spec.description, kind=spec.kind
    )
    colour = SECTOR_COLOURS.get(company.sector, DEFAULT_COLOUR)
    for position, photo in enumerate(spec.photos, start=1):
        seed = zlib.crc32(f"{spec.site}-{position}".encode())
        image = demo_image(caption=photo.caption, colour=colour, seed=seed)
        row = DemoPhoto.objects.create(
            demo=demo,
            image=ContentFile(image, name=f"{spec.site}-{position}.jpg"),
            alt_text=photo.alt_text,
            position=position,
        )
        files.append(row.image)
    return {_demo_key(spec): demo} if spec.kind == Demo.Kind.VIDEO else {}


def _create_exhibitor(*, password: str) -> None:
    account = content.edition().exhibitor
    user = get_user_model().objects.create_user(username=account.username, password=password)
    Exhibitor.objects.create(user=user, company=Company.objects.get(slug=account.site))


def _testimonial_key(site: Site, index: int) -> str:
    return f"{site.slug}-{index}"


def _demo_key(spec: DemoSpec) -> str:
    return f"demo-{spec.site}"
