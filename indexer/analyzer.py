"""Our jieba analyzer: the tokens the index holds and the parts a question is made of.

jieba's stock `ChineseAnalyzer` brings English stemming and English stop words and costs 0.43 s to
import; policy questions need search-mode tokens (班主/主任/班主任), Chinese stop words and question
words (如何, 多少, 能否 …) kept out of queries, a character-bigram field for words jieba splits oddly,
and an education dictionary and synonym table that users can extend. This is the only module that
imports jieba. Tokens are computed here and handed to Whoosh already split, so the index schema
holds no analyzer of ours and an old index never fails to unpickle when this code changes;
`Lexicon.fingerprint` says when the tokens changed and the index must be rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from policykb.corpus.files import data_lines, data_texts

ANALYZER_VERSION = 1
USER_FILES = ("dict.txt", "synonyms.txt", "stopwords.txt", "question_words.txt", "everyday.txt")

_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_ASKS = ("几", "多少")
# What a count or a period is counted in: 多少节 asks for "30节", 几周岁 for "六周岁".
UNITS = frozenset("""节 所 名 次 届 项 年 岁 周岁 小时 钟头 学时 课时 分钟 天 日 月 周 星期 礼拜 人 元 万元 个 门 种 倍 学期 学年
    课 篇 本 份 批 级 亿 平方米 米 公里 间 张 台 册 位 家 场 轮 期 学分 公斤 千克 克 升 毫升 岗""".split())
_lock = threading.Lock()


@dataclass(frozen=True)
class Lexicon:
    """The data files of the analyzer: bundled ones plus the user's own in the library home."""

    words: tuple[tuple[str, int | None, str | None], ...]
    synonyms: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    question_words: dict[str, str]
    fingerprint: str
    everyday: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.fingerprint)


@dataclass(frozen=True)
class Concept:
    """One thing a question asks about: the word as asked, its synonyms, and its jieba sub-words."""

    word: str
    alts: tuple[str, ...]
    parts: tuple[str, ...]
    unit: bool = False  # the unit a quantity question asks about: 多少节 → 节, matched after a number
    everyday: tuple[str, ...] = ()  # the documents' words for an everyday word (娃 → 学生, 未成年人 …)


@dataclass(frozen=True)
class Question:
    text: str
    concepts: tuple[Concept, ...]
    intents: frozenset[str]


def load_lexicon(user_dir: Path | None = None) -> Lexicon:
    """Read the bundled data files and, when present, the user's files of the same names."""
    dicts = data_texts("policykb.indexer", "dict.txt", user_dir)
    stops = data_texts("policykb.indexer", "stopwords.txt", user_dir)
    words: list[tuple[str, int | None, str | None]] = []
    for text in dicts:
        for line in data_lines(text):
            parts = line.split()
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
            words.append((norm(parts[0]), freq, tag))
    synonyms: dict[str, set[str]] = {}
    for text in data_texts("policykb.indexer", "synonyms.txt", user_dir):
        for line in data_lines(text):
            group = {norm(w) for w in line.split()}
            merged = set(group)
            for w in group:
                merged |= synonyms.get(w, set())
            for w in merged:
                synonyms[w] = merged
    question: dict[str, str] = {}
    for text in data_texts("policykb.indexer", "question_words.txt", user_dir):
        intent = "plain"
        for line in data_lines(text):
            if line.startswith("="):
                intent = line[1:].strip()
                continue
            for w in line.split():
                question.setdefault(norm(w), intent)  # "number:keep" words stay in the query
    everyday: dict[str, list[str]] = {}
    for text in data_texts("policykb.indexer", "everyday.txt", user_dir):
        for line in data_lines(text):
            said, *written = [norm(w) for w in line.split()]
            known = everyday.setdefault(said, [])
            known += [w for w in written if w != said and w not in known]
    digest = hashlib.sha256(f"{ANALYZER_VERSION}\n".encode())
    for text in dicts + stops:
        digest.update(text.encode("utf-8"))
    return Lexicon(
        words=tuple(words),
        synonyms={w: tuple(sorted(g, key=lambda x: (x != w, -len(x), x))) for w, g in synonyms.items()},
        stopwords=frozenset(norm(w) for text in stops for line in data_lines(text) for w in line.split()),
        question_words=question,
        fingerprint=digest.hexdigest()[:16],
        everyday={w: tuple(ws) for w, ws in everyday.items() if ws},
    )


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def cache_dir() -> Path:
    """A per-user folder for jieba's dictionary cache: a cache left in the shared temp folder by
    another user would make every start rebuild the dictionary."""
    try:
        from platformdirs import user_cache_dir

        path = Path(os.environ.get("POLICYKB_CACHE") or user_cache_dir("policykb", appauthor=False)) / "jieba"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        path = Path(tempfile.gettempdir()) / f"policykb-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        path.mkdir(parents=True, exist_ok=True)
        return path


