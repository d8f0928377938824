"""A transactional outbox: every background job is written to the database in the transaction
that asked for it, published to the broker once that transaction commits, and kept there when
the broker is unreachable until the periodic drain (``outbox.tasks.drain``) publishes it.

Call sites write ``outbox.enqueue(task, kwargs={...})`` instead of ``task.delay(...)``.
"""


def enqueue(task, *, args=(), kwargs=None, **options):
    """See :func:`outbox.services.enqueue` (imported lazily: this package loads before the
    app registry is ready)."""
    from .services import enqueue as _enqueue

    return _enqueue(task, args=args, kwargs=kwargs, **options)
