"""Limits for a process that evaluates untrusted SPARQL: no network, bounded memory.

:func:`confine` is called in a child process before it opens the store. It installs a
seccomp filter (Linux, x86-64 and AArch64) under which ``socket()`` and ``io_uring``
fail with EACCES, so the query engine cannot open a connection of any kind (TCP, UDP,
DNS, a local resolver's Unix socket), whatever the query says; and it caps the data
segment (heap and anonymous mappings) with ``RLIMIT_DATA``, so an allocation past the
limit fails and the process ends instead of taking the machine's memory. The filter is
inherited by threads and survives ``exec``; it cannot be lifted once installed.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import struct

# seccomp and BPF constants (linux/seccomp.h, linux/filter.h, linux/audit.h)
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_X32_SYSCALL_BIT = 0x40000000

# machine -> (audit arch, syscall numbers to refuse)
_ARCHES = {
    "x86_64": (0xC000003E, (41, 425, 426, 427)),     # socket, io_uring_setup/enter/register
    "aarch64": (0xC00000B7, (198, 425, 426, 427)),
}


class SandboxUnavailable(OSError):
    """The network filter cannot be installed on this system."""


def _program(arch: int, refused: tuple[int, ...]) -> bytes:
    deny = _RET_ERRNO | errno.EACCES
    ins = [(_LD_W_ABS, 0, 0, 4)]                          # A = seccomp_data.arch
    # a foreign architecture's syscalls (e.g. i386 socketcall via int 0x80) are refused
    ins.append((_JEQ_K, 1, 0, arch))
    ins.append((_RET_K, 0, 0, deny))
    ins.append((_LD_W_ABS, 0, 0, 0))                      # A = seccomp_data.nr
    ins.append((_JGE_K, len(refused) + 1, 0, _X32_SYSCALL_BIT))
    for i, nr in enumerate(refused):
        ins.append((_JEQ_K, len(refused) - i, 0, nr))
    ins.append((_RET_K, 0, 0, _RET_ALLOW))
    ins.append((_RET_K, 0, 0, deny))
    return b"".join(struct.pack("=HBBI", *i) for i in ins)


def deny_network() -> None:
    """Install the seccomp filter in this process; raises SandboxUnavailable where it cannot."""
    arch = _ARCHES.get(platform.machine())
    if os.name != "posix" or platform.system() != "Linux" or arch is None:
        raise SandboxUnavailable(f"no network filter for {platform.system()} {platform.machine()}")
    code = _program(*arch)
    buf = ctypes.create_string_buffer(code, len(code))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(len(code) // 8, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise SandboxUnavailable(os.strerror(ctypes.get_errno()))
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise SandboxUnavailable(os.strerror(ctypes.get_errno()))


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's data segment at ``max_bytes`` (None: leave it as it is)."""
    if not max_bytes:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def confine(max_bytes: int | None) -> None:
    """No network and at most ``max_bytes`` of data for the rest of this process's life."""
    limit_memory(max_bytes)
    deny_network()
