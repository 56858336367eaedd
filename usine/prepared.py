"""A query whose SQL is compiled once per process and database, then run with new values.

Django compiles a queryset's SQL anew each time it runs: for a query with joins and counts that
is ≈ 1 ms of a core here, more than the database takes to answer it. A page that runs the same
query on every request (the teacher's console, reloaded during the whole session) compiles it
once with stand-in values and runs that SQL with the request's values, on Django's connection
and through Django's converters (dates and times read back as the ORM reads them).

A value may be a list (for `__in`): the SQL is compiled once per list length, rounded up to a
power of two (the list's last element repeated: `IN (1, 2, 2, 2)` is `IN (1, 2)`), so a query
asked of one to a thousand ids keeps at most eleven forms. An empty list matches no row: the
query's lists must narrow it (`…__in` in its filter), as they do in every query here.
"""

from django.db import connections

_STAND_IN = -7_340_000_000_001


class Prepared:
    """`build(*values)` gives a `values_list` queryset; `rows(*values)` its rows."""

    def __init__(self, build, *, values: int):
        self.build = build
        self.values = values
        # Per database and lengths of the list values, for every thread (under ASGI each
        # request has a thread of its own). Two threads compiling at once both store the same.
        self._compiled: dict[tuple, tuple] = {}

    def rows(self, *values, using: str = "default") -> list[tuple]:
        if len(values) != self.values:
            raise TypeError(f"a prepared query of {self.values} values was given {len(values)}")
        lengths = tuple(_rounded(value) for value in values)
        if 0 in lengths:
            return []
        compiled = self._compiled.get((using, lengths))
        if compiled is None:
            compiled = self._compiled[using, lengths] = self._compile(using, lengths)
        sql, slots, columns = compiled
        filled = [_filled(value, length) for value, length in zip(values, lengths, strict=True)]
        params = [
            constant if slot is None else filled[slot][element] for slot, element, constant in slots
        ]
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

    def _compile(self, using: str, lengths: tuple):
        # One stand-in per value, or per element of a list value: (slot, element) of each (a
        # single value is its own element 0).
        places, arguments = {}, []
        for slot, length in enumerate(lengths):
            if length is None:
                places[_stand_in(len(places))] = (slot, 0)
                arguments.append(_stand_in(len(places) - 1))
            else:
                first = len(places)
                for element in range(length):
                    places[_stand_in(first + element)] = (slot, element)
                arguments.append([_stand_in(first + element) for element in range(length)])
        queryset = self.build(*arguments).using(using)
        query = queryset.query
        # The rows must come in the order the queryset names its columns (ValuesListIterable
        # reorders them otherwise): a change of the query's shape fails here, not on a page.
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        if not queryset._fields or list(queryset._fields) != names:
            raise ValueError("a prepared query lists its fields, then its annotations")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = [
            (*places[param], None) if _placed(param, places) else (None, None, param)
            for param in params
        ]
        if sorted(slot[:2] for slot in slots if slot[0] is not None) != list(places.values()):
            raise ValueError("each value of a prepared query appears once in its SQL")
        return sql, slots, [column[0] for column in compiler.select[: compiler.col_count]]


def _placed(param, places: dict) -> bool:
    return isinstance(param, int) and param in places


def _stand_in(n: int) -> int:
    # Numbers no row of the fair has.
    return _STAND_IN - n


def _rounded(value) -> int | None:
    """None for a single value; a list's length rounded up to a power of two."""
    if not isinstance(value, list | tuple | set | frozenset):
        return None
    return 1 << (len(value) - 1).bit_length() if value else 0


def _filled(value, length: int | None):
    if length is None:
        return (value,)
    value = list(value)
    return value + [value[-1]] * (length - len(value))


def _converted(row, converters, connection) -> tuple:
    row = list(row)
    for position, functions, expression in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
