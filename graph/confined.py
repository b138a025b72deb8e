"""Run a query evaluation in a child process that has no network and a memory cap.

The child is forked, confined (:func:`summitkg.sandbox.confine`), and writes its output
into a pipe that the parent copies to the caller's stream as it arrives. At the deadline
the child is killed, which is the only way to stop an evaluation inside the engine; an
engine crash or an allocation past the cap ends the child, not the caller. Every way the
child can end becomes one :class:`~summitkg.errors.UserError` line.
"""
from __future__ import annotations

import codecs
import json
import os
import selectors
import signal
import sys
import time

from summitkg.errors import InternalError, SummitKGError, UserError

DEFAULT_MEMORY_MB = 2048
MIN_MEMORY_MB = 256          # opening an on-disk store needs about 200 MB of data segment
# what the engine's runtimes print when an allocation or a thread's stack is refused
_OUT_OF_MEMORY = (b"memory allocation of", b"std::bad_alloc", b"Resource temporarily unavailable",
                  b"Cannot allocate memory", b"MemoryError")


class QueryTimeout(UserError):
    """The query ran past its time limit."""


class QueryMemory(UserError):
    """The query needed more memory than its cap."""


class QueryCrash(InternalError):
    """The query engine ended abnormally (exit 3)."""


def _child(fn, out_w: int, status_w: int, memory_mb: int | None) -> None:
    import faulthandler

    from summitkg.sandbox import SandboxUnavailable, confine

    faulthandler.disable()          # a crash is reported by the parent, in one line

    status: dict = {}
    try:
        try:
            confine(memory_mb * 2**20 if memory_mb else None)
        except SandboxUnavailable as exc:
            status["warning"] = f"queries run without the network filter here ({exc})"
        stream = open(out_w, "w", encoding="utf-8", newline="", buffering=1 << 16, closefd=True)
        status["rows"] = fn(stream)
        stream.flush()
    except SummitKGError as exc:
        status.update(error=str(exc), exit=exc.exit_code)
    except MemoryError:
        status.update(memory=True)
    except BrokenPipeError:
        status.update(rows=-1)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as one line
        status.update(error=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", exit=3)
    try:
        os.write(status_w, json.dumps(status).encode())
    finally:
        os._exit(0)


def _wait_exit(pid: int) -> int:
    _, code = os.waitpid(pid, 0)
    return code


def call(fn, out=None, *, timeout: float | None, memory_mb: int | None = DEFAULT_MEMORY_MB, what: str = "query"):
    """``fn(stream)`` in a confined child; its text output is copied to ``out`` as it comes.

    Returns what ``fn`` returned (an int, e.g. a row count). Raises QueryTimeout after
    ``timeout`` seconds, QueryMemory past ``memory_mb``, QueryCrash if the engine dies, and
    the child's own UserError as it was raised there."""
    out = out or sys.stdout
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    status_r, status_w = os.pipe()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    pid = os.fork()
    if pid == 0:
        try:
            os.close(out_r), os.close(err_r), os.close(status_r)
            os.dup2(err_w, 2)
            _child(fn, out_w, status_w, memory_mb)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, status_w):
        os.close(fd)
    deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    chunks = {err_r: [], status_r: []}
    sel = selectors.DefaultSelector()
    for fd in (out_r, err_r, status_r):
        sel.register(fd, selectors.EVENT_READ)
    killed = False
    try:
        while sel.get_map():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            for key, _ in sel.select(left):
                data = os.read(key.fd, 1 << 16)
                if not data:
                    sel.unregister(key.fd)
                elif key.fd == out_r:
                    out.write(decoder.decode(data))
                else:
                    chunks[key.fd].append(data)
        if not killed:
            out.write(decoder.decode(b"", final=True))
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        _wait_exit(pid)
        raise
    finally:
        sel.close()
        for fd in (out_r, err_r, status_r):
            os.close(fd)
    code = _wait_exit(pid)
    if killed:
        raise QueryTimeout(f"{what} stopped: it ran longer than the time limit of {timeout:g} s "
                           f"(narrow it, add a LIMIT, or raise --timeout)")
    return _outcome(code, b"".join(chunks[status_r]), b"".join(chunks[err_r]), memory_mb, what)


def _outcome(code: int, status_bytes: bytes, err: bytes, memory_mb, what: str):
    try:
        status = json.loads(status_bytes) if status_bytes else {}
    except ValueError:
        status = {}
    if status.get("warning"):
        print(f"summitkg: warning: {status['warning']}", file=sys.stderr)
    if "rows" in status:
        return status["rows"]
    if "error" in status:
        raise UserError(status["error"], status.get("exit", 2))
    if status.get("memory") or any(sign in err for sign in _OUT_OF_MEMORY):
        raise QueryMemory(f"{what} stopped: it needed more than the memory limit of {memory_mb} MB "
                          f"(narrow it, add a LIMIT, or raise --memory)")
    if os.WIFSIGNALED(code):
        name = signal.Signals(os.WTERMSIG(code)).name
        raise QueryCrash(f"{what} stopped: the query engine ended with {name}; nothing was changed "
                         f"(please report the query)")
    raise QueryCrash(f"{what} stopped: the query process ended without an answer (status {code})")
