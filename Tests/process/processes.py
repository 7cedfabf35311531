"""Looking at the binary's processes from the outside (shared by the process and fault
tests): a supervisor's children (its workers and its ticket writer, which names itself
`taquilla-writer`), and whether a pid is still running."""
import os


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def name_of(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


def workers_of(pid):
    """The FastCGI workers among a supervisor's children (not its ticket writer)."""
    return [p for p in children_of(pid) if name_of(p) != "taquilla-writer"]


def writer_of(pid):
    """The supervisor's ticket writer, or None."""
    return next((p for p in children_of(pid) if name_of(p) == "taquilla-writer"), None)


def alive(pid):
    """True while the process exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
