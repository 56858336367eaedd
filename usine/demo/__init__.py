"""The demo edition loaded by `manage.py load_demo`: a 40-building town between land and sea.

Its content is data in `data/` (read by `content`); `clips` and `images` make its media locally;
`loader` writes it all through the apps' models and services, `people` its school and
professionals. It imports every app and no app imports it.
"""
