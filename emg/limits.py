"""How long a text typed into the workspace may be.

The Group's documents (sample_data/) set the scale: their longest paragraph, an activity of the
2014–2015 work plan, is about 2,300 characters; a whole summary of action points about 7,000.
A text of several paragraphs (a decision, a clause, an activity's description, a progress item,
next steps …) may hold ``TEXT`` characters, some ten times the longest seen, six printed pages.
A footnote is printed at the foot of the page that calls it and cannot run on to the next, so it
holds ``NOTE`` characters, a third of a page. Names and titles are CharFields with their own
max_length.

Each limit is kept three times: by the field's max_length, which forms and the importer read
(the form's message says how long the text is; the importer refuses the record, naming its
line); by a validator, for full_clean; and by a check constraint, so that no other way of
writing stores more.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

TEXT = 20_000
NOTE = 2_000


def text_field(verbose_name, *, max_length: int = TEXT, **options) -> models.TextField:
    """A TextField of at most ``max_length`` characters."""
    return models.TextField(
        verbose_name,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
        **options,
    )


def length_constraint(model: str, field: str, max_length: int = TEXT) -> models.CheckConstraint:
    """The database's own refusal of a ``field`` longer than ``max_length`` characters."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{model}_{field}_max_length",
    )
