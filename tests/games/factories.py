import factory

from tests.exhibits.factories import CompanyFactory
from usine.games.models import Quiz


def quiz_content(questions: int = 3, *, english: bool = True) -> dict:
    """A valid quiz: question n's right answer is choice n % 3."""
    content = []
    for n in range(questions):
        question = {
            "text": f"Question {n + 1} ?",
            "choices": [f"Réponse {n + 1}.{m}" for m in range(3)],
            "answer": n % 3,
            "explanation": f"Parce que {n + 1}.",
        }
        if english:
            question |= {
                "text_en": f"Question {n + 1}?",
                "choices_en": [f"Answer {n + 1}.{m}" for m in range(3)],
                "explanation_en": f"Because {n + 1}.",
            }
        content.append(question)
    return {"questions": content}


def right_answers(content: dict) -> dict:
    return {f"q{n}": str(q["answer"]) for n, q in enumerate(content["questions"], start=1)}


class QuizFactory(factory.django.DjangoModelFactory):
    """A published quiz."""

    class Meta:
        model = Quiz

    company = factory.SubFactory(CompanyFactory)
    draft = factory.LazyFunction(quiz_content)
    published = factory.SelfAttribute("draft")
    state = Quiz.State.PUBLISHED
