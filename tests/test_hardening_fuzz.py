"""Fuzzing the package reader and writer with mutated .xlsx bytes (issue 11, tests).

Each example mutates a real workbook — raw bytes of the zip, or the XML inside one part
(re-zipped with correct checksums, so the parsers are reached), or the package's part
list — and syncs it in a forked child limited in memory and time. A child must finish:
with a report, or with a SkillsyncError (one line, a documented exit code). Any other
exception, a crash (calamine aborts the process on allocation failure) or a hang is a
finding. Every finding is kept in tests/data/fuzz as a regression case, run first.

SKILLSYNC_FUZZ_EXAMPLES sets the number of examples (default 80, about twenty seconds);
a longer run: SKILLSYNC_FUZZ_EXAMPLES=3000 pytest tests/test_hardening_fuzz.py
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import signal
import traceback
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from hostile import small_workbook
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from messy import build_messy_workbook

from skillsync.config import Config
from skillsync.errors import SkillsyncError
from skillsync.pipeline import run

FINDINGS = Path(__file__).parent / "data" / "fuzz"
EXAMPLES = int(os.environ.get("SKILLSYNC_FUZZ_EXAMPLES", "80"))
CHILD_SECONDS = 60
CHILD_MEMORY = 3 << 30
NOW = datetime(2026, 11, 27, 9, 0)
TOKENS = [b"<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>", b"&b;", b"<![CDATA[",
          b"]]>", b"<!--", b"-->", b"</sheets>", b"<sheets>", b'r="XFD1048576"', b'r="A0"',
          b't="e"', b't="s"', b't="inlineStr"', b"<v>99999999999</v>", b"<v>-1</v>",
          b"&#0;", b"&#x110000;", b"\xff\xfe", b"\x00", b'<c r="A1">', b"</sheetData>",
          b"<row>", b'<row r="1048577">', b"_x0000_", b"<si>", b"</si>", b"<f>", b'count="-5"',
          b'numFmtId="999999999999"', b'localSheetId="0"', b'Target="../../x"',
          b'<mergeCell ref="A1:XFD1048576"/>', b"<?xml version='1.0'?>", b"<x:c ", b"\r\n"]


@cache
def seeds() -> tuple[bytes, ...]:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"skillsync-fuzz-seeds-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    build_messy_workbook(folder / "messy.xlsx")
    return (small_workbook(folder / "small.xlsx").read_bytes(),
            (folder / "messy.xlsx").read_bytes())


def rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(i.filename, archive.read(i)) for i in archive.infolist()]
    parts = change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return out.getvalue()


@st.composite
def mutated(draw) -> bytes:
    data = draw(st.sampled_from(seeds()))
    kind = draw(st.sampled_from(["bytes", "part", "part", "part", "parts"]))
    if kind == "bytes":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data[: draw(st.integers(len(data) // 2, len(data)))])
    if kind == "part":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        target = draw(st.sampled_from([n for n in names if n.endswith((".xml", ".rels"))]))
        edits = draw(st.lists(st.tuples(st.integers(0, 10**9), st.sampled_from(
            ["insert", "replace", "delete", "duplicate", "truncate"]), st.sampled_from(TOKENS)),
            min_size=1, max_size=4))
        return rezip(data, lambda parts: [(n, _edit(c, edits) if n == target else c)
                                          for n, c in parts])
    action = draw(st.sampled_from(["drop", "rename", "twice"]))
    index = draw(st.integers(0, 10**6))

    def change(parts):
        name, content = parts[index % len(parts)]
        if action == "drop":
            return [p for p in parts if p[0] != name]
        if action == "rename":
            return [(n.upper() if n == name else n, c) for n, c in parts]
        return [*parts, (name.swapcase(), content)]
    return rezip(data, change)


def _edit(content: bytes, edits) -> bytes:
    for position, how, token in edits:
        at = position % (len(content) + 1)
        if how == "insert":
            content = content[:at] + token + content[at:]
        elif how == "replace":
            content = content[:at] + token + content[at + len(token):]
        elif how == "delete":
            content = content[:at] + content[at + len(token) * 4:]
        elif how == "duplicate":
            content = content[:at] + content[at:at + 200] * 3 + content[at:]
        else:
            content = content[:at]
    return content


def outcome(data: bytes, folder: Path) -> tuple[str, str]:
    """('ok' | 'refused' | 'failed' | 'crashed' | 'hung', detail), from a forked child."""
    path = folder / "fuzzed.xlsx"
    path.write_bytes(data)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
        signal.alarm(CHILD_SECONDS)
        try:
            run(path, Config(stale_days=36500), render=False, now=NOW)
            result = ("ok", "")
        except SkillsyncError as exc:
            result = ("refused", f"{type(exc).__name__}: {exc}")
        except BaseException:  # noqa: BLE001 - the finding itself, reported to the parent
            result = ("failed", traceback.format_exc()[-3000:])
        os.write(writer, pickle.dumps(result))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    if answer:
        return pickle.loads(answer)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return "hung", f"no answer within {CHILD_SECONDS} s"
    return "crashed", f"child ended with status {status}"


def keep(data: bytes, kind: str) -> Path:
    FINDINGS.mkdir(parents=True, exist_ok=True)
    import hashlib

    path = FINDINGS / f"{kind}-{hashlib.sha256(data).hexdigest()[:12]}.xlsx"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("finding", sorted(FINDINGS.glob("*.xlsx")) if FINDINGS.is_dir() else [],
                         ids=lambda p: p.name)
def test_findings_kept_from_earlier_runs_stay_fixed(finding, tmp_path):
    kind, detail = outcome(finding.read_bytes(), tmp_path)
    assert kind in ("ok", "refused"), detail


# No shrinking: each step would fork a sync again, and the first finding is what is kept.
@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(mutated())
def test_mutated_workbooks_are_read_or_refused_never_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    kind, detail = outcome(data, folder)
    if kind not in ("ok", "refused"):
        kept = keep(data, kind)
        pytest.fail(f"{kind}: kept as {kept.name}\n{detail}")
