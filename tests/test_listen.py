"""The listening benchmark's arithmetic (scripts/listen.py): words compared as
heard, and the word error rate's alignment. The recognizer itself runs only in
the bench (it needs the bench extra)."""

from __future__ import annotations

from scripts.listen import align, words


def test_words_are_compared_without_case_or_punctuation() -> None:
    assert words("Apa kabar, Bima? Kabar-kabar baik.") == [
        "apa", "kabar", "bima", "kabar", "kabar", "baik",
    ]  # fmt: skip


def test_the_alignment_counts_each_kind_of_error_once() -> None:
    reference = words("kabar dari bima hari ini")
    assert align(reference, reference) == (0, [])
    # One word blurred, one lost, one added: three errors, one substitution.
    errors, blurred = align(reference, words("kamar dari hari ini juga"))
    assert errors == 3 and blurred == [("kabar", "kamar")]
    assert align(reference, [])[0] == len(reference)  # nothing heard: every word missed
    assert align([], ["eh"])[0] == 1
