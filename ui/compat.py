"""Keep the app alive on Python 3.11 with PySide6 builds that drop references to singletons.

PySide6 6.12's wheels are built for Python's stable ABI, where ``None``, ``True`` and
``False`` are immortal (Python 3.12+); on 3.11 some calls (every ``setText``, for
example) give back one reference to ``None`` they never took. A screen that repaints five
times a second would run the count down to zero within minutes and the interpreter would
abort ("deallocating None"). Python 3.12 solved this by giving those objects a huge,
never-reached count; on 3.11 we do the same once, at start-up.
"""

from __future__ import annotations

import ctypes
import sys

PINNED = (None, True, False, Ellipsis, NotImplemented)


def pin_singletons() -> bool:
    """Give Python's singletons a reference count no leak can exhaust; True if done."""
    if sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return False
    extra = 1 << (ctypes.sizeof(ctypes.c_ssize_t) * 8 - 4)
    done = True
    for obj in PINNED:
        if sys.getrefcount(obj) > extra:
            continue  # already pinned
        count = ctypes.c_ssize_t.from_address(id(obj))
        # Make sure the first word really is the reference count before writing to it.
        before = count.value
        probe = [obj] * 1000
        grew = count.value - before
        del probe
        if grew != 1000:
            done = False
            continue
        count.value += extra
    return done
