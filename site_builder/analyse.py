"""Per-article analysis: body HTML, plain text, entity mentions and the text's shingle signature.

``analyse`` is a pure top-level function of one SourceDoc, so it can be cached
by content hash and mapped over worker processes or a cluster (``executors``);
the result does not depend on the number of workers or where they run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
from typing import Callable, Iterator, Protocol, Sequence

from site_builder.content import markup
from site_builder.executors import Executor, Job
from site_builder.state.analysis_cache import AnalysisCache
from site_builder.model import Article, Mention, SourceDoc
from site_builder.text.search_keys import variant_terms
from site_builder.text.shingles import signature

ANALYSER_VERSION = "5"
POOL_THRESHOLD = 200
"""Fewer documents than this are analysed in the building process (on this machine)."""


class Recognises(Protocol):
    version: str

    def recognise(self, text: str) -> tuple[Mention, ...]: ...

    def recognise_many(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]: ...


def analyse(doc: SourceDoc, recogniser: Recognises | None) -> Article:
    return analyse_many([doc], recogniser)[0]


def analyse_many(docs: Sequence[SourceDoc], recogniser: Recognises | None) -> list[Article]:
    """``analyse`` for each document; the recogniser reads their texts together, which is
    faster than one by one and gives the same mentions."""
    bodies = [markup.body_html(doc) for doc in docs]
    texts = [markup.plain_text(body) for body in bodies]
    found = recogniser.recognise_many(texts) if recogniser is not None else [() for _ in docs]
    return [Article(slug=doc.slug, meta=doc.meta, html=body, text=text, mentions=tuple(mentions),
                    path=doc.path, digest=doc.digest, search_terms=variant_terms(f"{doc.meta.title}\n{text}").strip(),
                    signature=signature(text))
            for doc, body, text, mentions in zip(docs, bodies, texts, found)]


def cache_key(doc: SourceDoc, recogniser: Recognises | None) -> str:
    version = recogniser.version if recogniser is not None else "none"
    return hashlib.sha256(f"{ANALYSER_VERSION}|{version}|{doc.digest}|{doc.slug}|{doc.path}".encode()).hexdigest()


YOUNG_OBJECTS = 100_000
"""Allocations between two collections of the youngest generation while a batch is analysed
(Python's default: 700). A batch makes millions of short-lived tokens, tuples and lists, and
the recogniser's word caches keep growing beside them; collecting that often cost about a
twentieth of the analysis (``bench/ner_speed.py``), collecting less often costs a few
megabytes."""


def analyse_batch(recogniser: Recognises | None, docs: Sequence[SourceDoc]) -> list[Article]:
    """``analyse_many``, as a build runs it on each batch: collecting less (``collecting_less``)."""
    with collecting_less():
        return analyse_many(docs, recogniser)


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Python's cyclic collector run every ``YOUNG_OBJECTS`` allocations instead of 700."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, before[1], max(before[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def analyse_all(docs: Sequence[SourceDoc], recogniser: Recognises | None, cache: AnalysisCache,
                executor: Executor, progress: Callable[[int], None] | None = None,
                memo: dict[str, Article] | None = None) -> list[Article]:
    """Analyse every document, reusing cached results; keeps the input order.

    Only the documents not in the cache go to the executor; the recogniser
    travels once to each worker, the documents (with their text) in batches.

    ``memo`` is an in-memory layer over the cache for a long-running preview. The
    cache then forgets what the archive no longer holds (``AnalysisCache.keep``).
    """
    keys = [cache_key(doc, recogniser) for doc in docs]
    memo = {} if memo is None else memo
    cached = {key: memo[key] for key in keys if key in memo}
    cached.update(cache.get_many([key for key in keys if key not in cached]))
    todo = [i for i, key in enumerate(keys) if key not in cached]
    results: dict[int, Article] = {i: _with_meta(cached[keys[i]], docs[i]) for i in range(len(docs))
                                   if keys[i] in cached}
    if progress:
        progress(len(results))
    job = Job("analysing", analyse_batch, recogniser, batch=32, in_process_below=POOL_THRESHOLD,
              parent_helps=False)  # the recogniser's word caches end with the workers
    done = (lambda batch: progress(len(batch))) if progress else (lambda batch: None)
    fresh = executor.map(job, [docs[i] for i in todo], done)
    for i, article in zip(todo, fresh):
        results[i] = article
    cache.put_many({keys[i]: results[i] for i in todo})
    cache.keep(keys)
    memo.clear()
    memo.update(zip(keys, (results[i] for i in range(len(docs)))))
    return [results[i] for i in range(len(docs))]


def _with_meta(article: Article, doc: SourceDoc) -> Article:
    """A cached analysis with the metadata as read now: a file's bytes give the same
    analysis, but what the reader makes of its front matter may be newer than the cache."""
    return article if article.meta is doc.meta else dataclasses.replace(article, meta=doc.meta)
