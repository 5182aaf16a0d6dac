"""Backup and restore: one archive holding the database, the stored files, the signing keys
and the heads of the audit chain and of the depositary register (docs/backup.md)."""
