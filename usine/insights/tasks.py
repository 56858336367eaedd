from django_tasks import task

from . import rollup


@task()
def roll_up_figures() -> int:
    """Background adapter: the task worker rolls the counted events up, so that the web
    processes, which only write their buffers, spend nothing on it. The number of days rolled."""
    return len(rollup.roll_up())
