"""One e-mail: addresses a relay without SMTPUTF8 accepts, and a 7-bit clean MIME message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from skillsync.addresses import AddressError, parse_one
from skillsync.output.capped import clip
from skillsync.output.digest import Rendered

# Gmail clips a message past about 102 KB; stay clearly under it, headers included.
MAX_MESSAGE_BYTES = 100_000


class _SmtpPolicy(policy.EmailPolicy):
    """policy.SMTP (RFC 2047 words for non-ASCII, CRLF), with no header left empty on its
    first line.

    When a value fits on a line of its own, the stdlib folder moves all of it to a
    continuation line ("Message-ID:\r\n <...>"). That is legal, but parsers (Python's own
    among them) then read the value with a leading space, which breaks threading on a
    Message-ID; so the first piece stays beside the name, a few characters past 78.
    """

    def fold_binary(self, name: str, value: str) -> bytes:
        folded = super().fold_binary(name, value)
        moved = f"{name}:{self.linesep} ".encode("ascii")
        if folded.startswith(moved):
            return f"{name}: ".encode("ascii") + folded[len(moved):]
        return folded


POLICY = _SmtpPolicy(linesep="\r\n")


class BadAddress(ValueError):
    """An address this mailer cannot send to; str() says why, for the output lines."""


def address(text: str, name: str = "") -> Address:
    """`text` as an Address any relay accepts, with `name` (any script) as display name.

    A local part outside ASCII needs SMTPUTF8, which many relays lack: that is refused here
    (the core reports such rows as data problems) rather than failing mid-send. A domain
    outside ASCII is sent in its IDNA form, which every relay understands.
    """
    local, at, domain = text.strip().rpartition("@")
    if not at or not local or not domain:
        raise BadAddress(f"'{clip(text, 60)}' is not an e-mail address")
    if not local.isascii():
        raise BadAddress(f"'{clip(text, 60)}' has non-ASCII letters before the @, which "
                         "relays without SMTPUTF8 refuse")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
        return Address(display_name=clip(name, 80), username=local, domain=ascii_domain)
    except (UnicodeError, ValueError, IndexError, HeaderParseError) as exc:
        raise BadAddress(f"'{clip(text, 60)}' is not a deliverable address ({exc})") from exc


def configured(text: str) -> Address:
    """An address as written in the config: 'name@host' or 'Display Name <name@host>',
    exactly one (see skillsync.addresses: nothing is guessed)."""
    try:
        name, spec = parse_one(text)
    except AddressError as exc:
        raise BadAddress(f"'{clip(text, 60)}' {exc}") from exc
    return address(spec, name)


@dataclass(frozen=True)
class Outgoing:
    """A message ready to go, with what the output lines say about it."""

    kind: str  # "digest" | "team" | "nudge" | "leads"
    recipients: tuple[Address, ...]
    subject: str
    data: bytes  # exactly what is measured, sent, and kept on disk

    @property
    def envelope_to(self) -> list[str]:
        return [a.addr_spec for a in self.recipients]

    def describe(self) -> str:
        what = {"digest": "the digest", "team": "a team digest", "nudge": "a nudge",
                "leads": "the leads' restricted digest"}[self.kind]
        return f"{what} to {', '.join(self.envelope_to)}: {self.subject}"


def build(sender: Address, recipients: tuple[Address, ...], rendered: Rendered,
          now: datetime, kind: str) -> Outgoing:
    """multipart/alternative: the text twin first, then the HTML, both quoted-printable."""
    subject = clip(rendered.subject, 200)
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = recipients
    message["Subject"] = subject
    # Neither smtplib nor EmailMessage adds these; spam filters distrust mail without them.
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("skillsync", domain=sender.domain)
    # Marks the mail as machine-made (RFC 3834) and asks Exchange to hold back
    # out-of-office replies, which would otherwise answer every nudge.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(rendered.text, subtype="plain", charset="utf-8",
                        cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8",
                            cte="quoted-printable")
    return Outgoing(kind, recipients, subject, message.as_bytes(policy=POLICY))
