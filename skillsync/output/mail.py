"""Mailing a run: the digest, team digests and nudges over SMTP, or kept on disk on failure.

The password comes only from SKILLSYNC_SMTP_PASSWORD and is never printed. A failed send
never undoes the sync: the messages not sent are written as .eml files to a private
folder of the state dir, and MailError (exit 3) names the SMTP error and that folder.
Every server step has a timeout ([email] timeout) and the whole send a deadline ([email]
deadline) that also ends a server trickling its answers; answers are capped in length.
"""

from __future__ import annotations

import os
import shutil
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2

from skillsync import netguard, paths
from skillsync.config import BESIDE, Config, EmailConfig
from skillsync.errors import ConfigError
from skillsync.output import mailplan
from skillsync.output.mailmsg import BadAddress, Outgoing, configured
from skillsync.terminal import one_line

PASSWORD_ENV = "SKILLSYNC_SMTP_PASSWORD"
KEEP_OUTBOXES = 7
REPLY_LINES = 100  # lines of one server answer; EHLO lists a dozen
LINE_BYTES = 8192  # one answer line, as smtplib allows


def preflight(config: Config, *, dry_run: bool = False) -> None:
    """Refuse, before anything is synced, a send that cannot work."""
    email = config.email
    if not (email.to or email.team_digests or email.nudges or config.org.leads):
        raise ConfigError("nothing to send: set [email] to = [\"leads@example.com\"], "
                          "team_digests = true or nudges = true in skillsync.toml")
    if not email.sender:
        raise ConfigError("set [email] from = \"Skills digest <skillsync@example.com>\" "
                          "in skillsync.toml")
    for text in (email.sender, *email.to):
        try:
            configured(text)
        except BadAddress as exc:
            raise ConfigError(f"[email]: {exc}") from exc
    if not dry_run:
        _check_connection_settings(email, config)


def _check_connection_settings(email: EmailConfig, config: Config) -> None:
    if config.origin == BESIDE and (email.username or email.ca_file):
        raise ConfigError(f"{config.describe()} sets the SMTP login or the CA to trust, but a "
                          "settings file beside the workbook can be changed by anyone who can "
                          "write that folder and would receive the SMTP password; pass the "
                          "settings with --config FILE from a private place")
    if not email.smtp_host:
        raise ConfigError("set [email] smtp_host in skillsync.toml to send mail")
    if email.ca_file is not None and not email.ca_file.is_file():
        raise ConfigError(f"[email] ca_file {email.ca_file} does not exist")
    if email.username and email.security == "none":
        raise ConfigError("[email] security = \"none\" would send the SMTP password "
                          "unencrypted; use \"starttls\" or \"ssl\"")
    password = os.environ.get(PASSWORD_ENV, "")
    if email.username and not password:
        raise ConfigError(f"[email] username is set: put the SMTP password in {PASSWORD_ENV}")
    if email.username and not (password.isascii() and email.username.isascii()):
        # smtplib sends AUTH credentials as ASCII and would fail halfway through the run
        raise ConfigError(f"the SMTP username or the password in {PASSWORD_ENV} has "
                          "non-ASCII characters, which SMTP login here cannot send")


@dataclass(frozen=True)
class Delivery:
    """What mailing did: one line per message or skipped recipient, and why it failed."""

    lines: tuple[str, ...] = ()
    failure: str | None = None  # one line, when some message could not be sent


