"""The demo's data files name trades of the catalogue (see usine/exhibits/migrations) by name
or ROME code."""

from usine.exhibits.catalogue import add_catalogue
from usine.exhibits.models import Trade
from usine.exhibits.trades import TradeIndex

from .content import DemoDataError


def catalogue_trade(name: str) -> Trade:
    if not Trade.objects.exists():  # loaded by migrate; restored in a database emptied since
        add_catalogue(Trade)
    trade = TradeIndex(Trade.objects.all()).find(name)
    if trade is None:
        raise DemoDataError(
            f"{name!r} is not a trade of the catalogue (usine/exhibits/migrations)."
        )
    return trade
