"""Pages and API that present the rules engine: every rule with its source, and timetables."""