def deliver(sync: mailplan.Sync, *, dry_run: bool = False,
            now: datetime | None = None) -> Delivery:
    """Send (or, dry, list) every planned message. A relay that fails does not undo the
    sync: the messages not sent are kept as .eml files and the failure is returned."""
    preflight(sync.config, dry_run=dry_run)
    now = now or datetime.now().astimezone()
    try:
        planned = mailplan.plan(sync, now)
    except jinja2.TemplateError as exc:  # a nudge template, say; the sandbox refused it
        where = f" in {exc.name}" if getattr(exc, "name", None) else ""
        raise ConfigError(f"the mail template{where} does not work: {one_line(exc, 200)}; "
                          "nothing was sent") from exc
    lines = list(planned.notes)
    if dry_run:
        lines.extend(f"Would send {m.describe()}" for m in planned.messages)
        return Delivery(tuple(lines))
    outcome = send(sync.config.email, planned.messages)
    lines.extend(outcome.lines())
    unsent = outcome.unsent(planned.messages)
    if not unsent:
        return Delivery(tuple(lines))
    folder = keep(unsent, now)
    lines.append(f"Kept {len(unsent)} unsent message{_s(unsent)} in {folder}")
    failure = (f"{outcome.failure(len(planned.messages))}; the {len(unsent)} "
               f"message{_s(unsent)} not sent {'is' if len(unsent) == 1 else 'are'} "
               f"kept in {folder}")
    return Delivery(tuple(lines), failure)


@dataclass
class Outcome:
    sent: list[Outgoing] = field(default_factory=list)
    refused: list[tuple[Outgoing, str]] = field(default_factory=list)
    stopped: str | None = None  # why the connection ended before every message went

    def unsent(self, planned: list[Outgoing]) -> list[Outgoing]:
        done = {id(m) for m in self.sent}
        return [m for m in planned if id(m) not in done]

    def lines(self) -> list[str]:
        lines = [f"Sent {m.describe()}" for m in self.sent if m.kind != "nudge"]
        nudges = [m for m in self.sent if m.kind == "nudge"]
        if nudges:
            lines.append(f"Sent {len(nudges)} nudge{_s(nudges)} to people whose row needs "
                         "attention")
        lines.extend(f"Not sent: {m.describe()} ({why})" for m, why in self.refused)
        return lines

    def failure(self, planned: int) -> str:
        reason = self.stopped or self.refused[0][1]
        if len(self.refused) > 1:
            reason += f" (and {len(self.refused) - 1} more refused)"
        if not self.sent:
            return f"mail not sent: {reason}"
        return f"{len(self.sent)} of {planned} messages sent: {reason}"


def send(email: EmailConfig, messages: list[Outgoing]) -> Outcome:
    """One connection for all messages; a refused message does not stop the others."""
    outcome = Outcome()
    sender = configured(email.sender or "").addr_spec
    where = f"{email.smtp_host}:{email.smtp_port}"
    with netguard.Deadline(email.deadline, f"mail to {where}") as deadline:
        try:
            with connect(email) as smtp:
                for message in messages:
                    refusal = _send_one(smtp, sender, message)
                    if refusal:
                        outcome.refused.append((message, refusal))
                    else:
                        outcome.sent.append(message)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            outcome.stopped = (f"{where} did not finish within {email.deadline:g} s (the "
                               "[email] deadline setting)" if deadline.expired
                               else explain(exc, email))
    return outcome


def _send_one(smtp: smtplib.SMTP, sender: str, message: Outgoing) -> str | None:
    try:
        refused = smtp.sendmail(sender, message.envelope_to, message.data)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        return f"the server answered {exc.smtp_code} {_said(exc.smtp_error)}"
    if not refused:
        return None
    return "; ".join(f"{rcpt} refused with {code} {_said(said)}"
                     for rcpt, (code, said) in refused.items())


