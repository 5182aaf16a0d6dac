"""Signals the kernel sends and the apps above it receive, so the kernel imports no app."""

from __future__ import annotations

from django.dispatch import Signal

#: A request was refused with a ``SecretariatError`` shown on a page (the API and the HTML
#: error pages record their own). Sent with ``request``, ``code`` and ``status``; the audit
#: log records it (``audit.apps``).
refused = Signal()
