// Highlight the words a reader searched for when arriving from the search
// page (?highlight=…), then drop the parameter so the address stays clean
// for sharing and reloading.
const PARAM = "highlight";

async function highlightSearchTerms() {
  const params = new URLSearchParams(window.location.search);
  if (!params.has(PARAM)) {
    return;
  }
  const bundle = document.body.dataset.bundle;
  try {
    const { default: PagefindHighlight } = await import(`${bundle}pagefind-highlight.js`);
    // Styles come from the site's stylesheet (mark), not an injected <style>.
    new PagefindHighlight({ highlightParam: PARAM, addStyles: false });
  } catch (error) {
    // No search index (search disabled or not built yet): nothing to highlight.
  }
  params.delete(PARAM);
  const query = params.toString();
  const clean = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  window.history.replaceState(window.history.state, "", clean);
}

highlightSearchTerms();
