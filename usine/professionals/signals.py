"""A booking cancelled by its teacher takes its exchange with it: the professional (and the
teacher, who was sent the exchange's invitation) get its cancellation for their calendars."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from usine.exhibits.models import Company, Trade
from usine.schools.models import Booking

from . import fair_day, mail
from .models import Assignment, Professional, ScheduleRun
from .schedule import current_run, forget_current_run


@receiver(pre_delete, sender=Booking, dispatch_uid="professionals.cancel_the_exchange")
def cancel_the_exchange(sender, instance, **kwargs):
    run = current_run(edition=instance.slot.edition)
    assignment = (
        Assignment.objects.filter(run=run, booking=instance)
        .select_related(
            "professional__user", "booking__slot", "booking__school_class__teacher__user"
        )
        .first()
        if run is not None
        else None
    )
    if assignment is None:
        return
    ics = mail.exchange_cancellation(assignment=assignment)
    emails = [
        assignment.professional.user.email,
        assignment.booking.school_class.teacher.user.email,
    ]
    name = assignment.booking.school_class.name
    transaction.on_commit(
        lambda: mail.send_exchange_cancellation(emails=emails, name=name, ics=ics)
    )


@receiver(post_save, sender=ScheduleRun, dispatch_uid="professionals.run_saved")
def forget_the_current_run(sender, instance, **kwargs):
    """The pages read the current run from the cache (schedule.current_run_id): a finished run
    makes it forgotten now, and again once committed (a page drawn meanwhile may have read the
    one before). A queued or running run changes nothing yet."""
    if instance.status != ScheduleRun.Status.DONE:
        return
    edition_id = instance.edition_id
    forget_current_run(edition_id=edition_id)
    transaction.on_commit(lambda: forget_current_run(edition_id=edition_id))


@receiver(post_delete, sender=ScheduleRun, dispatch_uid="professionals.run_deleted")
def forget_a_deleted_run(sender, instance, **kwargs):
    forget_current_run(edition_id=instance.edition_id)


@receiver([post_save, post_delete], sender=Professional, dispatch_uid="professionals.changed")
@receiver([post_save, post_delete], sender=Company, dispatch_uid="professionals.company")
@receiver([post_save, post_delete], sender=Trade, dispatch_uid="professionals.trade")
def forget_assigned_professionals(sender, instance, **kwargs):
    """The teachers' pages name their class's professional, trade and company (fair_day.py)."""
    fair_day.forget_professionals()
