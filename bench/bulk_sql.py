"""PostgreSQL bulk loading for the bench data set: `INSERT … SELECT` with the model's
defaults filled in for every NOT NULL column a statement leaves out, so a new field with
a default does not break the builder."""

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _defaults(model, given: set[str]) -> dict[str, object]:
    """The model's default for every NOT NULL column the statement leaves out."""
    from django.db import models

    values = {}
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue  # the caller gives created_at / updated_at
        if field.null:
            continue
        if field.has_default():
            values[field.column] = field.get_default()
        elif field.empty_strings_allowed and not isinstance(field, models.BinaryField):
            values[field.column] = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
    return values


def insert_select(model, columns: dict[str, str], from_sql: str, params: dict) -> int:
    """INSERT INTO model's table (columns…) SELECT expressions… <from_sql>."""
    from django.db import connection

    names = dict(columns)
    for column in ("created_at", "updated_at"):
        if any(f.column == column for f in model._meta.concrete_fields):
            names.setdefault(column, "%(now)s")
    defaults = _defaults(model, set(names))
    for index, (column, value) in enumerate(defaults.items()):
        key = f"_default{index}"
        params[key] = value
        names[column] = f"%({key})s"
    params.setdefault("now", datetime.now(tz=SH))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "
        f"SELECT {', '.join(names.values())} {from_sql}"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.rowcount
    _log(f"#   {model._meta.db_table}: {count:,} rows in {time.perf_counter() - started:.1f} s")
    return count
