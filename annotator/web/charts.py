"""Small inline SVG charts, drawn from plain values; every chart carries a title and a summary.

Pure functions: no Flask, no database. Every text is escaped. Colours come from CSS classes
(``fill-<key>``) so verdict colours stay in one stylesheet, and each bar also carries its
label in words, so colour is never the only cue.
"""

from typing import NamedTuple

from markupsafe import Markup, escape


class Bar(NamedTuple):
    """One bar or segment: its words, its value, and the CSS key that colours it."""

    label: str
    value: float
    key: str = "default"


def svg(width: int, height: int, title: str, summary: str, body: str, name: str) -> Markup:
    """Wrap shapes in an accessible SVG element."""
    # Every text inside was escaped where it was put together.
    return Markup(  # noqa: S704
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{name}-title {name}-desc" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(summary)}</desc>{body}</svg>'
    )


def describe(bars: list[Bar], unit: str = "") -> str:
    """Say every bar's value in words, for the chart's summary."""
    return "; ".join(f"{bar.label}: {format_value(bar.value)}{unit}" for bar in bars) or "No data."


def format_value(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def bar_chart(bars: list[Bar], title: str, name: str, unit: str = "", scale: float = 0) -> Markup:
    """Draw horizontal bars, one row per bar, with the label and the value written beside it."""
    row, label_width, width = 28, 180, 560
    top = max([scale, *(bar.value for bar in bars)]) or 1
    shapes = []
    for number, bar in enumerate(bars):
        y = number * row
        length = max(0.0, bar.value) / top * (width - label_width - 60)
        shapes.append(
            f'<text x="0" y="{y + 18}" class="chart-label">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" '
            f'rx="3" class="fill-{escape(bar.key)}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}" class="chart-value">'
            f"{format_value(bar.value)}{escape(unit)}</text>"
        )
    height = max(row, row * len(bars))
    return svg(width, height, title, describe(bars, unit), "".join(shapes), name)


def column_chart(bars: list[Bar], title: str, name: str) -> Markup:
    """Draw vertical columns, e.g. one per day, labelled underneath and valued on top."""
    height, base, column = 180, 150, 36
    top = max((bar.value for bar in bars), default=0) or 1
    shapes = []
    for number, bar in enumerate(bars):
        x = number * column
        tall = bar.value / top * (base - 24)
        shapes.append(
            f'<rect x="{x + 6}" y="{base - tall:.1f}" width="{column - 12}" height="{tall:.1f}" '
            f'class="fill-{escape(bar.key)}"/>'
            f'<text x="{x + column / 2}" y="{base - tall - 4:.1f}" class="chart-value" '
            f'text-anchor="middle">{format_value(bar.value) if bar.value else ""}</text>'
            f'<text x="{x + column / 2}" y="{base + 18}" class="chart-label" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
        )
    width = max(column, column * len(bars))
    return svg(width, height, title, describe(bars), "".join(shapes), name)


def stacked_bar(segments: list[Bar], title: str, name: str) -> Markup:
    """Draw one compact bar split into segments in proportion to their values."""
    width, height = 120, 12
    total = sum(segment.value for segment in segments)
    shapes, x = [], 0.0
    for segment in segments:
        if total and segment.value:
            part = segment.value / total * width
            shapes.append(
                f'<rect x="{x:.1f}" y="0" width="{part:.1f}" height="{height}" '
                f'class="fill-{escape(segment.key)}"><title>{escape(segment.label)}: '
                f"{format_value(segment.value)}</title></rect>"
            )
            x += part
    if not shapes:
        shapes.append(f'<rect x="0" y="0" width="{width}" height="{height}" class="fill-none"/>')
    return Markup(  # noqa: S704 (every text inside is escaped)
        f'<svg class="stacked-bar" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}: '
        f'{escape(describe(segments))}" data-chart="{escape(name)}">{"".join(shapes)}</svg>'
    )
