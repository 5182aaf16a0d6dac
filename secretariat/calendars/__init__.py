"""Calendar feeds (iCalendar, RFC 5545) of meetings and deadlines: ``/calendar/...``.

They read the meetings and the feed tokens of the notifications app, so they sit above both:
``feeds.py`` builds the feeds and serves them, ``urls.py`` mounts them (URL names ``feeds:*``).
Not an installed app: no models, no templates.
"""
