"""Hostile article inputs (issue 17, item 7): paths that are not regular files, legacy encodings
that must not turn into Polish mojibake, and control characters that must not reach an export.

Each test runs the real CLI (or the library) on real files, FIFOs, sockets and devices."""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import xml.parsers.expat
from pathlib import Path

import pytest

from conftest import run_cli_cmd

RUSSIAN = ("Президент России Владимир Путин встретился в Москве с президентом Казахстана. "
           "Стороны подписали соглашение о сотрудничестве в области энергетики и транспорта.\n")
SPANISH = ("El presidente de España se reunió con el señor ministro en Bogotá; acordaron la inversión "
           "de cien millones para la construcción de una línea ferroviaria.\n")
ENGLISH = ("Kazakh President Kassym-Jomart Tokayev met President Donald Trump at the White House on "
           "Thursday. Cove Kaz Capital Group LLC will hold a 70% stake in the tungsten venture.\n")


def one_error_line(code: int, err: str, *mentions: str) -> str:
    assert code == 2, f"exit {code}: {err!r}"
    assert "Traceback" not in err, err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("summitkg: error:"), err
    for m in mentions:
        assert m.lower() in lines[0].lower(), lines[0]
    return lines[0]


def stored_text(store: Path) -> str:
    from summitkg.graph.export import export

    return export(store, "nq").decode("utf-8")


# ------------------------------------------------------------------ only regular files

def test_a_fifo_is_refused_at_once_without_taking_the_lock(tmp_path):
    """A FIFO used to block the build forever, holding the store lock: now one line, exit 2,
    in well under the deadline, and the store folder is not even created."""
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    store = tmp_path / "store"
    started = time.monotonic()
    code, _, err = run_cli_cmd("build", fifo, "--store", store, timeout=20)
    assert time.monotonic() - started < 20
    one_error_line(code, err, "named pipe", "not an article file")
    assert not store.exists(), "the store was created (and locked) before the input was checked"


def test_a_fifo_among_good_articles_leaves_an_existing_store_alone(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    store = tmp_path / "store"
    assert run_cli_cmd("build", good, "--store", store)[0] == 0
    before = (store / "summitkg-store.json").read_bytes()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run_cli_cmd("build", good, fifo, "--store", store, timeout=20)
    one_error_line(code, err, "named pipe")
    assert (store / "summitkg-store.json").read_bytes() == before


def test_read_article_refuses_a_fifo_without_waiting_for_a_writer(tmp_path):
    """The library refuses it too (it used to wait in ``open`` until a writer came)."""
    from summitkg.builders.article import InputError, read_article

    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    reader = threading.Thread(target=lambda: result.append(_raised(read_article, fifo)), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "read_article blocked on a FIFO"
    assert isinstance(result[0], InputError) and "named pipe" in str(result[0])


def _raised(fn, *args):
    try:
        fn(*args)
    except BaseException as exc:  # noqa: BLE001 - handed back to the test
        return exc
    return None


def test_a_character_device_is_refused(tmp_path):
    code, _, err = run_cli_cmd("build", "/dev/zero", "--store", tmp_path / "store", timeout=20)
    one_error_line(code, err, "/dev/zero", "character device")
    assert not (tmp_path / "store").exists()


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        code, _, err = run_cli_cmd("build", path, "--store", tmp_path / "store", timeout=20)
    finally:
        sock.close()
    one_error_line(code, err, "socket")


def test_read_article_refuses_a_directory(tmp_path):
    from summitkg.builders.article import InputError, read_article

    with pytest.raises(InputError, match="is a directory, not an article file"):
        read_article(tmp_path)


def test_a_fifo_inside_a_folder_is_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    code, out, err = run_cli_cmd("build", folder, "--store", tmp_path / "store", timeout=60)
    assert code == 0, err
    assert "built 1 article" in out


# ------------------------------------------------------------------ encodings

def test_koi8_r_russian_is_decoded_as_cyrillic_not_polish(tmp_path):
    """KOI8-R Russian used to be "decoded as Windows-1250 (Polish)" and stored as mojibake."""
    article = tmp_path / "ru.txt"
    article.write_bytes(RUSSIAN.encode("koi8-r"))
    code, _, err = run_cli_cmd("build", article, "--store", tmp_path / "store")
    assert code == 0, err
    assert "KOI8-R (Russian)" in err and "Polish" not in err, err
    text = stored_text(tmp_path / "store")
    assert "Президент России" in text
    assert "đŇ" not in text and "ĹÔ" not in text


def test_latin1_spanish_is_decoded_as_spanish_not_polish(tmp_path):
    article = tmp_path / "es.txt"
    article.write_bytes(SPANISH.encode("latin-1"))
    code, _, err = run_cli_cmd("build", article, "--store", tmp_path / "store")
    assert code == 0, err
    assert "Windows-1252 (Spanish)" in err and "Polish" not in err, err
    text = stored_text(tmp_path / "store")
    assert "España" in text and "señor" in text and "Espańa" not in text


@pytest.mark.parametrize("content, says", [
    # é and ù/ů: Latin-1 French reads as Czech in Windows-1250 too; no way to tell from the bytes
    ("Le président a visité la capitale. Café, été, où.".encode("latin-1"), "could be"),
    (bytes(range(128, 256)) * 3, "cannot be told with confidence"),
])
def test_an_encoding_that_cannot_be_told_is_refused(tmp_path, content, says):
    article = tmp_path / "x.txt"
    article.write_bytes(content)
    code, _, err = run_cli_cmd("build", article, "--store", tmp_path / "store")
    one_error_line(code, err, "not utf-8", says, "convert it to utf-8")


@pytest.mark.parametrize("text, encoding, label", [
    (RUSSIAN, "koi8-r", "KOI8-R (Russian)"),
    (RUSSIAN, "cp1251", "Windows-1251 (Russian)"),
    (SPANISH, "latin-1", "Windows-1252 (Spanish)"),
    ("Der Kanzler traf den Präsidenten in München; die Gespräche über Rüstung. Straße.\n", "latin-1",
     "Windows-1252 (German)"),
    ("Prezydent spotkał się z premierem w Łodzi; źródła podają, że umowę podpisano.\n", "cp1250",
     "Windows-1250 (Polish)"),
    ("Prezydent spotkał się z premierem w Łodzi; źródła podają, że umowę podpisano.\n", "iso-8859-2",
     "ISO-8859-2 (Polish)"),
])
def test_legacy_encodings_decode_to_the_original_text(text, encoding, label):
    from summitkg.builders.article import decode

    got, warnings = decode(text.encode(encoding), "a.txt")
    assert got == text
    assert len(warnings) == 1 and label in warnings[0], warnings


# ------------------------------------------------------------------ control characters

CONTROL_ARTICLE = (ENGLISH * 60 + "Page two\x0cbegins here.\n" + "Odd \x01 byte and a NUL \x00 here.\n"
                   + "Delete \x7f, C1 \x85, a non-character \uffff.\n" + ENGLISH)


def _parse_back(data: bytes, fmt: str) -> int:
    """Parse one export with an independent parser (rdflib; expat for RDF/XML); the triple count."""
    import rdflib

    if fmt == "xml":
        parser = xml.parsers.expat.ParserCreate()
        parser.Parse(data, True)           # raises ExpatError on a character XML forbids
    if fmt == "jsonld":
        json.loads(data)
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld",
                  "xml": "xml"}[fmt]
    graph = rdflib.Dataset() if fmt in ("nq", "trig", "jsonld") else rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format=rdflib_fmt)
    return len(graph) if not isinstance(graph, rdflib.Dataset) else sum(len(g) for g in graph.graphs())


