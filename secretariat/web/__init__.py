"""Base templates, static files and site-wide commands (serve, i18n)."""
