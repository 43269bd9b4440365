"""What a screen reader is told by the running app, read over AT-SPI (see accessibility.md).

    /usr/bin/python3 docs/atspi_check.py walk [TITLE]   # every showing label: name, description
    /usr/bin/python3 docs/atspi_check.py listen SECONDS # name/description changes sent meanwhile

Runs under the system Python with pyatspi (Debian: python3-pyatspi), not the app's venv,
on the session bus the app registered on.
"""

from __future__ import annotations

import sys
from collections import Counter

import pyatspi
from gi.repository import GLib

SHOWN_ROLES = ("label", "filler", "status bar", "progress bar")


def find_app():  # noqa: ANN201
    desk = pyatspi.Registry.getDesktop(0)
    for i in range(desk.childCount):
        child = desk.getChildAtIndex(i)
        if child is not None and "facilitator" in (child.name or "").lower():
            return child
    sys.exit("Facilitator is not on the accessibility bus (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1?)")


def walk(node, out: list[str]) -> None:  # noqa: ANN001
    try:
        role = node.getRoleName()
        showing = node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:  # noqa: BLE001 - a widget that went away while we looked
        return
    if showing and role in SHOWN_ROLES and (node.name or node.description):
        out.append(
            f"{role:10} {node.name!r}" + (f"  ({node.description!r})" * bool(node.description))
        )
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            walk(child, out)


def listen(seconds: float) -> None:
    heard: list[tuple[str, str]] = []

    def on_event(event) -> None:  # noqa: ANN001
        host = event.host_application
        if host is not None and "facilitator" in (host.name or "").lower():
            heard.append((event.type.split(":")[-1], str(event.any_data)))

    pyatspi.Registry.registerEventListener(
        on_event,
        "object:property-change:accessible-name",
        "object:property-change:accessible-description",
    )
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    pyatspi.Registry.start()
    print(f"{len(heard)} name/description events in {seconds:g} s")
    for (kind, value), count in Counter(heard).items():
        print(f"  {count} x {kind}: {value!r}")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "walk"
    if command == "listen":
        listen(float(argv[1]) if len(argv) > 1 else 10.0)
        return
    lines: list[str] = []
    walk(find_app(), lines)
    print(f"== {' '.join(argv[1:])}")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
