"""Where photo bytes live: a small storage interface; the default is a directory on disk.

Keys are made by the application (ids), never from a client's file name, so no path a client
sends can reach outside the media directory.
"""

from __future__ import annotations

import os
import pathlib
import re
import tempfile
from typing import Protocol

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,120}$")


class MediaStore(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class DirectoryStore:
    """Files in one directory, written atomically (temporary file, then rename)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = pathlib.Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> pathlib.Path:
        if not KEY_PATTERN.match(key):
            raise ValueError(f"invalid media key: {key!r}")
        return self.root / key

    def save(self, key: str, data: bytes) -> None:
        target = self._path(key)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def store_from_config(config: dict) -> MediaStore:
    return DirectoryStore(config["MEDIA_DIR"])
