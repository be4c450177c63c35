// How the search page gets Pagefind's files: inflated by the browser, and the
// ones every first search needs asked for at once.
//
// Pagefind's index files are gzip-compressed on disk (hosts such as GitHub
// Pages do not compress files of unknown types) and Pagefind inflates each in
// JavaScript on the main thread: 76 ms of a cold first search at 30,000
// articles (measured in Chromium). It takes data that is already inflated (it
// begins with Pagefind's signature) as it is, so we hand it the bytes inflated
// by the browser's native DecompressionStream instead.
//
// Pagefind also fetches one file after another: the entry file, then the
// metadata, and an extra index part only once the first has loaded its
// WebAssembly. ``prefetchBundle`` asks for a bundle's entry file and metadata as
// soon as the page starts; when Pagefind asks for them, it gets the same bytes.

const GZIP = [0x1f, 0x8b];
// The files worth inflating natively: the WebAssembly, metadata, word-index chunks and
// filters (10–120 KB each). A page's fragment (1–6 KB) inflates faster in Pagefind's
// own code than a stream can be set up for it.
const LARGE = /\.(pagefind|pf_meta|pf_index|pf_filter)$/;
const early = new Map(); // path → Promise<{bytes, status, type}>
let installed = false;

function pathOf(input) {
  const url = typeof input === "string" || input instanceof URL ? input : input.url;
  return new URL(url, location.href).pathname;
}

async function inflated(bytes) {
  if (typeof DecompressionStream !== "function" || bytes[0] !== GZIP[0] || bytes[1] !== GZIP[1]) {
    return bytes;
  }
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return bytes; // Pagefind reports a file it cannot read
  }
}

async function load(fetcher, input, init) {
  const response = await fetcher(input, init);
  if (!response.ok) {
    return { bytes: null, response };
  }
  const bytes = await inflated(new Uint8Array(await response.arrayBuffer()));
  return { bytes, status: response.status, type: response.headers.get("Content-Type") || "" };
}

function asResponse(loaded) {
  if (!loaded.bytes) {
    return loaded.response;
  }
  return new Response(loaded.bytes, { status: loaded.status, headers: { "Content-Type": loaded.type } });
}

// Route the page's requests for files under ``bundle`` (a path ending in "/")
// through the native inflater and the early requests.
export function installBundleFetch(bundle) {
  if (installed) {
    return;
  }
  installed = true;
  const root = new URL(bundle, location.href).pathname;
  const original = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input, init) => {
    const path = pathOf(input);
    if (!path.startsWith(root) || !(LARGE.test(path) || early.has(path))) {
      return original(input, init);
    }
    const waiting = early.get(path);
    if (waiting) {
      early.delete(path); // asked for once: Pagefind keeps what it loaded
      return waiting.then((loaded) => (loaded ? asResponse(loaded) : load(original, input, init).then(asResponse)));
    }
    return load(original, input, init).then(asResponse);
  };
  early.original = original;
}

function fetchEarly(url) {
  const path = pathOf(url);
  if (!early.has(path)) {
    early.set(path, load(early.original, url).catch(() => null)); // failed: Pagefind asks again
  }
  return early.get(path);
}

// Ask now for the entry file and the metadata of the bundle at ``base`` (the
// index in ``language``, or its only one), which Pagefind will ask for next.
export function prefetchBundle(base, language) {
  if (!installed) {
    return;
  }
  fetchEarly(`${base}pagefind-entry.json`).then((loaded) => {
    if (!loaded?.bytes) {
      return;
    }
    const entry = JSON.parse(new TextDecoder().decode(loaded.bytes));
    const languages = entry.languages || {};
    const index = languages[language] || Object.values(languages)[0];
    if (index?.hash) {
      fetchEarly(`${base}pagefind.${index.hash}.pf_meta`);
    }
  }).catch(() => {});
}
