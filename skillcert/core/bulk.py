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
