"""Notifications that move the work: an in-app inbox (/inbox/) and e-mail.

- ``registry``: the kinds (round opened, update returned…), each with who may receive it, its
  default delivery per role and the template of its details. Apps register their own kinds in
  their ``notifications`` module, found like panels; emg never imports them.
- ``services``: ``notify`` (called inside the caller's transaction: one row per recipient and
  event, the mail queued for after the commit), sending one notification, the daily digests,
  reading the inbox, saving preferences.
- ``tasks``: the Celery tasks that send (``send_notification``) and the beat's daily digest
  (``send_digests``).
- ``kinds``: the Group's own kinds: a meeting pack finished, an invitation accepted.
"""
