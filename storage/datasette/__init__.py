"""Datasette metadata shipped with renewals: titles, descriptions and canned queries.

`python -m storage.datasette` prints the path of the metadata file, for
`datasette renewals.db --metadata "$(python -m storage.datasette)"`.
"""

from pathlib import Path

METADATA_PATH = Path(__file__).with_name("metadata.json")
