"""Precision and recall of the check-worthiness scorer on the hand-labelled set, and its speed."""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.text.checkworthiness import THRESHOLD, score_sentence  # noqa: E402
from annotator.text.segment import split_sentences  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "checkworthiness.json"
SEED = ROOT / "seeds" / "000_47b76f7429a7529b.txt"
SPEED_BYTES = 1_000_000


def evaluate(rows: list[dict], threshold: int) -> dict[str, float]:
    """Return precision, recall and F1 of "needs checking" at the threshold."""
    predicted = [score_sentence(row["text"]).score >= threshold for row in rows]
    truth = [row["needs_checking"] for row in rows]
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = hits / max(1, sum(predicted))
    recall = hits / max(1, sum(truth))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def seconds_per_megabyte() -> tuple[int, float]:
    """Return how many sentences ~1 MB of news text has and the best time to score them."""
    text = SEED.read_text(encoding="utf-8")
    text = "\n\n".join([text] * (SPEED_BYTES // len(text.encode("utf-8")) + 1))
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for sentence in sentences:
            score_sentence(sentence)
        best = min(best, time.process_time() - started)
    return len(sentences), best


def main() -> None:
    rows = json.loads(LABELLED.read_text(encoding="utf-8"))["sentences"]
    positives = sum(row["needs_checking"] for row in rows)
    print(f"Check-worthiness: {len(rows)} hand-labelled sentences, {positives} need checking")
    print(f"{'threshold':>10} {'precision':>10} {'recall':>8} {'F1':>6}")
    for threshold in sorted({THRESHOLD - 20, THRESHOLD, THRESHOLD + 20}):
        figures = evaluate(rows, threshold)
        mark = "  (default)" if threshold == THRESHOLD else ""
        print(
            f"{threshold:>10} {figures['precision']:>10.2f} {figures['recall']:>8.2f}"
            f" {figures['f1']:>6.2f}{mark}"
        )
    count, seconds = seconds_per_megabyte()
    print(f"Speed: {count:,} sentences (~1 MB) scored in {seconds:.3f} s of CPU")


if __name__ == "__main__":
    main()
