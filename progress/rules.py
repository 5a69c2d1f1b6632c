"""Permissions on reporting rounds. The secretariat prepares rounds and reviews updates; what
focal points and senior officials may see of tasks and updates is decided with the reporting
pages."""

from emg.permissions import grant, has_role, is_secretariat

for model in ("reportinground", "reportsection"):
    grant("progress", model, view=has_role, change=is_secretariat)
