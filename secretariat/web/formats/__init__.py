"""The site's changes to Django's locale formats (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own modules is here; every other format comes from them."""
