from django.dispatch import receiver

from usine.schools.retention import personal_data_purged

from .services import purge_contact_messages


@receiver(personal_data_purged, dispatch_uid="about.purge_contact_messages")
def purge_old_contact_messages(sender, now, **kwargs):
    """`manage.py purge_personal_data` deletes old contact messages too (their own period)."""
    purge_contact_messages(now=now)
