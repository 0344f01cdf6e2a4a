"""The embedded search backend: Whoosh 2.7.4 files on one machine.

Whoosh analyses, stores and writes the index; queries are answered from the index's own
posting lists, read in bulk into numpy arrays per index generation (see ``snapshot``).
"""

from indexer.search.whoosh_engine.backend import WhooshBackend

__all__ = ["WhooshBackend"]
