"""The media folders and who may read them: one rule for the local folder (usine/views.py
serve_media, nginx) and the S3 bucket (storage.py's bucket policy).

An exhibitor's original upload is private: the fair shows its transcoded renditions, never the
file as it was sent. Everything else is public under names nobody can guess before they are
published (a random folder or suffix per upload). Every file field's folder is in exactly one
of the two lists (tests/media/test_folders.py).
"""

SOURCE_DIR = "videos/source/"
HLS_DIR = "videos/hls/"
CAPTIONS_DIR = "videos/captions/"
# The Forum's live streams and their replays as the packager writes them (usine/forum/packager.py),
# one random folder per talk; playlists change every 2 s there, segments never.
LIVE_HLS_DIR = "forum/live/"
# The Forum's speakers' portraits, shown on the programme to everyone.
SPEAKER_PHOTO_DIR = "forum/speakers/"
# A talk's captions while they are edited: viewers read them through the Forum's page once
# they are published (usine/forum/audience_pages.py), never as a file.
FORUM_CAPTIONS_DIR = "forum/captions/"

PROTECTED_PREFIXES = (SOURCE_DIR, FORUM_CAPTIONS_DIR)
PUBLIC_PREFIXES = (HLS_DIR, CAPTIONS_DIR, LIVE_HLS_DIR, SPEAKER_PHOTO_DIR, "logos/", "demos/")
