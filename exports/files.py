"""Writing a file whole or not at all: every exported file goes through :func:`replaced`.

The data is written to a temporary file beside the target, which replaces the target only once
written, so a failed or interrupted export never leaves half a file, and an existing file
stays as it was. Every export may hold personal data (members' names, masked or not; who
works where): the file is readable and writable by its owner only (``0600``), in every format.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with replaced(folder / "a.txt", OSError) as temp:
...     _ = temp.write_text("whole")
>>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir()), oct((folder / "a.txt").stat().st_mode & 0o777)
('whole', ['a.txt'], '0o600')
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced(path: Path | str, error: Callable[[Path, str], BaseException]) -> Iterator[Path]:
    """A new, empty temporary path beside ``path``, renamed to ``path`` once the block ends without
    error and removed otherwise. A file that cannot be created or renamed raises
    ``error(path, reason)``."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        # O_EXCL: never another's file; its owner's only (module docstring).
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as e:
        raise error(path, e.strerror or str(e)) from e
    try:
        yield temp
        os.replace(temp, path)
    except OSError as e:
        raise error(path, e.strerror or str(e)) from e
    finally:
        if temp.exists():
            temp.unlink()
