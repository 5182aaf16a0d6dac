"""Demo data that spans several apps, for ``make run``; it sits above every app it fills.

- ``documents``: ``secretariat documents demo``: a draft in consultation (documents), the
  Board's decision with its tasks (decisions) and the deposited original with its certified
  copies (depositary).
- ``press``: ``secretariat press demo``: news, a briefing, the information catalogue of the
  seed texts (databank) and a request for materials (press).

The demos of one app stay in that app (``accounts/demo.py``, ``meetings/demo.py``...).
"""
