"""Header spellings: which header text names which field, forgivingly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Header spellings seen in real sheets; compared after dropping case, spaces and punctuation.
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "employee", "employee name", "person",
             "data scientist", "scientist", "first and last name", "colleague", "member",
             "your name", "respondent", "staff name", "team member"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "work email",
              "work e-mail", "corporate email", "email id", "contact email",
              "employee email", "your email", "your e-mail", "username"),
    "team": ("team", "teams", "group", "squad", "department", "dept", "unit", "tribe",
             "team name"),
    "role": ("role", "title", "job title", "position", "seniority", "job role"),
    "manager": ("manager", "manager email", "manager e-mail", "reports to", "line manager",
                "manager's email", "lead email", "team lead email", "managers email"),
    "location": ("location", "office", "city", "site", "country", "based in", "base"),
    "expertise": ("expertise", "areas of expertise", "area of expertise", "skills", "skill set",
                  "skillset", "core skills", "expert in", "technical skills", "strengths",
                  "competencies", "key skills", "expertise areas", "tools", "toolbox",
                  "tool set", "tech stack", "stack", "tooling"),
    "past_projects": ("past projects", "previous projects", "completed projects",
                      "project history", "projects done", "past project", "projects past",
                      "past work", "previous work"),
    "success_rate": ("success rate", "project success rate", "success", "success %",
                     "hit rate", "success rate %", "success ratio", "past success rate"),
    "current_projects": ("current projects", "current project", "active projects",
                         "working on", "ongoing projects", "current work", "projects now"),
    "learn": ("want to learn", "want to learn next", "wants to learn", "learning goals",
              "learning interests", "skills to learn", "interested in learning", "learn next",
              "want to learn or deliver next", "want to learn deliver next", "growth areas",
              "next skills", "wants to deliver next", "want to deliver next",
              "learning wishlist", "wishlist", "learning", "to learn", "learning wishes"),
    "availability": ("availability", "available", "capacity", "free capacity", "allocation",
                     "bandwidth", "available capacity", "availability %"),
    "last_updated": ("last updated", "updated", "last update", "updated on", "date updated",
                     "last modified", "as of", "timestamp", "last edited", "updated at",
                     "last edit", "edited", "last edited on", "last reviewed",
                     "completion time", "submitted at", "submission time", "date submitted",
                     "submitted on", "last modified time"),
}
# The same fields as headers are written in German, French, Spanish, Dutch, Italian and
# Portuguese sheets (matched after accents are written out: "Équipe" is "equipe").
OTHER_LANGUAGES: Mapping[str, tuple[str, ...]] = {
    "name": ("mitarbeiter", "mitarbeiterin", "vollständiger name", "nom complet",
             "nom et prénom", "collaborateur", "employé", "salarié", "nombre completo",
             "empleado", "naam", "medewerker", "nome completo", "dipendente", "colaborador",
             "nome"),
    "email": ("e-mail-adresse", "mailadresse", "courriel", "adresse e-mail", "adresse mail",
              "correo", "correo electrónico", "e-mailadres", "posta elettronica",
              "endereço de e-mail"),
    "team": ("abteilung", "bereich", "équipe", "service", "pôle", "département", "equipo",
             "departamento", "afdeling", "squadra", "reparto", "equipa"),
    "role": ("rolle", "funktion", "position", "rôle", "poste", "fonction", "puesto", "cargo",
             "functie", "ruolo"),
    "location": ("standort", "ort", "lieu", "ville", "ubicación", "ciudad", "sede",
                 "locatie", "localização"),
    "expertise": ("fähigkeiten", "kenntnisse", "kompetenzen", "fachkenntnisse",
                  "compétences", "savoir-faire", "habilidades", "competencias",
                  "conocimientos", "vaardigheden", "competenze", "competências"),
    "learn": ("möchte lernen", "lernwunsch", "lernziele", "souhaite apprendre",
              "à apprendre", "envie d'apprendre", "quiero aprender", "quiere aprender",
              "wil leren", "vorrei imparare", "quer aprender"),
    "past_projects": ("frühere projekte", "abgeschlossene projekte", "projets passés",
                      "projets réalisés", "proyectos anteriores", "vorige projecten"),
    "current_projects": ("aktuelle projekte", "laufende projekte", "projets en cours",
                         "proyectos actuales", "huidige projecten", "progetti in corso"),
    "success_rate": ("erfolgsquote", "erfolgsrate", "taux de réussite", "tasa de éxito",
                     "slagingspercentage", "tasso di successo"),
    "availability": ("verfügbarkeit", "disponibilité", "disponibilidad", "beschikbaarheid",
                     "disponibilità"),
    "last_updated": ("zuletzt aktualisiert", "aktualisiert", "stand", "mis à jour",
                     "dernière mise à jour", "actualizado", "última actualización",
                     "bijgewerkt", "aggiornato"),
}
# A header that merely contains a synonym is not claimed when it also has one of these
# words: "Employee ID" is not a name, "Manager name" is not the manager's e-mail.
VETO: Mapping[str, frozenset[str]] = {
    "name": frozenset({"id", "number", "no", "manager", "email", "mail", "team", "project"}),
    "email": frozenset({"manager", "lead", "boss"}),
    "manager": frozenset({"name"}),
    "team": frozenset({"size", "count", "lead", "manager"}),
    # "Deep learning frameworks", "Machine learning tools": a field of work, not wishes.
    "learn": frozenset({"deep", "machine", "reinforcement", "statistical", "federated",
                        "tool", "tools", "framework", "frameworks", "libraries", "stack",
                        "analytics"}),
    # "Desired skills", "Skills wanted": skills people want, not hold.
    "expertise": frozenset({"desired", "wanted", "target", "gap", "gaps", "missing",
                            "needed", "lacking"}),
}


@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    """'Current project(s)' -> 'currentprojects'; 'E-mail' -> 'email'; 'Équipe' -> 'equipe'
    (accents and ß written out, so headers in other languages are matched as typed)."""
    text = unicodedata.normalize("NFKC", text[:200]).casefold().replace("(s)", "s")
    if not text.isascii():
        text = anyascii(text).casefold()
    return re.sub(r"[^0-9a-z%]+", "", text)


@dataclass(frozen=True)
class HeaderVocabulary:
    exact: Mapping[str, str]  # header_key -> field
    contained: tuple[tuple[str, str], ...]  # (key, field), longest first

    @classmethod
    def build(cls, extra: Mapping[str, Sequence[str]] | None = None) -> HeaderVocabulary:
        exact: dict[str, str] = {}
        for table in (SYNONYMS, OTHER_LANGUAGES):
            for name, spellings in table.items():
                for spelling in spellings:
                    exact.setdefault(header_key(spelling), name)
        for name, spellings in (extra or {}).items():
            for spelling in spellings:
                exact[header_key(spelling)] = name  # configuration wins
        contained = sorted(
            ((k, f) for k, f in exact.items() if len(k) >= 4), key=lambda kf: -len(kf[0])
        )
        return cls(exact, tuple(contained))

    def match(self, text: str) -> tuple[str, int] | None:
        """(field, strength) for one header cell: 2 for an exact spelling, 1 for containment."""
        key = header_key(text)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key], 2
        ordered = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).casefold())
        words = set(ordered)
        asked = text.rstrip().endswith("?")  # a form's question: "Which team are you in?"
        for known, name in self.contained:
            # Four-letter spellings ("name", "mail", "team") only count as the first word,
            # or as a word of a question: "Name (First Last)" is a name; "Surname",
            # "Gmail" and "Teamwork" say nothing.
            found = (ordered[:1] == [known] or (asked and known in words)
                     if len(known) < 5 else known in key)
            if found and not words & VETO.get(name, frozenset()):
                return name, 1
        return None
