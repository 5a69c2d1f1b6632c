"""The EMG's own documents (sample_data/) as the importing tests read them: whole, or with a few
words changed to see what the importer makes of them."""

from django.conf import settings


def seed_text(name: str) -> str:
    return (settings.BASE_DIR / "sample_data" / name).read_text(encoding="utf-8")


def edited(text: str, *replacements: tuple[str, str]) -> str:
    """``text`` with the first occurrence of each ``(old, new)`` replaced."""
    for old, new in replacements:
        assert old in text, f"the seed no longer contains {old!r}"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, words: str) -> int:
    """The number of the first line of ``text`` holding ``words``."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if words in line)