@lru_cache(maxsize=4)
def _jieba(lexicon: Lexicon) -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.initialize()
    for word, freq, tag in lexicon.words:
        tokenizer.add_word(word, freq, tag)
    return tokenizer


@lru_cache(maxsize=4)
def _tagger(lexicon: Lexicon) -> Any:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba(lexicon))


class Analyzer:
    """Tokens for the index, and questions taken apart for search."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @property
    def fingerprint(self) -> str:
        return self.lexicon.fingerprint

    def _tok(self) -> Any:
        with _lock:  # jieba's lazy initialisation is not thread-safe
            return _jieba(self.lexicon)

    def cut(self, text: str) -> list[str]:
        """Precise-mode words, normalised, without spaces and punctuation."""
        return [w for w in self._tok().cut(norm(text)) if _WORDY.search(w)]

    def index_tokens(self, text: str) -> list[str]:
        """Search-mode tokens (overlapping: 班主/主任/班主任) minus stop words."""
        stop = self.lexicon.stopwords
        return [w for w in self._tok().cut_for_search(norm(text)) if _WORDY.search(w) and w not in stop]

    @staticmethod
    def bigrams(text: str) -> list[str]:
        """Overlapping character pairs of every run of Chinese characters."""
        out: list[str] = []
        for run in _CJK_RUN.findall(text):
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        return out

    def is_content(self, word: str) -> bool:
        """Whether a word names a thing (a noun), judged by jieba's part-of-speech tagger. Loaded
        only when a question uses a word the library has never seen: 差旅费 missing means the
        library does not cover the question; 干够 missing means nothing."""
        with _lock:
            tagger = _tagger(self.lexicon)
        tags = [pair.flag for pair in tagger.cut(word)]
        return bool(tags) and tags[-1][:1] in ("n", "j", "l", "i") or tags[-1:] == ["vn"]

    def synonyms(self, word: str) -> tuple[str, ...]:
        return self.lexicon.synonyms.get(word, (word,))

    def _joined(self, words: list[str]) -> list[str]:
        """jieba's words with neighbours that make an everyday word joined (发 + 传单 → 发传单);
        a longer word jieba found (运动会) is never cut to reach one (运动)."""
        daily = self.lexicon.everyday
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i + 1, -1):
                if "".join(words[i:j]) in daily:
                    out.append("".join(words[i:j]))
                    i = j
                    break
            else:
                out.extend(_unglued(words[i], daily))
                i += 1
        return out

    def _recut(self, words: list[str], known: Callable[[str], bool] | None,
               inside: Callable[[str], bool] | None = None) -> list[str]:
        """Words jieba made up from characters it had never seen together (娃能, 睡够, 人能), that no
        document uses either, cut again by its dictionary alone (娃 能): made-up words of talk hide
        the everyday word in them and count as a rare thing the library lacks. Cut only when a
        piece is a word of talk or of asking this lexicon knows, when it is two words the documents
        (or talk) use (小学老师: 小学 + 老师), or when all but its first or last character is one
        (进校园: 进 + 校园; 手机带 in "把手机带进教室", a strap to jieba: 手机 + 带), or when it is two
        characters its dictionary holds only apart (谁来聘: 来 + 聘, and 聘 finds 聘任)."""
        if known is None:
            return words
        tok = self._tok()
        lex = self.lexicon
        out: list[str] = []
        for word in words:
            if len(word) > 2 and "了" in word[1:-1] and word.replace("了", "") in lex.everyday:
                out.append(word.replace("了", ""))  # 摔了跤, 受了伤: said as it happened
                continue
            if len(word) > 1 and word not in lex.everyday and word not in lex.synonyms and not known(word):
                pieces = [w for w in tok.cut(word, HMM=False) if _WORDY.search(w)] if word not in tok.FREQ else []
                if any(p in lex.everyday or p in lex.question_words for p in pieces):
                    out.extend(pieces)
                    continue
                halves = next(([word[:i], word[i:]] for i in range(2, len(word) - 1)
                               if all(known(h) or h in lex.everyday for h in (word[:i], word[i:]))), None)
                if halves:  # 小学老师: 小学 + 老师; 批改作业: 批改 + 作业
                    out.extend(halves)
                    continue
                if len(pieces) == len(word) == 2 and not (inside and inside(word)):
                    # 谁来聘: 来 + 聘, two characters HMM joined into no word (保学 stays: 控辍保学 holds it)
                    out.extend(pieces)
                    continue
                if len(word) > 2 and known(word[1:]):  # 进校园: 进 + 校园
                    out.extend([word[0], word[1:]])
                    continue
                if len(word) > 2 and known(word[:-1]):  # 手机带 (a strap to jieba): 手机 + 带
                    out.extend([word[:-1], word[-1]])
                    continue
            out.append(word)
        return out

    def question(self, text: str, limit: int = 48, known: Callable[[str], bool] | None = None,
                 inside: Callable[[str], bool] | None = None) -> Question:
        """The concepts of a question (question and stop words dropped) and what kind of answer it
        wants; `known` tells whether the documents use a word, `inside` whether they hold a pair
        of characters inside a longer word."""
        qwords = self.lexicon.question_words
        multi = sorted((w for w in qwords if len(w) > 1 and ":" not in qwords[w]), key=len, reverse=True)
        intents: set[str] = set()
        tokens: list[tuple[str, bool]] = []  # (word, asked for as a unit)
        unit_next = False
        pieces = re.split(f"({'|'.join(map(re.escape, multi))})", norm(text)) if multi else [norm(text)]
        for n, piece in enumerate(pieces):
            if n % 2:  # a question word cut out of the text
                intents.add(qwords[piece])
                unit_next = qwords[piece] == "number"
                continue
            for word in self._joined(self._recut(self.cut(piece), known, inside)):
                intent = qwords.get(word)
                if intent and not intent.endswith(":keep"):
                    intents.add(intent.split(":")[0])
                    unit_next = intent == "number"
                    continue
                if intent:
                    intents.add(intent.split(":")[0])
                head, ask, rest = _split_ask(word) if word not in self.lexicon.synonyms else (word, "", "")
                if rest.startswith("个"):
                    rest = rest[1:]  # 几个星期, 几个月, 几个: the unit is what follows 个
                if ask:
                    intents.add("number")
                    if head:
                        tokens.append((head, unit_next and head in UNITS))
                    if rest:
                        tokens.append((rest, rest in UNITS))
                    unit_next = not rest
                    continue
                tokens.append((word, unit_next and word in UNITS))
                unit_next = _NUMERAL.fullmatch(word) is not None  # 五十 岁: the answer must say N岁
        clocks = clock_times(norm(text))
        concepts: list[Concept] = []
        seen: set[str] = set()
        for word, unit in tokens:
            if word in self.lexicon.stopwords or word in seen or qwords.get(word, "").startswith("plain"):
                continue
            seen.add(word)
            clock = next((forms for said, forms in clocks if word in said), None)
            if clock == ():
                continue
            if clock is not None:
                if clock[0] in seen:
                    continue  # 3 and 点半 of one time of day: one concept
                seen.add(clock[0])
            alts = self.synonyms(word)
            daily = tuple(w for w in self.lexicon.everyday.get(word, ()) if w not in alts) + (clock or ())
            parts = tuple(sorted({p for p in self.index_tokens(word) if p != word}))
            concepts.append(Concept(word, alts, parts, unit, daily))
            if len(concepts) >= limit:
                break
        if norm(text).rstrip("?？!！。 ").endswith("吗"):
            intents.add("modality")  # a yes/no question is answered by a rule: 应当, 不得, 可以
        if "modality" in intents and _FEW.search(norm(text)) and not _ASKS_NUMBER.search(_FEW.sub("", norm(text))):
            intents.discard("number")  # 能不能去民办学校兼几节课: "a few", not "how many"
        return Question(text, tuple(concepts), frozenset(i for i in intents if i != "plain"))


_NUMERAL = re.compile(r"[0-9零〇一二三四五六七八九十百千万两]+")
# 几 with a unit inside a yes/no question, with more said after it: "a few" (兼几节课挣点外快);
# 几个小时 is one unit (超过几个小时？ asks how many).
_FEW = re.compile(r"几(?>个(?:小时|钟头|月|星期|礼拜|学期|工作日)?|节|次|天|年|回|句|下|块|门|本)(?=[\u4e00-\u9fff]{2})")
_ASKS_NUMBER = re.compile(r"几|多少|多长|多久|多大|多高|多远|什么时候|啥时候|何时|最晚|最迟")

# Characters jieba glues to an everyday word (有娃, 娃们的): split off when the rest is one.
_GLUED_BEFORE = "有要让给在被把和跟帮上"
_GLUED_AFTER = "们了的得呢吗都"


def _unglued(word: str, daily: dict[str, tuple[str, ...]]) -> list[str]:
    if len(word) >= 2 and word not in daily:
        if word[0] in _GLUED_BEFORE and word[1:] in daily:
            return [word[0], word[1:]]
        if word[-1] in _GLUED_AFTER and word[:-1] in daily:
            return [word[:-1], word[-1]]
    return [word]


_CLOCK = re.compile(r"(早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|凌晨)?([0-9]{1,2}|[一二三四五六七八九十两]{1,3})(点|时)(半|30分)?")
_AFTERNOON = ("下午", "傍晚", "晚上", "夜里", "夜间")


def clock_times(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Times of day as said ("晚上十点") with the ways documents write them (二十二时, 22时, 22:00):
    the part a question's words fall in, and the forms."""
    found: list[tuple[str, tuple[str, ...]]] = []
    matches = list(_CLOCK.finditer(text))
    if not matches:
        return found
    import cn2an

    for m in matches:
        part, number, unit, half = m.groups()
        if not part and not number.isdigit() and not half and not text.startswith("钟", m.end()):
            continue  # 早一点, 两点要求, 一时: a Chinese numeral is an hour only as 早上七点, 七点钟, 七点半
        if number.isdigit():
            hour = int(number)
        else:
            try:
                hour = int(cn2an.cn2an(number.replace("两", "二"), "smart"))
            except (ValueError, KeyError):
                continue
        if part in _AFTERNOON and hour < 12:
            hour += 12
        if hour > 24:
            continue
        spoken = cn2an.an2cn(hour)
        forms = ((f"{spoken}时三十分", f"{spoken}时半", f"{hour}时30分", f"{hour}:30") if half else
                 (f"{spoken}时", f"{hour}时", f"{hour}:00", f"{hour}点"))
        found.append((m.group()[len(part or ""):], forms))
        if part:  # 晚上 is said by the hour itself now
            found.append((part, ()))
    return found


def _split_ask(word: str) -> tuple[str, str, str]:
    """jieba glues 几/多少 to its neighbours (满几, 几小时): split the word around it."""
    for ask in _ASKS:
        at = word.find(ask)
        if at >= 0:
            return word[:at], ask, word[at + len(ask):]
    return word, "", ""
