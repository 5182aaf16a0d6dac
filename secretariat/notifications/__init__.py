"""In-app inbox, e-mail, and reminders from deadlines (a due-table and a worker)."""
