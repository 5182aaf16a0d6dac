"""The shared kernel every app uses and that imports no app.

- ``errors``: the error classes (one stable code, a translated message), ``refuse`` (a
  refusal with a sentence of the engine's catalogue, citing rules) and ``stale`` (the one
  conflict for an object changed since the caller saw it).
- ``lang``: the active language as the engine's ``Lang``, and the en/ru/zh <-> Django map.
- ``actor``: the current actor of a request (session or API token), the caller's language.
- ``access`` and ``policy``: the one way in: ``@requires`` on pages, ``ActionRouter`` for the
  API, the role × action matrix (``accounts/roles.yaml``).
- ``lookup``: an object by its code or id, with one not-found answer.
- ``locking``: lock a row, check the version the caller acted on, raise the version.
- ``tokens``: secret tokens of which only a digest is stored (API tokens, feed addresses).
- ``consent``: ``MemberConsent``, the shape of a member state's answer where every member
  state must agree (checked by ``procedure.consent.unanimity``).
- ``schemas``: the API schemas every router shares.
- ``pages``: the page "step": validate a form, call a service, show the refusal or success.
- ``signals``: ``refused``, which the audit log records.
- ``files``: ``write_atomically``, a file other processes read, written whole or not at all.

An import-linter contract keeps it below the apps: it may import Django and the procedure
core, never ``secretariat.<app>`` (the user and token models are named in settings, as Django
names its user model).
"""
