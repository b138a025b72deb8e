"""HTTP for ``push``: standard library only, safe against a hostile or broken server.

- **One deadline per request**, not per read: a watchdog shuts the request's sockets down when
  ``timeout`` seconds have passed since it began (connection, authentication round trips,
  headers and body all count), so a server trickling one byte a second cannot hold it.
- **A cap on what is read**: at most ``max_response`` bytes of an answer's body (64 MB by
  default) and 64 KB of an error body; a longer answer is an error, never read into memory.
- **Every HTTP failure is one UserError line** (exit 2): malformed status lines, header lines
  over 64 KB, more than 100 headers, truncated bodies, resets, refusals, timeouts.
- **No credentials in URLs**: an endpoint with ``user:password@`` is refused (credentials come
  from ``SUMMITKG_USER``/``SUMMITKG_PASSWORD`` or ``~/.netrc``), and every URL a message shows
  has its user information replaced by ``***``.
- Redirects are never followed, so data and credentials go only to the host named.
"""
from __future__ import annotations

import http.client
import netrc
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from summitkg.errors import UserError

ENV_USER = "SUMMITKG_USER"
ENV_PASSWORD = "SUMMITKG_PASSWORD"
MAX_RESPONSE_BYTES = 64 << 20
MAX_ERROR_BODY = 64 << 10

# Where each store keeps its Graph Store endpoint, for error messages and docs.
GSP_HINT = ("Oxigraph: http://HOST:7878/store, Virtuoso: http://HOST:8890/sparql-graph-crud-auth, "
            "Fuseki: http://HOST:3030/DATASET/data, GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service")


def redact(text: str) -> str:
    """``text`` with the password (and user) of any ``scheme://user:password@host`` replaced."""
    return re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@", r"\1***@", str(text))


def check_url(url: str, what: str = "push") -> None:
    """UserError for a URL that is not http(s) or that carries credentials."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"{what}: not an http(s) URL: {redact(url)}")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UserError(f"{what}: credentials in the URL are not accepted ({redact(url)}); set {ENV_USER} and "
                        f"{ENV_PASSWORD}, or add the host to ~/.netrc")


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{netloc}{parts.path}"


def _snippet(body: bytes, limit: int = 200) -> str:
    import html

    text = body.decode("utf-8", "replace") if body else ""
    if re.search(r"(?i)<(html|body|head|!doctype|h[1-6]|p|pre|title)\b", text):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = redact(" ".join(text.split()))
    return text[:limit] + ("..." if len(text) > limit else "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: data and credentials go only to the URL given."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise _Redirected(req.full_url, code, headers.get("Location") or newurl)


class _Redirected(Exception):
    def __init__(self, url, code, location):
        super().__init__(url, code, location)
        self.url, self.code, self.location = url, code, location


class _Watchdog:
    """Shuts down every socket of one request when its deadline passes."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.001, self.deadline - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                self._shut(sock)

    @staticmethod
    def _shut(sock) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


def _connection_class(base, watchdog: _Watchdog):
    class Connection(base):
        def connect(self):
            self.timeout = watchdog.remaining()
            super().connect()
            watchdog.watch(self.sock)
    return Connection


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def __init__(self, http: "_Http"):
        super().__init__()
        self._http = http

    def http_open(self, req):
        return self.do_open(_connection_class(http.client.HTTPConnection, self._http.watchdog), req)


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, http: "_Http"):
        super().__init__()
        self._http = http

    def https_open(self, req):
        return self.do_open(_connection_class(http.client.HTTPSConnection, self._http.watchdog), req,
                            context=self._context)


def resolve_auth(urls, auth=None):
    """Credentials for these URLs: ``auth`` if given (a (user, password) pair, or
    False for none), else ``SUMMITKG_USER``/``SUMMITKG_PASSWORD``, else ``~/.netrc``
    by host. Returns ``{url: (user, password)}`` for the URLs that have some."""
    urls = [u for u in urls if u]
    if auth is False:
        return {}
    if auth:
        user, password = auth
        return {u: (user, password) for u in urls}
    user = os.environ.get(ENV_USER)
    password = os.environ.get(ENV_PASSWORD)
    if user is not None and password is not None:
        return {u: (user, password) for u in urls}
    if (user is None) != (password is None):
        missing = ENV_PASSWORD if password is None else ENV_USER
        raise UserError(f"push: {missing} is not set; set both {ENV_USER} and {ENV_PASSWORD}, or neither")
    out = {}
    try:
        rc = netrc.netrc()
    except FileNotFoundError:
        return {}
    except (netrc.NetrcParseError, OSError) as exc:
        raise UserError(f"push: cannot read ~/.netrc ({exc})") from None
    for u in urls:
        host = urllib.parse.urlsplit(u).hostname or ""
        found = rc.authenticators(host)
        if found:
            login, _account, pw = found
            out[u] = (login or "", pw or "")
    return out


