"""What every summitkg command shares: how errors become one line and an exit code, and the
options that mean the same thing everywhere (``--store``, ``-o/--output``, ``--format``).

A command module decorates with ``@store_option`` and gets ``store`` as a path string, the
default already applied ($SUMMITKG_STORE, else ./summitkg-store in the working folder).
"""
from __future__ import annotations

import os
import sys

import click

from summitkg.errors import SummitKGError

STORE_HELP = "store folder (default: $SUMMITKG_STORE or ./summitkg-store)"


def report_error(exc: BaseException) -> int:
    """Print ``exc`` as summitkg's one error line and return the exit code for it; re-raise it
    when it is not summitkg's and SUMMITKG_DEBUG is set. The one place errors become codes."""
    if isinstance(exc, SummitKGError):
        click.echo(f"summitkg: error: {exc}", err=True)
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        click.echo("summitkg: interrupted", err=True)
        return 130
    if isinstance(exc, BrokenPipeError):
        return 0
    from summitkg.graph.store import damaged, is_damage
    if is_damage(exc):          # the engine met a corrupt file while reading
        return report_error(damaged(None, str(exc).splitlines()[0]))
    if os.environ.get("SUMMITKG_DEBUG"):
        raise exc
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    click.echo(f"summitkg: internal error: {type(exc).__name__}: {msg}", err=True)
    return 3


class Group(click.Group):
    """A click group whose commands' errors are reported by :func:`report_error`."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the CLI promises no tracebacks
            sys.exit(report_error(exc))


def _resolve_store(_ctx, _param, value):
    if value:
        return str(value)
    from summitkg.graph.store import default_store_dir
    return str(default_store_dir())


def store_option(fn):
    """``--store DIR``, passed on as ``store`` (a string, the default applied)."""
    return click.option("--store", "store", type=click.Path(file_okay=False), default=None,
                        callback=_resolve_store, help=STORE_HELP)(fn)


def output_option(help: str = "file to write (default: standard output)", *, required: bool = False,
                  folder: bool = False, default=None, show_default: bool = False):
    """``-o/--output PATH``, passed on as ``output``: a file, or a folder if ``folder``."""
    # a folder given for a file is refused by the writer, in summitkg's one-line form
    kind = click.Path(file_okay=False) if folder else click.Path()
    return click.option("-o", "--output", "output", type=kind, required=required, default=default,
                        show_default=show_default, help=help)


def format_option(choices, default: str, help: str | None = None):
    """``--format NAME`` among ``choices``, passed on as ``fmt``."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help=help)
