"""Statements the registration rush runs thousands of times a minute, with the ORM's work done once.

Django builds a queryset and compiles its SQL again on every evaluation. For a one-row read or
write that costs more CPU than the database spends running it (about 0.2–0.3 ms against 0.05 ms,
measured with `bench/registration_rush.py`; docs/decisions.md, 'Hot statements compiled once'). The helpers here keep
the SQL the ORM wrote for a fixed-shape statement, per database, and run it again with new values:

    SITTING = CompiledQuery(lambda pk: ExamSession.objects.filter(pk=pk), pk=mark_int())
    SINCE = CompiledQuery(lambda at: Attempt.objects.filter(ends_at__gt=at), at=mark_datetime())
    SITTING.objects(pk=7)                         # model instances, annotations as attributes
    CLAIM = CompiledUpdate(lambda pk: (SeatPool.objects.filter(pk=pk), {"held": F("held") + 1}), pk=mark_int())
    CLAIM.run(pk=7)                               # rows changed
    insert(rows)                                  # bulk_create's INSERT, SQL kept per row count

The SQL still comes from the ORM (from the same querysets, models and backend), so column names,
quoting and placeholders never drift from the models. Only for hot, fixed-shape statements whose
parameters are plain ints, strings and aware datetimes; everything else uses the ORM. Like
`bulk_create`, none of these send model signals.

What is compiled by the ORM and kept (SELECT and UPDATE, one per shape):
  registrations.selectors  _HISTORY (a candidate's (session, status) rows), _SITTING (the sitting
                           with its written seats left)
  registrations.seats      the seat claims (`held = held + 1 WHERE held < capacity`, with or
                           without a venue)
  payments.services        _SET_NUMBER (a new virtual account's number)
  accounts.selectors       _PROFILE_OF (the candidate profile of a user)
  cbt.autosave             _SAVE (the exam room's autosave: one question's row, guarded by the
                           attempt's token, status and end and the change's sequence number)
What is hand-built here (`_insert_statement`, the one statement this module writes itself): the
multi-row `INSERT INTO <table> (<columns>) VALUES (%s, …), … RETURNING <pk>` of `insert`, used for
Registration, RegistrationSubject, VirtualAccount and AuditEntry (`core.audit.batched`) rows;
table and column names come from the model's metadata, quoted by the backend.

Contained: with `settings.HOTSQL_ENABLED = False` every helper runs the plain ORM instead (the
same querysets, `QuerySet.update`, `bulk_create`), and the tests run the hot path both ways.
`CHECKED_DJANGO` names the Django versions whose compiler internals (`get_compiler`, `as_sql`,
`klass_info`, `UpdateQuery.add_update_values`) this was checked against; a test fails loudly on
any other, to be checked (and the tuple extended) before upgrading."""

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from itertools import count

from django.conf import settings
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin
from django.db.models.sql import UpdateQuery

_marks = count(1)

# Django versions (major, minor) whose compiler internals were checked with this module.
CHECKED_DJANGO = ((5, 2),)


def enabled() -> bool:
    """Compiled statements (default), or the plain ORM with `HOTSQL_ENABLED = False`."""
    return getattr(settings, "HOTSQL_ENABLED", True)


def mark_int() -> int:
    """A placeholder value for an integer parameter: no real id or count is ever this. It is
    outside a 32-bit column's range, and the ORM drops a lookup whose plain value is out of its
    column's range (EmptyResultSet) before writing SQL: compare such a column with
    `Value(value)` in the queryset (see `cbt.autosave`)."""
    return -7_000_000_000 - next(_marks)


def mark_str() -> str:
    """A placeholder value for a string parameter."""
    return f"<hotsql placeholder {next(_marks)}>"


def mark_datetime() -> dt.datetime:
    """A placeholder value for an aware datetime parameter (a column's value or a comparison):
    a moment in 1900 nobody stores. The backend adapts it as it adapts the caller's value."""
    return dt.datetime(1900, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=next(_marks))


def _adapted(value, connection):
    """A parameter as the compiled SQL carries it: datetimes as the backend adapts them (SQLite:
    naive UTC text), anything else as it is."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Compiled:
    """SQL and parameters compiled once per database alias; `marks` (name → placeholder value)
    are found in the parameters and replaced by the caller's values on every run."""

    def __init__(self, model: type[Model], marks: dict):
        self.model = model
        self.marks = marks
        self._by_alias: dict[str, tuple[str, list, dict[str, list[int]]]] = {}

    def _compile(self, alias: str):
        """The SQL compiler for `alias` (`bind` calls its `as_sql`)."""
        raise NotImplementedError

    def _compiled(self, compiler, alias: str) -> None:
        """Hook: keep what else the compiler knows once its SQL is written."""

    def bind(self, alias: str, values: dict) -> tuple[str, list]:
        compiled = self._by_alias.get(alias)
        if compiled is None:
            compiler = self._compile(alias)
            sql, params = compiler.as_sql()
            params = list(params)
            connection = connections[alias]
            slots = {
                name: [i for i, p in enumerate(params) if p == _adapted(mark, connection)]
                for name, mark in self.marks.items()
            }
            missing = [name for name, where in slots.items() if not where]
            if missing:
                raise ValueError(f"placeholders {missing} do not appear in the compiled SQL: {sql}")
            self._compiled(compiler, alias)
            compiled = self._by_alias[alias] = (sql, params, slots)
        sql, params, slots = compiled
        params = list(params)
        connection = connections[alias]
        for name, where in slots.items():
            value = _adapted(values[name], connection)
            for i in where:
                params[i] = value
        return sql, params


