"""The readers of the mandates' legacy documents, found by the importer (see emg.importing)."""

from emg.importing import Reader, Source, Summary, register
from mandates.importing import action_points, terms_of_reference


@register
class TermsOfReferenceReader(Reader):
    kind = "terms of reference"

    def score(self, source: Source) -> int:
        return terms_of_reference.score(source)

    def load(self, source: Source, summary: Summary) -> None:
        terms_of_reference.load(source, summary)


@register
class ActionPointsReader(Reader):
    kind = "summary of action points"

    def score(self, source: Source) -> int:
        return action_points.score(source)

    def load(self, source: Source, summary: Summary) -> None:
        action_points.load(source, summary)
