"""Background jobs of the clients app; each is idempotent and safe to run concurrently."""

from celery import shared_task

from .services.pool import pool_expire_due, pool_remind_owners


@shared_task
def leads_expire() -> int:
    """R-POOL-1: hourly, move leads past their protection into the shared pool."""
    return pool_expire_due()


@shared_task
def leads_remind_expiry() -> int:
    """R-POOL-1: remind owners of leads about to expire (one reminder per lead and end)."""
    return pool_remind_owners()


@shared_task
def complaints_flag_overdue() -> int:
    """R-CLI-4: flag complaints past their reply deadline to the managers, and remind
    them (and the client's owner) of those due within a day."""
    from .services.feedback import complaints_flag_overdue as flag
    from .services.feedback import complaints_remind_due_soon

    return flag() + complaints_remind_due_soon()


@shared_task
def clients_regrade() -> int:
    """R-CLI-5: monthly re-grade of every client not graded by hand."""
    from .services.grading import clients_regrade as regrade

    return regrade()
