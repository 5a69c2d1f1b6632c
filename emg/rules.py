"""Permissions on the Group's own records: everyone with a role reads; the secretariat writes."""

import rules

from emg.permissions import grant, has_role, is_secretariat

for model in ("entity", "meeting", "session", "agendaitem", "document", "meetingpack"):
    grant("emg", model, view=has_role, change=is_secretariat)

# Importing legacy documents writes to every app's records: the secretariat's work.
rules.add_perm("emg.import_documents", is_secretariat)

# A calendar feed of one's own: everyone with a role (each feed shows what its owner may see).
rules.add_perm("emg.have_calendar_feed", has_role)
