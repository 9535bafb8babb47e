"""Rules that protect the data: waiting after wrong passphrases, and where a database may live."""
from __future__ import annotations

import re

# After this many wrong passphrases in a row, each further try waits longer.
FREE_TRIES = 3
MAX_WAIT_SECONDS = 300


def wait_after_failures(failures: int) -> float:
    """Seconds to wait before the next try: none for the first few, then doubling, capped."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(2 ** (failures - FREE_TRIES + 1), MAX_WAIT_SECONDS))


# SQLite's locking does not work over these, and a sync client copying a half-written
# database file produces a corrupt copy. (sqlite.org/useovernet.html)
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb2", "smb3", "afs", "ncpfs",
                       "9p", "davfs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs",
                       "fuse.gcsfuse", "webdav", "afpfs", "fuse.davfs2"}
CLOUD_FOLDER_RE = re.compile(
    r"(^|[\\/])(OneDrive[^\\/]*|Dropbox[^\\/]*|Google Drive|GoogleDrive|My Drive|iCloud ?Drive|"
    r"iCloudDrive|Mobile Documents|Box|Box Sync|pCloud[^\\/]*|MEGA|Nextcloud|ownCloud|SynologyDrive|"
    r"Sync)([\\/]|$)", re.IGNORECASE)


def shared_location(path: str, filesystem_type: str | None) -> str | None:
    """How `path` leaves this laptop, in words ("a network share", "a cloud-synced folder
    (OneDrive)"), or None for the laptop's own disk."""
    if path.startswith("\\\\") or path.startswith("//"):
        return "a network share"
    if filesystem_type and filesystem_type.lower() in NETWORK_FILESYSTEMS:
        return f"a network drive ({filesystem_type})"
    m = CLOUD_FOLDER_RE.search(path)
    if m:
        return f"a cloud-synced folder ({m.group(2)})"
    return None


def location_warning(path: str, filesystem_type: str | None) -> str | None:
    """A sentence for the worker if this place is unsafe for a database, else None."""
    where = shared_location(path, filesystem_type)
    if where is None:
        return None
    if where.startswith("a cloud"):
        return (f"This database is in {where}. Syncing can copy it half-written and corrupt it, and "
                "puts the file on someone else's servers: keep it on this laptop's own disk and use "
                "Backup for copies.")
    return (f"This database is on {where}. SQLite databases get corrupted over network folders: keep "
            "it on this laptop's own disk and use Backup to copy it elsewhere.")


def printout_warning(path: str, filesystem_type: str | None, what: str = "a printout") -> str | None:
    """A sentence if `what` (a printout, an export: personal data in plain text) would be saved
    where it is copied off this laptop."""
    where = shared_location(path, filesystem_type)
    if where is None:
        return None
    return (f"That folder is {where}: {what} saved there is copied, unencrypted, off this laptop. "
            "Save it on this laptop (or an encrypted USB stick) unless you mean to share it.")
