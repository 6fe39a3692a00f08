"""Related lists read inside their parent's own query: one round trip instead of one per list.

A page that shows a record with several short related lists (a plan's phases, adjustments,
milestones, reviews...) would otherwise pay one query per list. ``inline(Model, fk)`` is an
annotation that aggregates the related rows as a JSON array, in the model's own order;
``attach(parent, name, Model, rows)`` turns those rows back into model instances and puts them
where ``parent.<name>.all()`` reads them (the prefetch cache), so templates and helpers read them
as if they had been prefetched, without a query.

Only for reads of short lists that the parent's access check already covers. Decimal columns
travel as text so that "2.0" stays ``Decimal("2.0")``; dates and times are parsed back by the
field (``to_python``); JSON columns arrive already decoded.
"""

from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import F, OuterRef
from django.db.models.functions import Cast, JSONObject


def _fields(model):
    return model._meta.concrete_fields


def _order(model, fk: str) -> list[str]:
    """The model's ordering without its leading parent key: constant inside the subquery, and
    ordering by a foreign key would join the parent's table (and its own ordering) for nothing."""
    return [
        key for key in model._meta.ordering if key.lstrip("-") not in (fk, f"{fk}_id", f"{fk}__id")
    ]


def inline(
    model, fk: str, *, outer: str = "pk", queryset=None, order_by=None, limit: int | None = None
) -> ArraySubquery:
    """An annotation holding every ``model`` row whose ``fk`` is the outer row's ``outer`` (the
    first ``limit`` of them in that order, when given)."""
    columns = {}
    for field in _fields(model):
        if isinstance(field, models.DecimalField):
            columns[field.attname] = Cast(F(field.attname), models.TextField())
        else:
            columns[field.attname] = F(field.attname)
    base = queryset if queryset is not None else model._base_manager.all()
    rows = (
        base.filter(**{fk: OuterRef(outer)})
        .order_by(*(order_by if order_by is not None else _order(model, fk)))
        .values(row=JSONObject(**columns))
    )
    return ArraySubquery(rows if limit is None else rows[:limit])


def _value(field, raw):
    if raw is None:
        return None
    if isinstance(field, models.JSONField):
        return raw
    if isinstance(field, models.DecimalField):
        return Decimal(raw)
    return field.to_python(raw)


def instances(model, rows, *, using: str = "default") -> list:
    """Model instances from the JSON rows of an ``inline`` annotation, as if loaded from the
    database (saved state, no pending changes)."""
    fields = _fields(model)
    names = [field.attname for field in fields]
    return [
        model.from_db(using, names, [_value(field, row[field.attname]) for field in fields])
        for row in rows or []
    ]


def attach(parent, name: str, model, rows, *, back: str | None = None) -> list:
    """Put ``rows`` (from ``inline``) where ``parent.<name>.all()`` reads them; ``back`` names the
    children's foreign key to ``parent``, cached so ``child.<back>`` runs no query either."""
    objects = instances(model, rows)
    if back:
        field = model._meta.get_field(back)
        for obj in objects:
            field.set_cached_value(obj, parent)
    queryset = getattr(parent, name).all()  # lazy: no query
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(parent, "_prefetched_objects_cache"):
        parent._prefetched_objects_cache = {}
    parent._prefetched_objects_cache[name] = queryset
    return objects
