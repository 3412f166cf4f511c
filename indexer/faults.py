"""Named write points, and a hook that fails a change at one of them (for tests of crash safety).

Every change of the library (add, remove, index) passes the same points in order: the stored
sources copied, the parses written, the index built, the catalog written, the generation switched
(the manifest replaced: from here the change has happened), the old generation swept. A failure
before the switch leaves the library as it was; a failure after it leaves the change done; either
way the next writer sweeps what was left. `POLICYKB_FAULT=POINT` raises at that point (`:exit`
ends the process at once, as a kill would; `:enospc` raises a full disk). Unset, it costs one
dictionary look-up per point.
"""

from __future__ import annotations

import errno
import os

POINTS = ("sources-copied", "parsed-written", "index-built", "catalog-written", "generation-switched", "swept")


class InjectedFault(RuntimeError):
    """The failure a test asked for at a write point."""


def point(name: str) -> None:
    spec = os.environ.get("POLICYKB_FAULT")
    if not spec:
        return
    want, _, how = spec.partition(":")
    if want != name:
        return
    if how == "exit":
        os._exit(70)
    if how == "enospc":
        raise OSError(errno.ENOSPC, f"No space left on device (injected at {name})")
    raise InjectedFault(name)
