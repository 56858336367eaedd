"""Tables as CSV that French Excel opens as it is: `;` between cells, UTF-8 with a BOM, decimal
commas, hidden cells written "< 10"."""

import csv
import io

from .tables import Table

BOM = "\ufeff"


def _cell(cell) -> str:
    if cell.value is None:
        return cell.text
    if isinstance(cell.value, float) and not cell.value.is_integer():
        return str(cell.value).replace(".", ",")
    if isinstance(cell.value, float):
        return str(int(cell.value))
    return str(cell.value)


def csv_text(tables: list[Table]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.title])
        writer.writerow(["", *table.columns])
        for row in table.rows:
            writer.writerow([row.label, *(_cell(cell) for cell in row.cells)])
    return out.getvalue()
