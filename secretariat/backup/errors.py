"""What can go wrong with an archive, each with a stable code (docs/backup.md lists them)."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or a restore that cannot go on; nothing was changed unless ``message`` says."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{message} [{code}]")


#: The archive is not a tar file, or is cut short, or a member cannot be read.
ARCHIVE_CORRUPT = "backup_archive_corrupt"
#: The archive has no manifest (``manifest.json``), or one this version cannot read.
MANIFEST_INVALID = "backup_manifest_invalid"
#: A member's SHA-256 differs from the manifest's, or a member is missing or unlisted.
CHECKSUM_MISMATCH = "backup_checksum_mismatch"
#: The archive holds a SQLite database and the target is PostgreSQL, or the other way round.
WRONG_VENDOR = "backup_wrong_vendor"
#: The archive was made by a newer version (migrations this code does not know).
NEWER_VERSION = "backup_newer_version"
#: pg_dump, pg_restore (or psql) is not installed, or failed.
TOOL_MISSING = "backup_tool_missing"
TOOL_FAILED = "backup_tool_failed"
#: The target database, file store or key folder holds something; --force replaces it.
TARGET_NOT_EMPTY = "backup_target_not_empty"
#: The archive file exists already (backup never overwrites one).
ARCHIVE_EXISTS = "backup_archive_exists"
#: After a restore: counts, the audit chain or the register do not match the manifest.
VERIFY_FAILED = "backup_verify_failed"
#: The database in use is neither SQLite nor PostgreSQL.
UNSUPPORTED_DATABASE = "backup_unsupported_database"
