"""Insert many plain rows fast: PostgreSQL's COPY (no model instances, no per-field
preparation), `bulk_create` elsewhere. Used by the bank-file import, whose target is
100,000 lines at ≥ 5,000 lines/s. Rows are dicts of column attnames (`batch_id`, not
`batch`) with every non-null column given; nothing is returned (no primary keys)."""

import json

from django.db import connection, models


def insert_rows(model, rows: list[dict]) -> None:
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    meta, quote = model._meta, connection.ops.quote_name
    names = list(rows[0])
    json_names = [name for name in names if isinstance(meta.get_field(name), models.JSONField)]
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            if json_names:
                row = {**row, **{name: json.dumps(row[name]) for name in json_names}}
            copy.write_row([row[name] for name in names])


def update_column(model, field_name: str, values: list[tuple[int, object]], *, chunk: int = 1000) -> None:
    """Set `field_name` of many rows, each its own value: `values` is [(pk, value), …].
    UPDATE … FROM a VALUES list, `chunk` rows a statement (PostgreSQL; SQLite ≥ 3.33):
    bulk_update's CASE over thousands of ids costs far more (it was most of the seat
    allocation's time at 30,000 candidates)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field_name).column)
    key = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            placeholders = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"WITH v(pk, value) AS (VALUES {placeholders}) "  # noqa: S608 - quoted model names, placeholders
                f"UPDATE {table} SET {column} = v.value FROM v WHERE {table}.{key} = v.pk",
                [item for pair in part for item in pair],
            )