class _Http:
    """A urllib opener that answers basic/digest challenges with the given credentials, never
    follows redirects, holds each request to one deadline and its answer to a size cap, and
    turns every failure into one UserError line."""

    def __init__(self, credentials: dict, timeout: float, max_response: int = MAX_RESPONSE_BYTES):
        self.timeout = timeout
        self.max_response = max_response
        self.has_credentials = bool(credentials)
        self.watchdog: _Watchdog | None = None
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url, (user, password) in credentials.items():
            mgr.add_password(None, url, user, password)
        # Digest (order 490) is tried before basic, so a digest challenge never reaches
        # the basic handler (which would reject it).
        handlers = [_NoRedirect(), _DeadlineHTTP(self), _DeadlineHTTPS(self)]
        if credentials:  # without any, a 401 is reported as it is
            handlers += [urllib.request.HTTPDigestAuthHandler(mgr), urllib.request.HTTPBasicAuthHandler(mgr)]
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method, url, data=None, headers=None, what="request"):
        """Send; return (status, headers, body). Raise UserError on anything but 2xx
        (and on Virtuoso's partial answers: 206, or X-SQL-State S1TAT)."""
        check_url(url, what.split()[0])
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        self.watchdog = _Watchdog(self.timeout)
        try:
            status, hdrs, body = self._exchange(req, url, len(data) if data else 0, what)
        except UserError:
            raise
        except BaseException as exc:
            if self.watchdog.expired:
                raise self._timed_out(what, url) from None
            raise UserError(self._failure(what, url, exc)) from None
        finally:
            self.watchdog.cancel()
        if self.watchdog.expired:
            raise self._timed_out(what, url)
        sql_state = (hdrs.get("X-SQL-State") or "").strip()
        if status == 206 or sql_state.upper() == "S1TAT":
            raise UserError(f"{what}: {_host(url)} gave a partial answer (HTTP {status}"
                            f"{', X-SQL-State ' + sql_state if sql_state else ''}): the store timed out; "
                            f"raise its query time limit")
        return status, hdrs, body

    def _exchange(self, req, url, size, what):
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                body = resp.read(self.max_response + 1)
                if len(body) > self.max_response:
                    raise UserError(f"{what}: {_host(url)} answered more than {self.max_response >> 20} MB; "
                                    f"not read further")
                missing = getattr(resp, "length", None)     # read(amt) returns short bodies quietly
                if missing and not self.watchdog.expired:
                    raise http.client.IncompleteRead(body, missing)
                return resp.status, resp.headers, body
        except urllib.error.HTTPError as err:
            if self.watchdog.expired:
                raise
            try:
                body = err.read(MAX_ERROR_BODY)
            except Exception:  # noqa: BLE001 - the body is only for the message
                body = b""
            raise UserError(self._http_error(what, url, err.code, err.reason, body, size)) from None

    def _timed_out(self, what, url) -> UserError:
        return UserError(f"{what}: no complete answer from {_host(url)} within {self.timeout:g} s (timed out); "
                         f"is the store up, or raise --timeout")

    def _failure(self, what, url, exc: BaseException) -> str:
        """The one line for a request that failed below HTTP status codes."""
        host = _host(url)
        if isinstance(exc, _Redirected):
            return (f"{what}: {host} answered {exc.code} redirecting to {redact(exc.location)}; not followed "
                    f"(give the final URL yourself if you trust it)")
        if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
            exc = exc.reason
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return self._timed_out(what, url).args[0]
        if isinstance(exc, http.client.IncompleteRead):
            return (f"{what}: {host} cut its answer short ({len(exc.partial)} bytes read, "
                    f"{exc.expected if exc.expected is not None else 'more'} more expected)")
        if isinstance(exc, http.client.RemoteDisconnected):
            return f"{what}: {host} closed the connection without answering"
        if isinstance(exc, http.client.LineTooLong):
            return f"{what}: {host} sent a malformed answer (a header or status line over 64 KB)"
        if isinstance(exc, http.client.HTTPException):
            detail = _snippet(str(exc).encode("utf-8", "replace"), 80)
            return f"{what}: {host} sent a malformed HTTP answer ({type(exc).__name__}: {detail})"
        if isinstance(exc, urllib.error.URLError):
            return f"{what}: cannot reach {host} ({redact(exc.reason)})"
        if isinstance(exc, ValueError):  # e.g. an auth scheme urllib does not know
            return f"{what}: {host} asked for authentication this tool cannot answer ({redact(exc)})"
        if isinstance(exc, OSError):
            return f"{what}: connection to {host} failed ({redact(exc.strerror or exc)})"
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise exc
        return f"{what}: {host} could not be talked to ({type(exc).__name__}: {_snippet(str(exc).encode(), 80)})"

    def _http_error(self, what, url, code, reason, body, size):
        reason = _snippet(str(reason or "").encode("utf-8", "replace"), 80)
        snippet = _snippet(body)
        tail = f": {snippet}" if snippet else ""
        host = _host(url)
        safe_url = redact(url)
        if code in (401, 403):
            if not self.has_credentials:
                hint = (f"no credentials were found; set {ENV_USER} and {ENV_PASSWORD} or add "
                        f"{urllib.parse.urlsplit(url).hostname} to ~/.netrc")
            else:
                hint = "the store refused the credentials (check the user, the password and its write permission)"
            return f"{what}: {host} answered {code} {reason}; {hint}"
        if code == 404:
            return f"{what}: {safe_url} answered 404 Not Found; is it the store's endpoint? ({GSP_HINT})"
        if code in (405, 501):
            return f"{what}: {safe_url} does not accept {code} {reason}; is it the store's endpoint? ({GSP_HINT})"
        if code == 413:
            return (f"{what}: {host} refused a request of {size} bytes as too large (413); "
                    f"raise the store's request size limit")
        if code == 415:
            return f"{what}: {host} does not accept this media type (415){tail}"
        if code == 400:
            return f"{what}: {host} rejected the request (400 Bad Request){tail}"
        if 500 <= code < 600:
            return f"{what}: {host} failed with {code} {reason}{tail}"
        return f"{what}: {host} answered {code} {reason}{tail}"