class _Guarded(smtplib.SMTP):
    """smtplib's client, its socket watched by the send's deadline, its answers capped."""

    def _get_socket(self, host: str, port: int, timeout: float):
        sock = super()._get_socket(host, port, timeout)
        netguard.watch(sock)  # before the greeting is read: that can trickle too
        return sock

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        """smtplib says QUIT on the way out, whatever happened. After a Ctrl-C the relay
        may still be answering a message, and that answer would be read as QUIT's, turning
        the interruption into a "relay failure" that keeps a delivered message to be sent
        again. Interrupted, the connection is just closed."""
        if kind is not None and not issubclass(kind, Exception):
            self.close()
            return
        super().__exit__(kind, *rest)

    def getreply(self) -> tuple[int, bytes]:
        """smtplib's getreply, refusing an answer of more than REPLY_LINES lines."""
        lines: list[bytes] = []
        if self.file is None:
            self.file = self.sock.makefile("rb")
        while True:
            try:
                line = self.file.readline(LINE_BYTES + 1)
            except OSError as exc:
                self.close()
                raise smtplib.SMTPServerDisconnected(f"connection closed: {exc}") from exc
            if not line:
                self.close()
                raise smtplib.SMTPServerDisconnected("connection closed unexpectedly")
            if len(line) > LINE_BYTES or len(lines) >= REPLY_LINES:
                self.close()
                raise smtplib.SMTPResponseException(500, b"answer too long")
            lines.append(line[4:].strip(b" \t\r\n"))
            code = line[:3]
            if not code.isdigit():
                return -1, b"\n".join(lines)
            if line[3:4] != b"-":
                return int(code), b"\n".join(lines)


class _GuardedSSL(_Guarded, smtplib.SMTP_SSL):
    pass


def connect(email: EmailConfig) -> smtplib.SMTP:
    """A logged-in connection as configured, with the timeout on every socket operation."""
    if email.security == "ssl":
        smtp: smtplib.SMTP = _GuardedSSL(email.smtp_host or "", email.smtp_port,
                                         timeout=email.timeout, context=tls(email))
    else:
        smtp = _Guarded(email.smtp_host or "", email.smtp_port, timeout=email.timeout)
    try:
        if email.security == "starttls":
            smtp.starttls(context=tls(email))
        if email.username:
            smtp.login(email.username, os.environ.get(PASSWORD_ENV, ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


def tls(email: EmailConfig) -> ssl.SSLContext:
    """The system's trusted CAs (SSL_CERT_FILE is honoured), plus [email] ca_file if set.

    Verification is never turned off: a relay with a private CA is trusted by naming it.
    """
    return netguard.tls_context(str(email.ca_file) if email.ca_file is not None else None)


def explain(exc: BaseException, email: EmailConfig) -> str:
    """One line naming what went wrong with the server, for people reading a cron log."""
    where = f"{email.smtp_host}:{email.smtp_port}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where} answered {exc.smtp_code} {_said(exc.smtp_error)}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"the TLS certificate of {where} is not trusted ({exc.verify_message}); "
                "if the server uses a private CA, set [email] ca_file")
    # smtplib reports a read that timed out as a disconnection; the timeout is its context.
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return f"{where} did not answer within {email.timeout:g} s"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{where} closed the connection ({exc})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{where}: {exc}; check [email] security and smtp_port"
    if isinstance(exc, OSError):
        return f"cannot reach {where} ({exc.strerror or exc})"
    return f"{where}: {exc}"


def keep(messages: list[Outgoing], now: datetime) -> Path:
    """The messages as .eml files (0600) in a new 0700 folder under the state dir."""
    outbox = paths.private_subdir("outbox")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    folder, n = outbox / stamp, 1
    while folder.exists():
        n += 1
        folder = outbox / f"{stamp}-{n}"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    for index, message in enumerate(messages, 1):
        path = folder / f"{index:05d}-{message.kind}.eml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.data)
    _prune(outbox)
    return folder


def _prune(outbox: Path) -> None:
    """Keep the newest KEEP_OUTBOXES folders: they hold personal data, and tonight's digest
    supersedes last week's."""
    folders = sorted((p for p in outbox.iterdir() if p.is_dir()), key=lambda p: p.name)
    for old in folders[:-KEEP_OUTBOXES]:
        shutil.rmtree(old, ignore_errors=True)


def _said(text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return one_line(said, 200)


def _s(items: list) -> str:
    return "" if len(items) == 1 else "s"
