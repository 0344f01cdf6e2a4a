"""Reading, validating and indexing GCM practices.

Data flows one way: ``practices/*.md`` -> this package (parse, validate, analyse, write)
-> an index on disk -> the ``hub`` web app. Nothing here imports ``hub`` or Flask.
"""

SCHEMA_VERSION = 4  # 2: the stops field; 3: bodies stored rendered (html); 4: provenance and evidence
