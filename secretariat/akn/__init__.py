"""Akoma Ntoso 3.0 export of adopted documents, agendas and minutes (see docs/akoma-ntoso.md).

``model`` holds the framework-free shapes, ``export`` writes and validates the XML, and
``meetings`` builds the shapes of a meeting's agenda and minutes from the meetings app.
"""
