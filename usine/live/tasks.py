from django_tasks import task

from . import scheduling_service


@task()
def run_schedule(run_id: int, site_url: str = "") -> str:
    """Background adapter: the database worker (`manage.py db_worker`) runs the scheduler."""
    run = scheduling_service.execute_run(run_id=run_id, site_url=site_url)
    return run.status if run is not None else "deleted"
