"""Charts drawn on the server as SVG (no script, no CDN): the geometry is computed here and
drawn by templates/reports/_chart.html. Series differ by fill pattern (solid, hatched, dotted,
cross-hatched) or line dash and marker shape, with value labels and a legend, so a chart reads
without colour; the page puts its data table beside it."""

from dataclasses import dataclass, field

from .selectors import Table

WIDTH = 760
LABEL_WIDTH = 230
BAR = 14
GAP = 10
MAX_BARS = 40  # rows beyond these are in the table only (the chart says so)
LINE_HEIGHT = 300
MARGIN = 50
PATTERNS = ("solid", "hatch", "dots", "cross")
DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square")


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = 0
    legend: list[dict] = field(default_factory=list)
    bars: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    axis: list[dict] = field(default_factory=list)
    truncated: int = 0
    line: bool = False


def _number(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _legend(table: Table, y: int) -> list[dict]:
    return [
        {"x": LABEL_WIDTH + i * 130, "y": y, "name": str(table.columns[col]), "pattern": PATTERNS[i % 4],
         "dash": DASHES[i % 4]}
        for i, col in enumerate(table.series)
    ]  # fmt: skip


def chart(table: Table, *, title: str) -> Chart:
    description = ", ".join(str(table.columns[col]) for col in table.series)
    drawn = Chart(title=title, description=description, line=table.line)
    if table.line:
        _lines(drawn, table)
    else:
        _bars(drawn, table)
    return drawn


def _bars(drawn: Chart, table: Table) -> None:
    rows = table.rows[:MAX_BARS]
    drawn.truncated = len(table.rows) - len(rows)
    top = max((_number(row[col]) for row in rows for col in table.series), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - 80) / top
    group = BAR * len(table.series) + GAP
    y = 30
    for row in rows:
        drawn.labels.append({"x": LABEL_WIDTH - 6, "y": y + BAR * len(table.series) / 2 + 4, "text": str(row[0])[:28]})
        for i, col in enumerate(table.series):
            value = _number(row[col])
            length = round(value * scale, 1)
            drawn.bars.append(
                {"x": LABEL_WIDTH, "y": y + i * BAR, "w": length, "h": BAR - 2, "pattern": PATTERNS[i % 4],
                 "tx": LABEL_WIDTH + length + 4, "ty": y + i * BAR + BAR - 4, "value": row[col]}
            )  # fmt: skip
        y += group
    drawn.legend = _legend(table, 16)
    drawn.height = y + 10


def _lines(drawn: Chart, table: Table) -> None:
    rows = table.rows
    plot_w, plot_h = WIDTH - LABEL_WIDTH // 2 - MARGIN, LINE_HEIGHT - 2 * MARGIN
    left = LABEL_WIDTH // 2
    top = max((_number(row[col]) for row in rows for col in table.series), default=0) or 1
    step = plot_w / max(len(rows) - 1, 1)
    for i, col in enumerate(table.series):
        points = [(round(left + n * step, 1), round(MARGIN + plot_h * (1 - _number(row[col]) / top), 1))
                  for n, row in enumerate(rows)]  # fmt: skip
        drawn.lines.append(
            {"points": " ".join(f"{x},{y}" for x, y in points), "dash": DASHES[i % 4], "marker": MARKERS[i % 2],
             "marks": points if len(points) <= 60 else points[:: len(points) // 30 + 1]}
        )  # fmt: skip
    for fraction in (0, 0.5, 1):
        drawn.axis.append({"x": left - 6, "y": round(MARGIN + plot_h * (1 - fraction) + 4, 1),
                           "text": f"{round(top * fraction):,}", "anchor": "end"})  # fmt: skip
    if rows:
        for n in sorted({0, len(rows) // 2, len(rows) - 1}):
            drawn.axis.append({"x": round(left + n * step, 1), "y": MARGIN + plot_h + 18, "text": str(rows[n][0]),
                               "anchor": "middle"})  # fmt: skip
    drawn.legend = _legend(table, 16)
    drawn.bars = [{"x": left, "y": MARGIN, "w": plot_w, "h": plot_h}]  # the plot's frame
    drawn.height = LINE_HEIGHT
