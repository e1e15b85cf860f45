"""Memory of a process and its descendants from /proc (Linux), for the bench scripts."""

from __future__ import annotations

import os

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree(root: int) -> dict[int, tuple[int, int]]:
    """pid -> (RSS kB, shared kB) for `root` and its descendants."""
    parents: dict[int, int] = {}
    memory: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as handle:
                pages = handle.read().split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        memory[int(entry)] = (int(pages[1]) * PAGE_KB, int(pages[2]) * PAGE_KB)
    found: dict[int, tuple[int, int]] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid not in found:
            found[pid] = memory.get(pid, (0, 0))
            stack.extend(child for child, parent in parents.items() if parent == pid)
    return found
