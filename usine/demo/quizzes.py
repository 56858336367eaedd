"""The demo's building quizzes (data/quizzes.toml), published as an organizer would have."""

import tomllib
from pathlib import Path

from django.utils import timezone

from usine.exhibits.models import Company
from usine.games.errors import InvalidQuiz
from usine.games.models import Quiz
from usine.games.quiz import clean_content

from .content import DemoDataError

DATA = Path(__file__).resolve().parent / "data" / "quizzes.toml"


def quiz_tables() -> list[dict]:
    try:
        with DATA.open("rb") as handle:
            return tomllib.load(handle)["quizzes"]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise DemoDataError(f"quizzes.toml: {exc}") from exc


def create_quizzes(*, companies: dict[str, Company]) -> int:
    """One published quiz per site (`companies` by site slug); returns how many."""
    now = timezone.now()
    quizzes = []
    for table in quiz_tables():
        site = table.get("site", "")
        if site not in companies:
            raise DemoDataError(f"quizzes.toml: {site!r} is not a site of sites_*.toml")
        try:
            content = clean_content({"questions": table.get("questions", [])})
        except InvalidQuiz as exc:
            raise DemoDataError(f"quizzes.toml, {site}: {exc.field or ''} {exc.message}") from exc
        quizzes.append(
            Quiz(
                company=companies[site],
                draft=content,
                published=content,
                state=Quiz.State.PUBLISHED,
                submitted_at=now,
                published_at=now,
            )
        )
    Quiz.objects.bulk_create(quizzes)
    return len(quizzes)
