"""The rules engine: the SCO's procedural regulations, executed. Imports no Django.

Rules are data (``regulations/*.yaml``); checks return verdicts that cite them and
render in English, Russian and Chinese. Django apps call in with plain values.
"""
