"""Offline gazetteer for ``sitrep.extract.places``: the index (``gazetteer``), name keys
(``normalize``) and the developer tool that derives the region tables (``derive``)."""
