"""Telling which body a document means, however it names it.

Documents call one body by several names: "IMG on Environmental Sustainability Management", "The
IMG on Environmental Sustainability Management in the United Nations system", "Issue Management
Group on Environmental Sustainability Management". A name is reduced to its kind (from words such
as "Issue Management Group", "Task Team", "Coalition") and its topic words (the rest, without
filler words, plurals or doubled letters). Two names mean the same body when their kinds agree and
the topic words of one include the other's.

Some words name a kind of body wherever they stand: Issue Management Group (IMG), Task Team,
Coalition, Consultative Process, Peer Review. Others are ordinary words too: "consultations",
"review process", "dialogue", "framework". These name a body only inside a proper name, written as
one: the word itself capitalised and not after "a" or "an", and every word of the name but the small
ones (FILLER) capitalised ("EMG Nexus Dialogues", "UN System-Wide Framework of Strategies for the
Environment", "Consultations on Environmental and Social Sustainability"). In a description
("Develop a results framework", "Policy dialogue with member States", "Consultations with members
on the work plan") they name nothing, so no mandate is found or made from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emg.importing.text import strip_markup
from mandates.models import Mandate

# (kind, words, whether the words are ordinary ones that name a body only in a proper name)
KIND_WORDS: list[tuple[str, re.Pattern, bool]] = [
    (Mandate.Kind.TASK_TEAM, re.compile(r"\btask[- ]?teams?\b"), False),
    (Mandate.Kind.COALITION, re.compile(r"\bcoalitions?\b"), False),
    (Mandate.Kind.IMG, re.compile(r"\bissue[- ]management[- ]groups?\b|\bimgs?\b"), False),
    (Mandate.Kind.CONSULTATIVE_PROCESS, re.compile(r"\bconsultative[- ]process(?:es)?\b"), False),
    (Mandate.Kind.REVIEW_PROCESS, re.compile(r"\bpeer[- ]?reviews?\b"), False),
    (Mandate.Kind.CONSULTATIVE_PROCESS, re.compile(r"^consultations\b"), True),
    (Mandate.Kind.REVIEW_PROCESS, re.compile(r"\breview process\b"), True),
    (Mandate.Kind.DIALOGUE_SERIES, re.compile(r"\bdialogues?(?: series)?\b"), True),
    (Mandate.Kind.OTHER, re.compile(r"\bframework\b"), True),
]
FILLER = {
    "the", "a", "an", "of", "on", "for", "in", "and", "to", "with", "at", "by", "un", "united",
    "nations", "system", "emg", "members", "member", "entities", "entity", "agencies", "agency",
    "organisations", "organizations", "organisation", "organization", "series",
}  # fmt: skip
ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&-]{1,11})\)")
LABEL = re.compile(r"^(?:[a-z]{1,2}[.)]|[ivx]+[.)]|\d+\.|[IVX]+\.)\s+")


@dataclass(frozen=True)
class BodyName:
    name: str  # the name as the document writes it, cleaned
    kind: str | None  # None when the words name no kind of body
    topic: frozenset[str]
    acronym: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{' '.join(sorted(self.topic))}"


def _word(token: str) -> str:
    token = re.sub(r"(.)\1+", r"\1", token)  # combatting / combating
    return token[:-1] if len(token) > 3 and token.endswith("s") else token


def read_body_name(text: str) -> BodyName:
    name = LABEL.sub("", strip_markup(text)).strip(" .:;")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    acronyms = ACRONYM.findall(name)
    plain = ACRONYM.sub(" ", name).lower()
    plain = re.sub(r"environment management group", "emg", plain)
    kind = None
    for candidate, words, ordinary in KIND_WORDS:
        if words.search(plain) and (not ordinary or _proper_name(name, words)):
            kind = candidate
            if candidate != Mandate.Kind.OTHER:  # "framework" says what the body is about, too
                plain = words.sub(" ", plain)
            break
    tokens = {
        _word(token)
        for token in re.findall(r"[a-z0-9]+", plain.replace("-", ""))
        if token not in FILLER and len(token) > 1
    }
    return BodyName(
        name=re.sub(r"\s+", " ", name),
        kind=kind,
        topic=frozenset(tokens),
        acronym=acronyms[0] if acronyms else "",
    )


def _proper_name(name: str, words: re.Pattern) -> bool:
    """Whether ``name`` is written as a proper name with ``words`` in it: the words capitalised
    and not after "a" or "an", and every other word but the small ones capitalised."""
    text = re.sub(r"environment management group", "EMG", ACRONYM.sub(" ", name), flags=re.I)
    found = re.compile(words.pattern, re.IGNORECASE).search(text)
    if found is None or not found.group()[0].isupper():
        return False
    if re.search(r"\ban?\s+$", text[: found.start()], re.IGNORECASE):
        return False
    for word in text.split():
        letters = re.sub(r"^[^\w]+", "", word)
        if letters[:1].islower() and letters.lower().strip(".,;:’'") not in FILLER:
            return False
    return True


def _kinds_agree(first: str, second: str) -> bool:
    return first == second or Mandate.Kind.OTHER in (first, second)


def find_mandate(body: BodyName, mandates: list[Mandate]) -> Mandate | None:
    """The known mandate ``body`` names, if any: same kind (or one of them unspecific), and the
    topic words of one include the other's. The closest such mandate wins."""
    best, best_score = None, 0.0
    for mandate in mandates:
        kind, _, words = mandate.key.partition(":")
        topic = frozenset(words.split())
        if not topic or not body.topic or not _kinds_agree(kind, body.kind):
            continue
        if body.acronym and mandate.short_name == body.acronym:
            return mandate
        if topic <= body.topic or body.topic <= topic:
            score = len(topic & body.topic) / len(topic | body.topic)
            if score > best_score:
                best, best_score = mandate, score
    return best
