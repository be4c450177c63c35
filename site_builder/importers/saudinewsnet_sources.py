"""The newspapers of the SaudiNewsNet corpus, by the ids its importer writes as ``source``.

The corpus names each source by a Latin id (``okaz``, ``3alyoum``); readers know
them by their Arabic names, as each paper writes its own (عكاظ, «الشرق الأوسط»,
صحيفة الوئام, "سبق" الإلكترونية; the press agency signs its dispatches (واس)).
The build knows these ids, so an imported archive shows the names without any
configuration, and a ``[sources.ID]`` table in ``site.toml`` still overrides them.
Home pages are the hosts of the corpus's article addresses.
"""

from __future__ import annotations

from site_builder.model import Source

SOURCES: dict[str, Source] = {source.id: source for source in (
    Source("3alyoum", "عين اليوم", "http://www.3alyoum.com/"),
    Source("aawsat", "الشرق الأوسط", "http://aawsat.com/"),
    Source("aleqtisadiya", "الاقتصادية", "http://www.aleqt.com/"),
    Source("aljazirah", "الجزيرة", "http://www.al-jazirah.com/"),
    Source("almadina", "المدينة", "http://www.al-madina.com/"),
    Source("alriyadh", "الرياض", "http://www.alriyadh.com/"),
    Source("alwatan", "الوطن", "http://www.alwatan.com.sa/"),
    Source("alweeam", "الوئام", "http://www.alweeam.com.sa/"),
    Source("alyaum", "اليوم", "http://www.alyaum.com/"),
    Source("arreyadi", "الرياضي", "http://www.arreyadi.com.sa/"),
    Source("arriyadiyah", "الرياضية", "http://www.arriyadiyah.com/"),
    Source("okaz", "عكاظ", "http://www.okaz.com.sa/"),
    Source("sabq", "سبق", "http://sabq.org/"),
    Source("was", "واس", "http://www.spa.gov.sa/"),
)}
