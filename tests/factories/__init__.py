"""Shared builders of test data, one module per app (``tests.factories.<app>``).

A test that needs a user, a delegation or another row asks the app's module here instead of
writing its own builder: the rows every test suite makes look the same everywhere, and a
change of a model is followed in one place. The builders are plain functions over the
ORM (no factory library): each says what it makes in its signature.
"""
