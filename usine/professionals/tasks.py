from django.dispatch import receiver
from django_tasks import task

from . import schedule
from .models import ScheduleRun


@task()
def run_schedule(run_id: int) -> str:
    """Background adapter: the database worker (`manage.py db_worker`) runs the scheduler."""
    run = schedule.execute_run(run_id=run_id)
    return run.status if run is not None else "deleted"


@receiver(schedule.run_queued, sender=ScheduleRun, dispatch_uid="professionals.enqueue_run")
def enqueue_run(sender, run, **kwargs):
    run_schedule.enqueue(run.pk)
