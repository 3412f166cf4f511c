"""The catalog's word lists — topics and actors — kept as data files users can extend.

`kb/data/topics.txt` and `kb/data/actors.txt` ship with policykb; files of the same names in the
library home add to them (a known topic or actor gains words, a new one is appended).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from policykb.corpus.files import data_lines, data_texts

SCHOOL, FAMILY, GOVERNMENT = "school", "family", "government"


@dataclass(frozen=True)
class Vocabulary:
    topics: dict[str, tuple[str, ...]]
    actors: dict[str, tuple[str, ...]]  # name → words, the name included
    groups: dict[str, str]  # actor name → school / family / government
    fingerprint: str = ""
    _actor_re: re.Pattern[str] = field(default=re.compile(r"(?!)"), repr=False)
    _actor_of: dict[str, str] = field(default_factory=dict, repr=False)
    # every topic word by its first character, longest first (the longest at each place), and the topics of
    # it and of the shorter words it begins with: the first place a topic is named, in one pass
    _topic_starts: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # first character → words
    _topics_of: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def actors_in(self, text: str) -> list[tuple[str, int]]:
        """The actors `text` names with where, longest words first (副校长 is not also 校长)."""
        seen: list[tuple[str, int]] = []
        for m in self._actor_re.finditer(text):
            name = self._actor_of[m.group()]
            if all(name != n for n, _ in seen):
                seen.append((name, m.start()))
        return seen

    def actor_at(self, text: str, pos: int = 0) -> tuple[str, int] | None:
        """The actor named right at `pos` and where its word ends, or None."""
        m = self._actor_re.match(text, pos)
        return (self._actor_of[m.group()], m.end()) if m else None

    def actor_ending(self, text: str) -> str | None:
        """The actor whose word ends `text` ("县级以上人民政府其他有关部门" → 有关部门), or None."""
        found = None
        for m in self._actor_re.finditer(text):
            if m.end() == len(text):
                found = self._actor_of[m.group()]
        return found

    def actor_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._actor_re.finditer(text)]

    def topics_in(self, text: str, limit: int = 3) -> list[str]:
        """The topics `text` is about, the one named first first, at most `limit`."""
        first: dict[str, int] = {}
        starts = self._topic_starts.get
        for at, char in enumerate(text):  # a dict per character: three times a regex of 220 words
            for word in starts(char, ()):
                if text.startswith(word, at):
                    for name in self._topics_of[word]:
                        first.setdefault(name, at)
                    break
        return [name for _, name in sorted((at, name) for name, at in first.items())[:limit]]


def load_vocabulary(user_dir: Path | None = None) -> Vocabulary:
    topics: dict[str, tuple[str, ...]] = {}
    topic_texts = data_texts("policykb.kb", "topics.txt", user_dir)
    for text in topic_texts:
        for line in data_lines(text):
            name, _, words = line.partition(":")
            if not words:
                name, _, words = line.partition("：")
            name = name.strip()
            topics[name] = tuple(dict.fromkeys([*topics.get(name, ()), *words.split()]))
    actors: dict[str, tuple[str, ...]] = {}
    groups: dict[str, str] = {}
    actor_texts = data_texts("policykb.kb", "actors.txt", user_dir)
    for text in actor_texts:
        group = SCHOOL
        for line in data_lines(text):
            if line.startswith("="):
                group = line[1:].strip()
                continue
            name, *more = line.split()
            actors[name] = tuple(dict.fromkeys([*actors.get(name, ()), name, *more]))
            groups.setdefault(name, group)
    actor_of = {w: name for name, words in actors.items() for w in words}
    pattern = re.compile("|".join(sorted(map(re.escape, actor_of), key=len, reverse=True)) or r"(?!)")
    words_of: dict[str, set[str]] = {}
    for topic, topic_words in topics.items():
        for w in topic_words:
            words_of.setdefault(w, set()).add(topic)
    topics_of = {w: tuple(sorted({n for u in words_of if w.startswith(u) for n in words_of[u]})) for w in words_of}
    topic_starts: dict[str, tuple[str, ...]] = {}
    for w in sorted(words_of, key=len, reverse=True):
        topic_starts[w[0]] = (*topic_starts.get(w[0], ()), w)
    digest = hashlib.sha256("\0".join(topic_texts + actor_texts).encode()).hexdigest()[:12]
    return Vocabulary(topics, actors, groups, digest, pattern, actor_of, topic_starts, topics_of)


@functools.cache
def school_actors() -> frozenset[str]:
    """The bundled actors that are the school or people working in it (not its pupils): who a row of
    a school's self-check list names as 责任主体."""
    vocab = load_vocabulary(None)
    return frozenset(name for name, group in vocab.groups.items() if group == SCHOOL and name != "学生")
