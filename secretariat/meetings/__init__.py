"""Meetings of SCO bodies, from initiative to distributed minutes."""
