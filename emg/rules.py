"""Permissions on the Group's own records: everyone with a role reads; the secretariat writes."""

import rules

from emg.permissions import grant, has_role, is_secretariat, is_senior_official

# The list of participants is a document of the meeting like the others: read by everyone with a
# role, kept by the secretariat.
for model in (
    "entity",
    "meeting",
    "session",
    "agendaitem",
    "document",
    "meetingpack",
    "participant",
):
    grant("emg", model, view=has_role, change=is_secretariat)

# The report of a meeting: who reads which is MeetingReport.objects.visible_to (a draft is the
# secretariat's); the Senior Officials and the secretariat comment while it is circulated.
grant("emg", "meetingreport", view=has_role, change=is_secretariat)
rules.add_perm("emg.comment_meetingreport", is_secretariat | is_senior_official)
grant("emg", "itemsummary", view=is_secretariat, change=is_secretariat)

# Importing legacy documents writes to every app's records: the secretariat's work.
rules.add_perm("emg.import_documents", is_secretariat)

# People (emg.views.people): the secretariat lists, invites and manages them; everyone else
# sees only their own profile. Not Django's "view_user"/"change_user", which the admin reads.


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


rules.add_perm("emg.manage_people", is_secretariat)
rules.add_perm("emg.see_person", is_secretariat | is_self)


# A calendar feed of one's own: everyone with a role (each feed shows what its owner may see).
rules.add_perm("emg.have_calendar_feed", has_role)

# Personal tokens to the read-only API: everyone with a role (a token reads what its owner may).
rules.add_perm("emg.have_api_tokens", has_role)
# The global search: everyone with a role (each finds what their pages show them, emg.search).
rules.add_perm("emg.search", has_role)
