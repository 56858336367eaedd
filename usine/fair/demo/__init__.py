"""The demo edition loaded by `manage.py load_demo`: a 40-building town between land and sea.

Content is plain data (content, routes, jobs, sites_*, demos); `clips` and `images` make its media
locally; `loader` writes it all through the fair's models and the media pipeline.
"""

from .sites_north import SITES_NORTH
from .sites_sea import SITES_SEA
from .sites_south import SITES_SOUTH

SITES = SITES_NORTH + SITES_SOUTH + SITES_SEA
