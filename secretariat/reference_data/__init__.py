"""The SCO reference data shipped with the project (made from shared/spec/reference-data.yaml)."""

from pathlib import Path

#: The one data file of real SCO facts, with their sources and confidence.
REFERENCE_FILE = Path(__file__).with_name("sco.yaml")
