"""The short alert the digest's readers get instead of the digest when a sync is held back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from skillsync.config import Config
from skillsync.core.integrity import Verdict
from skillsync.core.summary import SyncFacts
from skillsync.output import digest, mail
from skillsync.output.capped import clip
from skillsync.output.digest import Rendered
from skillsync.output.mailmsg import MAX_MESSAGE_BYTES, Outgoing, build, configured

FINDINGS_SHOWN = 6
MESSAGE_CHARS = 1200


@dataclass(frozen=True)
class Reason:
    label: str
    message: str
    fix: str


@dataclass(frozen=True)
class AlertView:
    title: str
    source: str
    synced_at: str
    version: str
    reasons: list[Reason]
    more: int
    people_before: int
    people_now: int
    accept: str  # the command that goes ahead once someone has looked


class AlertMessage(Outgoing):
    def describe(self) -> str:
        return f"the held-back alert to {', '.join(self.envelope_to)}: {self.subject}"


def view(facts: SyncFacts, verdict: Verdict, accept: str, people_before: int,
         people_now: int, shown: int = FINDINGS_SHOWN) -> AlertView:
    findings = list(verdict.findings)
    return AlertView(
        title=f"Skills sync held back — {digest.source_name(facts.source)}",
        source=clip(facts.source, 200),
        synced_at=facts.synced_at.strftime("%Y-%m-%d %H:%M"),
        version=facts.version,
        reasons=[Reason(f.label, clip(f.message, MESSAGE_CHARS), f.hint)
                 for f in findings[:shown]],
        more=max(len(findings) - shown, 0),
        people_before=people_before,
        people_now=people_now,
        accept=clip(accept, 300),
    )


def subject(alert: AlertView) -> str:
    first = alert.reasons[0].label if alert.reasons else "the sheet looks damaged"
    return clip(f"Skills sync held back: {first}", 120)


def render(config: Config, alert: AlertView) -> Rendered:
    env = digest.environment(config.templates)
    return digest.render_view(env, "alert", alert, subject(alert))


def deliver(config: Config, alert: AlertView, *, dry_run: bool,
            now: datetime) -> mail.Delivery:
    """Mail the alert to the digest's readers ([email] to); nobody else is written to."""
    if not config.email.to:
        return mail.Delivery(("No alert mailed: [email] to names nobody to tell that the "
                              "sync was held back.",))
    sender = configured(config.email.sender or "")
    recipients = tuple(configured(t) for t in config.email.to)
    message = _fitting(sender, recipients, config, alert, now)
    if dry_run:
        return mail.Delivery((f"Would send {message.describe()}",))
    outcome = mail.send(config.email, [message])
    if not outcome.unsent([message]):
        return mail.Delivery(tuple(outcome.lines()))
    folder = mail.keep([message], now)
    return mail.Delivery((*outcome.lines(), f"Kept the unsent alert in {folder}"),
                         f"{outcome.failure(1)}; the alert not sent is kept in {folder}")


def _fitting(sender, recipients, config: Config, alert: AlertView,
             now: datetime) -> AlertMessage:
    """The alert with as many reasons as fit the mail size budget."""
    for shown in range(len(alert.reasons), -1, -1):
        cut = AlertView(**{**alert.__dict__, "reasons": alert.reasons[:shown],
                           "more": alert.more + len(alert.reasons) - shown})
        built = build(sender, recipients, render(config, cut), now, "alert")
        if len(built.data) < MAX_MESSAGE_BYTES or shown == 0:
            return AlertMessage("alert", built.recipients, built.subject, built.data)
    raise AssertionError("unreachable")