@pytest.fixture(scope="module")
def control_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("controls")
    article = folder / "ctrl\x01name.txt"
    data = CONTROL_ARTICLE.encode("utf-8")
    assert data.index(b"\x00") > 4096          # past the binary sniffing window
    article.write_bytes(data)
    code, _, err = run_cli_cmd("build", article, "--store", folder / "store")
    assert code == 0, err
    (folder / "build.err").write_text(err, encoding="utf-8")
    return folder / "store"


def test_replaced_control_characters_are_reported(control_store):
    err = (control_store.parent / "build.err").read_text(encoding="utf-8")
    assert "control character(s) replaced by spaces" in err, err


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "xml"])
def test_control_characters_never_reach_an_export(control_store, tmp_path, fmt):
    """A form feed, \\x01 or NUL after the first 4,096 bytes used to build fine and make
    ``export --format xml`` write a document expat rejects."""
    out = tmp_path / f"out.{fmt}"
    code, _, err = run_cli_cmd("export", "--store", control_store, "--format", fmt, "-o", out)
    assert code == 0, err
    data = out.read_bytes()
    assert _parse_back(data, fmt) > 50
    for bad in (b"\x00", b"\x01", b"\x0c", b"\x7f", "\uffff".encode(), "\x85".encode()):
        assert bad not in data, (fmt, bad)


def test_control_characters_are_replaced_one_for_one():
    """Offsets into the kept text stay valid: each character is replaced, none removed."""
    from summitkg.builders.article import article_from_text

    art = article_from_text(CONTROL_ARTICLE, source_path="a.txt", language="en")
    assert len(art.text) == len(CONTROL_ARTICLE)
    assert "Page two\nbegins" in art.text and "Odd   byte" in art.text


def test_many_control_characters_past_the_start_are_binary(tmp_path):
    article = tmp_path / "mixed.txt"
    article.write_bytes(ENGLISH.encode() * 30 + b"\x00\x01\x02" * 2000)
    code, _, err = run_cli_cmd("build", article, "--store", tmp_path / "store")
    one_error_line(code, err, "binary data")
