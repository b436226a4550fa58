"""Inter-rater agreement on nominal data: Krippendorff's alpha, Cohen's kappa, percent.

Pure functions over plain values: a *unit* (here, a sentence) is the list of the values each
coder gave it, None where a coder gave none. No Flask, no database.
"""

from collections import Counter
from collections.abc import Hashable, Sequence

Unit = Sequence[Hashable | None]


def pairable(units: Sequence[Unit]) -> list[Counter]:
    """Return how often each value occurs in each unit that at least two coders coded.

    Alpha and percent agreement both start from these counts: compute them once and pass them
    to ``alpha_of_counts`` and ``percent_of_counts`` to have both figures.
    """
    present = (Counter(value for value in unit if value is not None) for unit in units)
    return [counts for counts in present if counts.total() >= 2]


def coincidences_of_counts(unit_counts: Sequence[Counter]) -> Counter:
    """Return Krippendorff's coincidence matrix from each pairable unit's value counts.

    A unit with m values, n_c of them c, adds n_c * (n_k - [c == k]) / (m - 1) to (c, k): the
    same sum as weighing each ordered pair of its values by 1 / (m - 1), without the m² pairs.
    """
    matrix: Counter = Counter()
    for counts in unit_counts:
        weight = 1 / (counts.total() - 1)
        for first, n_first in counts.items():
            for second, n_second in counts.items():
                pairs = n_first * (n_second - (first == second))
                if pairs:
                    matrix[first, second] += pairs * weight
    return matrix


def krippendorff_alpha_nominal(units: Sequence[Unit]) -> float | None:
    """Return Krippendorff's alpha for nominal values with missing data.

    None when it is undefined: fewer than two pairable values, or a single value used
    throughout (no variation, so no expected disagreement).
    """
    return alpha_of_counts(pairable(units))


def alpha_of_counts(unit_counts: Sequence[Counter]) -> float | None:
    """Return Krippendorff's alpha from each pairable unit's value counts."""
    matrix = coincidences_of_counts(unit_counts)
    totals: Counter = Counter()
    for (first, _), weight in matrix.items():
        totals[first] += weight
    n = sum(totals.values())
    observed = sum(weight for (first, second), weight in matrix.items() if first != second)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def cohen_kappa(
    first: Sequence[Hashable | None], second: Sequence[Hashable | None]
) -> float | None:
    """Return Cohen's kappa of two coders; pairs where either value is missing are skipped.

    None when undefined: no complete pair, or chance agreement is already certain.
    """
    if len(first) != len(second):
        raise ValueError("Both coders must rate the same units.")
    pairs = zip(first, second, strict=True)
    return kappa_of_table(Counter((a, b) for a, b in pairs if a is not None and b is not None))


def kappa_of_table(table: Counter) -> float | None:
    """Return Cohen's kappa from how often each (first, second) pair of values occurs."""
    count = table.total()
    if not count:
        return None
    observed = sum(n for (a, b), n in table.items() if a == b) / count
    first_counts: Counter = Counter()
    second_counts: Counter = Counter()
    for (a, b), n in table.items():
        first_counts[a] += n
        second_counts[b] += n
    chance = sum(first_counts[v] * second_counts[v] for v in first_counts) / count**2
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)


def percent_agreement(units: Sequence[Unit]) -> float | None:
    """Return the share of agreeing pairs among all pairs of coders within each unit.

    Raw agreement, not corrected for chance; None when no unit has two values.
    """
    return percent_of_counts(pairable(units))


def percent_of_counts(unit_counts: Sequence[Counter]) -> float | None:
    """Return percent agreement from each pairable unit's value counts."""
    agreeing = total = 0
    for counts in unit_counts:
        size = counts.total()
        total += size * (size - 1)
        agreeing += sum(n * (n - 1) for n in counts.values())
    return agreeing / total if total else None
