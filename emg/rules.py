"""Permissions on the Group's own records: everyone with a role reads; the secretariat writes."""

from emg.permissions import grant, has_role, is_secretariat

for model in ("entity", "meeting", "session", "agendaitem", "document", "meetingpack"):
    grant("emg", model, view=has_role, change=is_secretariat)
