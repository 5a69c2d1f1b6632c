"""Forms of progress reporting: a focal point's update (progress items and next steps) and the
secretariat's return comment."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from emg.forms import VersionField, shown
from progress.compile import status_lead
from progress.models import Status, Update, UpdateItem
from progress.services import ItemData, item_problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ItemHelper(FormHelper):
    form_tag = False
    disable_csrf = True


class ProgressItemForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *Status.choices], required=True
    )
    text = forms.CharField(
        label=_("Progress"),
        required=False,
        max_length=UpdateItem._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('What was done. A "not yet started" item may leave this empty.'),
    )
    target_date = forms.DateField(
        label=_("New target date"),
        required=False,
        widget=DateInput(),
        help_text=_("For an item that is ongoing but postponed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()

    def item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            status=data["status"], text=data.get("text") or "", target_date=data.get("target_date")
        )


# The most items an update holds: the SOM reports' progress cells hold a handful. The page offers
# a blank item below the others until there are this many, and no post builds more forms (Django's
# default bound, 2000, let a forged TOTAL_FORMS tie a worker up for seconds).
MAX_ITEMS = 20


class BaseItemFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The items were sent incomplete or altered (%(field_names)s). Open the page again "
            "and enter them anew."
        ),
        "too_many_forms": ngettext_lazy(
            "An update holds at most %(num)d progress item: delete it to add another.",
            "An update holds at most %(num)d progress items: delete one to add another.",
            "num",
        ),
    }

    def clean(self):
        counts = self.management_form.cleaned_data
        negative = [name for name in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT) if counts[name] < 0]
        if negative:
            # Integers to the management form, but no page sends them: a negative total
            # builds no form at all, and the update would be saved without its items.
            raise forms.ValidationError(
                self.error_messages["missing_management_form"],
                code="missing_management_form",
                params={"field_names": ", ".join(map(self.add_prefix, negative))},
            )

    def kept(self) -> list[ProgressItemForm]:
        # A blank extra form is left alone (its cleaned_data is empty); so is a deleted one.
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("status") and not self._should_delete_form(form)
        ]

    def items(self) -> list[ItemData]:
        return [form.item() for form in self.kept()]

    def check_for_submit(self) -> bool:
        """Put what keeps the items from being submitted next to their fields; True when
        nothing does."""
        ok = True
        kept = self.kept()
        for form in kept:
            for field, problem in item_problems(form.item()).items():
                form.add_error(field, problem)
                ok = False
        if not kept:
            self._non_form_errors = self.error_class(
                [_("Add at least one progress item before submitting.")],
                renderer=self.renderer,
            )
            ok = False
        return ok


ProgressItemFormSet = forms.formset_factory(
    ProgressItemForm,
    formset=BaseItemFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


class UpdateForm(forms.Form):
    """Next steps and the version of the update the form was opened on (0 when the task had no
    update yet)."""

    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=Update._meta.get_field("next_steps").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What comes next, as the report's last column says it."),
    )
    version = VersionField()
    conflict = None  # set when a save is refused (emg.views.editing.refuse)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()

    def current_values(self, update: Update) -> list[tuple[str, str]]:
        """The update as saved now: its items, each led by its status words, and next steps."""
        items = [
            (str(_("Item %(number)s") % {"number": number}), item_line(item))
            for number, item in enumerate(update.items.order_by("order"), start=1)
        ]
        return [*items, (str(self.fields["next_steps"].label), shown(update.next_steps))]


def item_line(item: UpdateItem) -> str:
    """A progress item as the report prints it: "Ongoing/postponed: … (new target date: …)"."""
    line = f"{status_lead(item.status)} {item.text}".strip()
    if item.target_date:
        day = date_format(item.target_date, "j F Y")
        line += " " + str(_("(new target date: %(date)s)") % {"date": day})
    return line


def update_forms(update: Update | None, data=None):
    """The update form and the items formset, filled from ``update`` (or from ``data``)."""
    initial_items = (
        [
            {"status": item.status, "text": item.text, "target_date": item.target_date}
            for item in update.items.all()
        ]
        if update is not None
        else []
    )
    form = UpdateForm(
        data,
        initial={
            "next_steps": update.next_steps if update is not None else "",
            "version": update.version if update is not None else 0,
        },
    )
    formset = ProgressItemFormSet(data, initial=initial_items, prefix="items")
    return form, formset


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the focal points"),
        required=True,
        max_length=Update._meta.get_field("reviewer_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what the focal points should fix: a comment is required.")
        },
        help_text=_("Required to return the update: what to fix or add."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = ItemHelper()
