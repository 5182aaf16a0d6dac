"""Procedures walked through the pages in a real browser (headless Chromium, Playwright)."""
