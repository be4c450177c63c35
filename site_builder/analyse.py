"""Per-article analysis: body HTML, plain text, entity mentions and the text's shingle signature.

``analyse`` is a pure top-level function of one SourceDoc, so it can be cached
by content hash and mapped over a process pool; the result does not depend on
the number of workers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Protocol, Sequence

from site_builder.content import markup
from site_builder.state.analysis_cache import AnalysisCache
from site_builder.model import Article, Mention, SourceDoc
from site_builder.text.search_keys import variant_terms
from site_builder.text.shingles import signature

ANALYSER_VERSION = "5"
_POOL_THRESHOLD = 200  # below this, starting worker processes costs more than it saves


class Recognises(Protocol):
    version: str

    def recognise(self, text: str) -> tuple[Mention, ...]: ...


def analyse(doc: SourceDoc, recogniser: Recognises | None) -> Article:
    body = markup.body_html(doc)
    text = markup.plain_text(body)
    mentions = tuple(recogniser.recognise(text)) if recogniser is not None else ()
    terms = variant_terms(f"{doc.meta.title}\n{text}").strip()
    return Article(slug=doc.slug, meta=doc.meta, html=body, text=text, mentions=mentions,
                   path=doc.path, digest=doc.digest, search_terms=terms, signature=signature(text))


def cache_key(doc: SourceDoc, recogniser: Recognises | None) -> str:
    version = recogniser.version if recogniser is not None else "none"
    return hashlib.sha256(f"{ANALYSER_VERSION}|{version}|{doc.digest}|{doc.slug}|{doc.path}".encode()).hexdigest()


_worker_recogniser: Recognises | None = None


def _init_worker(recogniser: Recognises | None) -> None:
    global _worker_recogniser
    _worker_recogniser = recogniser


def _analyse_in_worker(doc: SourceDoc) -> Article:
    return analyse(doc, _worker_recogniser)


def analyse_all(docs: Sequence[SourceDoc], recogniser: Recognises | None, cache: AnalysisCache,
                jobs: int | None = None, progress: Callable[[int], None] | None = None,
                memo: dict[str, Article] | None = None) -> list[Article]:
    """Analyse every document, reusing cached results; keeps the input order.

    ``memo`` is an in-memory layer over the cache for a long-running preview.
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
    fresh = _run([docs[i] for i in todo], recogniser, jobs, progress)
    for i, article in zip(todo, fresh):
        results[i] = article
    cache.put_many({keys[i]: results[i] for i in todo})
    memo.clear()
    memo.update(zip(keys, (results[i] for i in range(len(docs)))))
    return [results[i] for i in range(len(docs))]


def _with_meta(article: Article, doc: SourceDoc) -> Article:
    """A cached analysis with the metadata as read now: a file's bytes give the same
    analysis, but what the reader makes of its front matter may be newer than the cache."""
    return article if article.meta is doc.meta else dataclasses.replace(article, meta=doc.meta)


def _run(docs: list[SourceDoc], recogniser: Recognises | None, jobs: int | None,
         progress: Callable[[int], None] | None) -> list[Article]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(docs) < _POOL_THRESHOLD:
        out = []
        for doc in docs:
            out.append(analyse(doc, recogniser))
            if progress:
                progress(1)
        return out
    out = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(recogniser,)) as pool:
        for article in pool.map(_analyse_in_worker, docs, chunksize=32):
            out.append(article)
            if progress:
                progress(1)
    return out