class CompiledQuery(_Compiled):
    """A SELECT: `build(**marks)` returns the queryset; it is compiled on first use."""

    def __init__(self, build: Callable[..., QuerySet], **marks):
        self.build = build
        self._layout: dict[str, tuple | None] = {}  # alias -> how a row becomes a model instance
        self.converters: dict[str, dict] = {}  # alias -> {column: (converters, expression)}
        super().__init__(build(**marks).model, marks)

    def _compile(self, alias):
        return self.build(**self.marks).query.get_compiler(alias)

    def rows(self, **values) -> list[tuple]:
        """The selected values as tuples, converted as `values_list` converts them."""
        if not enabled():
            return [tuple(row) for row in self.build(**values)]
        return self._rows(router.db_for_read(self.model), values)

    def _rows(self, alias: str, values: dict) -> list[tuple]:
        connection = connections[alias]
        sql, params = self.bind(alias, values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        converters = self.converters.get(alias)
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for column, (functions, expression) in converters.items():
                for convert in functions:
                    row[column] = convert(row[column], expression, connection)
            converted.append(tuple(row))
        return converted

    def objects(self, **values) -> list[Model]:
        """Model instances built as the ORM builds them (`Model.from_db`); annotations become
        attributes. One model only: no `select_related`."""
        if not enabled():
            return list(self.build(**values))
        alias = router.db_for_read(self.model)
        rows = self._rows(alias, values)
        layout = self._layout[alias]
        if layout is None:
            raise TypeError("objects() needs a queryset of one model's instances; use rows()")
        init_list, start, end, annotations = layout
        found = []
        for row in rows:
            obj = self.model.from_db(alias, init_list, row[start:end])
            for name, column in annotations.items():
                setattr(obj, name, row[column])
            found.append(obj)
        return found

    def _compiled(self, compiler, alias: str) -> None:
        # The backend's converters for the selected columns (JSON, dates), as values_list applies.
        self.converters[alias] = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        klass_info = compiler.klass_info
        if klass_info is None or klass_info.get("related_klass_infos"):
            self._layout[alias] = None  # values() / values_list(), or select_related: rows() only
            return
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in compiler.select[start:end]]
        self._layout[alias] = (init_list, start, end, dict(compiler.annotation_col_map))


class CompiledUpdate(_Compiled):
    """An UPDATE: `build(**marks)` returns the queryset of the rows and the changes (the
    keyword arguments of `QuerySet.update`, placeholders allowed)."""

    def __init__(self, build: Callable[..., tuple[QuerySet, dict]], **marks):
        self.build = build
        super().__init__(build(**marks)[0].model, marks)

    def _compile(self, alias):
        queryset, changes = self.build(**self.marks)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(changes)
        return query.get_compiler(alias)

    def run(self, **values) -> int:
        """The number of rows changed."""
        if not enabled():
            queryset, changes = self.build(**values)
            return queryset.update(**changes)
        alias = router.db_for_write(self.model)
        sql, params = self.bind(alias, values)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


MAX_PARAMETERS = 65_535  # PostgreSQL's limit per statement (SQLite's is lower and in bulk_batch_size)
KEPT_ROW_COUNTS = 16
_insert_sql: dict[tuple[type[Model], int, str], str] = {}


@functools.cache
def _insert_fields(model: type[Model]) -> tuple:
    return tuple(f for f in model._meta.local_concrete_fields if not isinstance(f, AutoFieldMixin))


def _insert_statement(model: type[Model], rows: int, alias: str) -> str:
    """The INSERT for `rows` rows; kept for the small row counts a request writes."""
    key = (model, rows, alias)
    sql = _insert_sql.get(key)
    if sql is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        fields = _insert_fields(model)
        # Names come from the model's metadata, quoted by the backend; every value is a %s.
        columns = ", ".join(quote(f.column) for f in fields)
        one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        values = ", ".join([one_row] * rows)
        sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
        if rows <= KEPT_ROW_COUNTS:
            _insert_sql[key] = sql
    return sql


def insert(objs: Sequence[Model]) -> None:
    """INSERT unsaved instances of one model (auto primary key) and set their primary keys,
    as `bulk_create` does on a backend that returns rows (PostgreSQL, SQLite ≥ 3.35). Values
    go through each field's `pre_save` and `get_db_prep_save` (defaults, `auto_now_add`, JSON,
    time zones), as the ORM's own INSERT does; batches follow the backend's parameter limit."""
    if not objs:
        return
    model = type(objs[0])
    if not enabled():
        model.objects.bulk_create(objs)
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _insert_fields(model)
    batch = min(connection.ops.bulk_batch_size(fields, objs), MAX_PARAMETERS // len(fields))
    for start in range(0, len(objs), batch):
        chunk = objs[start : start + batch]
        params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(_insert_statement(model, len(chunk), alias), params)
            keys = cursor.fetchall()
        for obj, (pk,) in zip(chunk, keys, strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = alias
