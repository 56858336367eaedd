"""The people of a live Forum talk, for the audience tests."""

from tests.forum.factories import TalkFactory
from tests.schools.factories import PupilFactory
from tests.users.factories import UserFactory
from usine.forum.audience import ADULT, ORGANIZER, PUPIL, READER_ATTENDEE, Attendee
from usine.forum.models import Talk


class LiveTalk:
    def __init__(self):
        self.talk = TalkFactory(state=Talk.State.LIVE)
        self.organizer_user = UserFactory(is_staff=True, first_name="Inès", last_name="Roux")
        self.adult_user = UserFactory(first_name="Marc", last_name="Petit")
        self.pupil_row = PupilFactory(pseudonym="Loutre bleue", school_class__name="3e B")
        self.organizer = Attendee(ORGANIZER, user_id=self.organizer_user.pk, name="Inès R.")
        self.adult = Attendee(ADULT, user_id=self.adult_user.pk, name="Marc P.")
        self.pupil = Attendee(
            PUPIL,
            pupil_id=self.pupil_row.pk,
            name="Loutre bleue",
            school_class="3e B, Lycée Henri-IV",
        )
        self.reader = READER_ATTENDEE
