"""Secretariat: the digital secretariat of the Shanghai Cooperation Organisation."""
