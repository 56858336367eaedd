"""A query whose SQL is compiled once per process and database, then run with new values.

Django compiles a queryset's SQL anew each time it runs: for a query with joins and counts that
is ≈ 1 ms of a core here, more than the database takes to answer it. A page that runs the same
query on every request (the teacher's console, reloaded during the whole session) compiles it
once with stand-in values and runs that SQL with the request's values, on Django's connection
and through Django's converters (dates and times read back as the ORM reads them).
"""

from django.db import connections

# Stand-in values, one per value of the query: numbers no row of the fair has.
_STAND_IN = -7_340_000_000_001


class Prepared:
    """`build(*values)` gives a `values_list` queryset; `rows(*values)` its rows."""

    def __init__(self, build, *, values: int):
        self.build = build
        self.stand_ins = tuple(_STAND_IN - n for n in range(values))
        # Per database, for every thread (under ASGI each request has a thread of its own). Two
        # threads compiling at once both store the same.
        self._compiled: dict[str, tuple] = {}

    def rows(self, *values, using: str = "default") -> list[tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        sql, slots, columns = compiled
        params = [values[slot] if slot is not None else constant for slot, constant in slots]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        # Converters are the thread's connection's (what SQLCompiler.get_converters gives).
        converters = []
        for position, column in enumerate(columns):
            functions = connection.ops.get_db_converters(column) + column.get_db_converters(
                connection
            )
            if functions:
                converters.append((position, functions, column))
        if not converters:
            return [tuple(row) for row in rows]
        return [_converted(row, converters, connection) for row in rows]

    def _compile(self, using: str):
        queryset = self.build(*self.stand_ins).using(using)
        query = queryset.query
        # The rows must come in the order the queryset names its columns (ValuesListIterable
        # reorders them otherwise): a change of the query's shape fails here, not on a page.
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        if not queryset._fields or list(queryset._fields) != names:
            raise ValueError("a prepared query lists its fields, then its annotations")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = [
            (self.stand_ins.index(param), None) if param in self.stand_ins else (None, param)
            for param in params
        ]
        if sorted(slot for slot, _constant in slots if slot is not None) != list(
            range(len(self.stand_ins))
        ):
            raise ValueError("each value of a prepared query appears once in its SQL")
        return sql, slots, [column[0] for column in compiler.select[: compiler.col_count]]


def _converted(row, converters, connection) -> tuple:
    row = list(row)
    for position, functions, expression in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
