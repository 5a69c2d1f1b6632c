"""Signal receivers of the Group's app, connected in EmgConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from emg.models import User
from emg.sessions import sessions_end


@receiver(post_save, sender=User, dispatch_uid="emg.end_sessions_of_inactive_user")
def end_sessions_of_inactive_user(sender, instance, **kwargs):
    # Whatever saved the user (the admin, a command, the shell): an account that is switched
    # off must not stay signed in elsewhere until its sessions time out.
    if not instance.is_active:
        sessions_end(user=instance)
