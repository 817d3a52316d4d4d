"""Ctrl-C while `sync --send` waits for the relay's answer to a message's DATA: smtplib's
`with SMTP(...)` exit sends QUIT and reads the answer still pending -- the relay's "250 OK"
for the message -- and raises SMTPResponseException(250) in place of the KeyboardInterrupt.
mail.send takes it for a relay failure: the run goes on, says "mail not sent: ... answered
250 OK", exits 3 and keeps the message the relay accepted as an unsent .eml in outbox/, so
whoever sends the outbox later mails it twice. Interrupted, the connection is closed
without QUIT and the run stops as interrupted. A real aiosmtpd relay, a real process."""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 300  # seconds before a stuck child counts as a failure (never a timing check)


class HeldRelay:
    """Accepts every message, but holds its answer to DATA until released."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        self.accepted += 1
        return "250 OK"


def test_ctrl_c_while_a_message_is_answered_is_not_a_relay_failure(tmp_path, private_state):
    relay = HeldRelay()
    with socket.socket() as probe:  # a free port: aiosmtpd's start() needs the real one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        book = tmp_path / "inventory.xlsx"
        shutil.copy(ROOT / "examples" / "inventory.xlsx", book)
        settings = tmp_path / "mail.toml"
        settings.write_text(f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
                            'security = "none"\nfrom = "Skills digest <skillsync@example.com>"\n'
                            'to = ["leads@example.com"]\n')
        child = subprocess.Popen(
            [sys.executable, "-m", "skillsync", "sync", str(book), "--send", "--config",
             str(settings)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            assert relay.arrived.wait(PATIENCE), "the digest never reached the relay"
            child.send_signal(signal.SIGINT)  # the operator presses Ctrl-C
            relay.release.wait(1.0)  # let the signal land while the answer is awaited
            relay.release.set()
            _, err = child.communicate(timeout=PATIENCE)
        finally:
            if child.poll() is None:
                child.kill()
    finally:
        controller.stop()
    stderr = err.decode()
    assert child.returncode == 1, stderr  # interrupted: the documented "unexpected" code
    assert "Aborted" in stderr, stderr
    kept = list((private_state / "outbox").rglob("*.eml")) if (
        private_state / "outbox").exists() else []
    assert "answered 250" not in stderr, stderr
    assert not kept, f"the message the relay accepted is kept to be sent again: {kept}"
