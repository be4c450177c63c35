"""CoNLL files (one token per line, blank line between sentences) and
entity-level scoring in the manner of conlleval.

Reading keeps every input line, so the tagger can write its output line for
line against the input: blank lines, and ``-DOCSTART-`` lines, stay where
they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.errors import SiteError

ENTITY_TYPES = ("PERS", "LOC", "ORG", "MISC")
MAIN_TYPES = ("PERS", "LOC", "ORG")  # the headline micro-average leaves MISC out
DOCSTART = "-DOCSTART-"


@dataclass
class Corpus:
    """Sentences of tokens (and gold tags, if the file had them), plus where
    each token came from so output can mirror the input line for line."""

    lines: list[str]
    sentences: list[list[str]] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)
    positions: list[list[int]] = field(default_factory=list)  # 0-based line index per token


def check_tag(tag: str) -> bool:
    if tag == "O":
        return True
    prefix, _, kind = tag.partition("-")
    return prefix in ("B", "I") and bool(kind)


def parse(text: str, path: str | Path = "<input>", need_tags: bool = False) -> Corpus:
    """Parse CoNLL text. With ``need_tags`` the last column must be a tag."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the file does not start a line
    corpus = Corpus(lines=lines)
    words: list[str] = []
    tags: list[str] = []
    where: list[int] = []

    def close() -> None:
        if words:
            corpus.sentences.append(list(words))
            corpus.tags.append(list(tags))
            corpus.positions.append(list(where))
            words.clear(), tags.clear(), where.clear()

    for i, line in enumerate(lines):
        cols = line.split()
        if not cols or cols[0] == DOCSTART:
            close()
            continue
        if need_tags:
            if len(cols) < 2:
                raise SiteError("line has a token but no tag", path, i + 1,
                                "each line should read 'token TAG'")
            if not check_tag(cols[-1]):
                raise SiteError(f"unknown tag {cols[-1]!r}", path, i + 1,
                                "tags are O, B-TYPE or I-TYPE")
        words.append(cols[0])
        tags.append(cols[-1] if len(cols) > 1 else "")
        where.append(i)
    close()
    if not need_tags:
        corpus.tags = [[t if check_tag(t) else "" for t in s] for s in corpus.tags]
    return corpus


def read(path: Path, need_tags: bool = False) -> Corpus:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SiteError("file not found", path, None, "check the path") from None
    except IsADirectoryError:
        raise SiteError("is a folder, not a CoNLL file", path) from None
    except OSError as exc:
        raise SiteError(f"cannot read file: {exc.strerror}", path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SiteError("not valid UTF-8", path, line, "save the file as UTF-8") from None
    return parse(text.replace("\r\n", "\n"), path, need_tags)


def render(corpus: Corpus, predicted: list[list[str]]) -> str:
    """Input lines again, each token line rewritten as ``token TAG``."""
    out = list(corpus.lines)
    for sent_tags, sent_pos, words in zip(predicted, corpus.positions, corpus.sentences):
        for tag, pos, word in zip(sent_tags, sent_pos, words):
            out[pos] = f"{word} {tag}"
    return "".join(line + "\n" for line in out)


def write(path: Path, corpus: Corpus, predicted: list[list[str]]) -> None:
    try:
        Path(path).write_text(render(corpus, predicted), encoding="utf-8")
    except OSError as exc:
        raise SiteError(f"cannot write file: {exc.strerror}", path) from None


# --- scoring ---------------------------------------------------------------

def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end exclusive, type). As in conlleval, an I- tag
    that does not continue an entity of its own type starts a new one."""
    found: set[tuple[int, int, str]] = set()
    tags = list(tags)
    if tags.count("O") == len(tags):
        return found  # most sentences of the news name no one
    start, kind = None, None
    for i, tag in enumerate(tags):
        if tag == "O":
            if start is not None:
                found.add((start, i, kind))
                start, kind = None, None
            continue
        prefix, _, t = tag.partition("-")
        continues = prefix == "I" and t == kind
        if start is not None and not continues:
            found.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, t
    if start is not None:
        found.add((start, len(tags), kind))
    return found


@dataclass
class Counts:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Score:
    by_type: dict[str, Counts]
    tokens: int
    tokens_correct: int

    def micro(self, types: tuple[str, ...] = MAIN_TYPES) -> Counts:
        total = Counts()
        for t in types:
            total.add(self.by_type.get(t, Counts()))
        return total

    def add(self, other: "Score") -> None:
        for t, c in other.by_type.items():
            self.by_type.setdefault(t, Counts()).add(c)
        self.tokens += other.tokens
        self.tokens_correct += other.tokens_correct


def score(gold: list[list[str]], predicted: list[list[str]]) -> Score:
    """Exact-span, exact-type entity counts, sentence by sentence."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in sentence count")
    by_type = {t: Counts() for t in ENTITY_TYPES}
    tokens = correct = 0
    for g, p in zip(gold, predicted):
        if len(g) != len(p):
            raise ValueError("gold and predicted differ in sentence length")
        gs, ps = spans(g), spans(p)
        for _, _, t in gs:
            by_type.setdefault(t, Counts()).gold += 1
        for _, _, t in ps:
            by_type.setdefault(t, Counts()).predicted += 1
        for _, _, t in gs & ps:
            by_type[t].correct += 1
        tokens += len(g)
        correct += sum(a == b for a, b in zip(g, p))
    return Score(by_type, tokens, correct)


def format_table(result: Score) -> str:
    rows = [f"{'type':<16}{'precision':>10}{'recall':>10}{'F1':>10}{'gold':>8}{'found':>8}"]

    def row(name: str, c: Counts) -> str:
        return (f"{name:<16}{c.precision:>10.4f}{c.recall:>10.4f}{c.f1:>10.4f}"
                f"{c.gold:>8}{c.predicted:>8}")

    for t in MAIN_TYPES:
        rows.append(row(t, result.by_type.get(t, Counts())))
    rows.append(row("micro PERS/LOC/ORG", result.micro()))
    rows.append(row("MISC", result.by_type.get("MISC", Counts())))
    others = sorted(set(result.by_type) - set(ENTITY_TYPES))
    for t in others:
        rows.append(row(t, result.by_type[t]))
    rows.append(row("micro all types", result.micro(tuple(result.by_type))))
    acc = result.tokens_correct / result.tokens if result.tokens else 0.0
    rows.append(f"token accuracy {acc:.4f} over {result.tokens} tokens")
    return "\n".join(rows)
