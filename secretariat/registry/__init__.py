"""The registry of the Organisation: states, bodies, summits, chairs, partners."""
