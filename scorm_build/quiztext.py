"""Text tests for question banks: word-level similarity and the words that tell an option apart."""

from __future__ import annotations

import difflib
import re

STOP = set("""aan achter alle alleen als andere bij dan dat de deze die dit doen door een eigen en er geen
heeft het hier hij hoe hun in is je jouw kan komt kunnen maar meer met mij moet na naar niet nog of om
omdat onder ook op over samen te tegen toe tot u uit uw van veel voor waar wat wel welke wie wil wilt
worden wordt zal ze zelf zich zijn zo zoals zonder""".split())


def similar(a: str, b: str) -> float:
    """How alike two texts are word by word (0..1); near-identical advice scores above ~0.6."""
    return difflib.SequenceMatcher(None, a.lower().split(), b.lower().split()).ratio()


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*", text.lower())]


def same_word(a: str, b: str) -> bool:
    """Equal, or sharing a long enough stem (betrouwbaar / betrouwbaarheid)."""
    if a == b:
        return True
    n = min(len(a), len(b))
    return n >= 6 and a[:6] == b[:6] and abs(len(a) - len(b)) <= max(4, n // 2)


def telling_words(key: str, others: list[str]) -> set[str]:
    """Content words of the key that no other option has: the words that tell it apart."""
    other = {w for o in others for w in words(o)}
    return {w for w in words(key) if len(w) >= 5 and w not in STOP
            and not any(same_word(w, x) for x in other)}


def stem_cue(stem: str, key: str, others: list[str]) -> str | None:
    """The key's telling word that also stands in the stem, if any."""
    stem_words = [w for w in words(stem) if len(w) >= 5 and w not in STOP]
    for w in sorted(telling_words(key, others)):
        if any(same_word(w, s) for s in stem_words):
            return w
    return None


def office_stem(name: str) -> str:
    """The part of an office's name its plural and its association's name share (raadsl-id, raadsl-eden)."""
    n = name.lower()
    return n[:max(5, len(n) - 4)]
