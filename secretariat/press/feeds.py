"""The Atom feed of published news and briefings, one per language (/press/feed/<lang>/).

Every feed and entry names its author, the SCO Secretariat in the feed's language (RFC 4287
§4.1.1), and the feed's id is a fixed tag URI. A feed holds the items written in its
language; an item in several languages is in each of those feeds, each entry in the feed's
language.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.translation import gettext as _

from secretariat.core.lang import django_language
from secretariat.press import selectors
from secretariat.press.models import LANGS, PressItem

#: Entries in a feed.
FEED_SIZE = 50
#: The fixed start of every feed id (an RFC 4151 tag URI): never the request's Host header,
#: so a reader sees the same feed whichever address it was fetched from.
FEED_ID = "tag:sectsco.org,2024:press/feed/"


class PressFeed(Feed):  # type: ignore[type-arg]  # Feed[...] needs django_stubs_ext at run time
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> str:
        lang = str(kwargs.get("lang", ""))
        if lang not in LANGS:
            raise Http404(_("There is no feed in this language."))
        return lang

    def title(self, obj: str) -> str:
        with translation.override(django_language(obj)):
            return _("SCO Secretariat: news and media briefings")

    def subtitle(self, obj: str) -> str:
        with translation.override(django_language(obj)):
            return _("News items and media briefings published by the SCO Secretariat.")

    def feed_guid(self, obj: str) -> str:
        return f"{FEED_ID}{obj}"

    def author_name(self, obj: str) -> str:
        with translation.override(django_language(obj)):
            return _("SCO Secretariat")

    def item_author_name(self, item: PressItem) -> str:
        return self.author_name(item.feed_lang)  # type: ignore[attr-defined]

    def link(self, obj: str) -> str:
        with translation.override(django_language(obj)):
            return reverse("press:news")

    def feed_url(self, obj: str) -> str:
        return reverse("press:feed", kwargs={"lang": obj})

    def get_feed(self, obj: str, request: HttpRequest) -> SyndicationFeed:
        # The feed's language attribute (xml:lang) is the active language.
        with translation.override(django_language(obj)):
            return super().get_feed(obj, request)

    def items(self, obj: str) -> list[PressItem]:
        found = list(selectors.in_language(obj)[:FEED_SIZE])
        for item in found:
            item.feed_lang = obj  # type: ignore[attr-defined]  # read by the item_* methods
        return found

    def item_title(self, item: PressItem) -> str:
        return str(getattr(item, f"title_{item.feed_lang}"))  # type: ignore[attr-defined]

    def item_description(self, item: PressItem) -> str:
        return str(getattr(item, f"body_{item.feed_lang}"))  # type: ignore[attr-defined]

    def item_link(self, item: PressItem) -> str:
        with translation.override(django_language(item.feed_lang)):  # type: ignore[attr-defined]
            return selectors.item_url(item)

    def item_guid(self, item: PressItem) -> str:
        return f"urn:secretariat:press:{item.pk}:{item.feed_lang}"  # type: ignore[attr-defined]

    item_guid_is_permalink = False

    def item_pubdate(self, item: PressItem) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: PressItem) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: PressItem) -> list[str]:
        return [item.kind]
