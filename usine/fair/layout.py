"""The town's geometry, shared by the JSON API, the demo edition and the client.

Coordinates are metres: x to the east, z to the south. Land lies at z < COAST_Z, the sea beyond.
Buildings stand on a grid of GRID-metre blocks; streets run between blocks and the quay road runs
along the coast, so every footprint (at most FOOTPRINT metres wide) leaves a street around it.
"""

COAST_Z = 60.0
GRID = 40.0
FOOTPRINT = 26.0
MARGIN = 40.0
