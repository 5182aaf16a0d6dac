"""The text of uploaded drafts (``extract``) and comparisons of its versions (``compare``).

A plain package, not a Django app: it holds no models. It reads ``django.conf.settings``
only for the upload limit, and raises ``secretariat.core.errors.SecretariatError`` subclasses.
"""
