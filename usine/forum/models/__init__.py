"""The Forum's models, one module per part so that each part grows on its own:

- `programme` — stages, talks and their speakers (what the programme pages show);
- `stream` — a stage's live feed and a talk's replay;
- `questions` — audience questions and captions.

Everything is re-exported here: import from `usine.forum.models`.
"""

from .programme import Speaker, Stage, Talk, TalkSpeaker
from .questions import (
    CAPTION_MAX_LENGTH,
    AudienceAllowance,
    AudienceMute,
    AudienceQuestion,
    AudienceUpvote,
    CaptionCue,
    TalkCaptions,
)
from .stream import StageFeed, TalkStream

__all__ = [
    "CAPTION_MAX_LENGTH",
    "AudienceAllowance",
    "AudienceMute",
    "AudienceQuestion",
    "AudienceUpvote",
    "CaptionCue",
    "Speaker",
    "Stage",
    "StageFeed",
    "Talk",
    "TalkCaptions",
    "TalkSpeaker",
    "TalkStream",
]
