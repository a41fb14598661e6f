"""The training catalog: reading, validating and importing offers (``python -m bot.catalog``)."""
