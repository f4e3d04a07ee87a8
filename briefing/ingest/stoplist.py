"""Indonesian function words: jusText's Indonesian stoplist, shared by the page reader.

Prose is full of these words and menus, names and tags have almost none, so
their share of a line tells a sentence from furniture, and a one-word "name"
that is one of them ("Tentang") is not a person's.
"""

from __future__ import annotations

from functools import cache

import justext


@cache
def stopwords() -> frozenset[str]:
    """jusText's Indonesian stoplist: the language's most frequent words."""
    return frozenset(justext.get_stoplist("Indonesian"))
