"""Publishing a build atomically: data/ shows either the old extracts with the old descriptor, or the new ones
with the new descriptor, whatever instant the build is killed at.

The build writes the new extracts and datapackage.json into a staging folder next to data/
(`.data.staging-<pid>-<token>`), links every other file of data/ into it (reference/, claims/, ...: hard links,
nothing is copied), and then exchanges the two folders with one `renameat2(RENAME_EXCHANGE)` system call. data/
stays a plain folder of plain files, as committed in git. The old folder, now under the staging name, is removed.

Where the exchange is not available (not Linux, or a file system without it) the switch is two renames, data/ ->
`.data.old-<pid>-<token>` and staging -> data/; a kill between them leaves no data/, and the next build (or
`recover`) puts the old folder back.

Staging and old folders of killed builds are removed at the start of the next build. `preflight` checks, before
any work, that data/ and its parent are writable and that the disk has room.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import secrets
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Self

from newasia.errors import ExtractError

FAULT_ENV = "NEWASIA_FAULT_KILL_AT"
# Named points of the build where NEWASIA_FAULT_KILL_AT=<point> kills the process (fault-injection tests).
FAULT_POINTS = ("preflight", "built", "written", "linked", "switched", "half-switched")
MIN_ROOM = 48 * 2**20  # bytes: the extracts are about 34 MB
ROOM_FACTOR = 1.5
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def fault_point(name: str) -> None:
    """Kill this process (SIGKILL: no clean-up of any kind) if NEWASIA_FAULT_KILL_AT names this point."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.staging-"


def _old_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.old-"


def _owner_alive(folder: Path, prefix: str) -> bool:
    """Whether the build that made `folder` (its pid is in the name) is still running in another process."""
    pid = folder.name.removeprefix(prefix).split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out_dir: Path) -> list[str]:
    """Undo what killed builds left: put back a data/ moved aside by a half-done switch, and remove staging and
    old folders. Returns what was done, one line each."""
    done = []
    parent = out_dir.parent
    if not parent.is_dir():
        return done
    olds = sorted(p for p in parent.glob(_old_prefix(out_dir) + "*") if not _owner_alive(p, _old_prefix(out_dir)))
    if olds and not out_dir.exists():
        try:
            os.rename(olds[-1], out_dir)
        except OSError as error:
            raise ExtractError(
                out_dir,
                f"is missing and {olds[-1]} (left by a build killed while switching "
                f"folders) cannot be moved back ({error.strerror or error}); move it back "
                "by hand",
            ) from None
        done.append(f"restored {out_dir} from {olds[-1].name}, left by a build killed while switching folders")
        olds = olds[:-1]
    leftovers = olds + [
        p for p in parent.glob(_staging_prefix(out_dir) + "*") if not _owner_alive(p, _staging_prefix(out_dir))
    ]
    if out_dir.is_dir():  # staging folders of the older builds, inside data/
        leftovers += [p for p in out_dir.glob(".staging-*") if not _owner_alive(p, ".staging-")]
    for folder in leftovers:
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"removed {folder}, left by a killed build")
    return done


def _probe(folder: Path) -> None:
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".newasia-write-probe-")
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise ExtractError(
            folder,
            f"is not writable ({error.strerror or error}); the build writes the extracts there and nothing was built",
        ) from None


def preflight(out_dir: Path, table_paths: list[str]) -> None:
    """Before any work: the output folder (or, if it does not exist yet, its parent) and its parent are
    writable, and the disk has room for a new copy of the extracts."""
    parent = out_dir.parent
    if not parent.is_dir():
        raise ExtractError(parent, "folder does not exist; the build cannot create the output folder in it")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExtractError(out_dir, "is not a folder")
    for folder in ([out_dir] if out_dir.is_dir() else []) + [parent]:
        _probe(folder)
    current = sum((out_dir / p).stat().st_size for p in table_paths if (out_dir / p).is_file())
    need = int(max(current * ROOM_FACTOR, MIN_ROOM))
    free = shutil.disk_usage(parent).free
    if free < need:
        raise ExtractError(
            parent,
            f"has {free / 2**20:.0f} MiB free; the build needs about {need / 2**20:.0f} "
            "MiB for the new extracts; nothing was built",
        )


class Staging:
    """A staging folder next to `out_dir`; `publish()` switches it with `out_dir` atomically. Leaving the
    `with` block without publishing (an exception) removes it and leaves `out_dir` untouched."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = out_dir.parent / f"{_staging_prefix(out_dir)}{token}"
        self._old = out_dir.parent / f"{_old_prefix(out_dir)}{token}"

    def __enter__(self) -> Self:
        try:
            self.path.mkdir()
        except OSError as error:
            raise ExtractError(self.path, f"cannot create the staging folder ({error.strerror or error})") from None
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def link_the_rest(self) -> None:
        """Link (hard links; copies where links fail) every file of out_dir that the build did not write, so
        the staging folder becomes the whole new data/ (reference/, claims/, ... included)."""
        if not self.out_dir.is_dir():
            return
        for source in sorted(self.out_dir.rglob("*")):
            relative = source.relative_to(self.out_dir)
            if relative.parts[0].startswith(".staging-"):
                continue
            target = self.path / relative
            try:
                if source.is_symlink():
                    if not target.exists():
                        target.symlink_to(os.readlink(source))
                elif source.is_dir():
                    target.mkdir(exist_ok=True)
                    shutil.copymode(source, target)
                elif not target.exists():
                    try:
                        os.link(source, target)
                    except OSError:
                        shutil.copy2(source, target)
            except OSError as error:
                raise ExtractError(
                    target, f"cannot be written ({error.strerror or error}); {self.out_dir} is unchanged"
                ) from None
        shutil.copymode(self.out_dir, self.path)

    def publish(self) -> None:
        """Make the staging folder out_dir in one step; the old out_dir is removed."""
        try:
            self._switch()
        except OSError as error:
            raise ExtractError(
                self.out_dir, f"cannot be replaced by the new build ({error.strerror or error}); it is unchanged"
            ) from None

    def _switch(self) -> None:
        if not self.out_dir.exists():
            os.rename(self.path, self.out_dir)
            fault_point("switched")
            return
        if _exchange(self.out_dir, self.path):
            fault_point("switched")
            shutil.rmtree(self.path, ignore_errors=True)  # the old data/, now under the staging name
            return
        os.rename(self.out_dir, self._old)
        fault_point("half-switched")
        try:
            os.rename(self.path, self.out_dir)
        except OSError:
            os.rename(self._old, self.out_dir)  # put the old folder back before reporting
            raise
        fault_point("switched")
        shutil.rmtree(self._old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if os.environ.get("NEWASIA_NO_EXCHANGE"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise ExtractError(a, f"cannot be replaced by the new build ({os.strerror(code)}); it is unchanged")
