/* The course reader's service worker. hooks/course_reader/editions/webapp.py writes it to site/sw.js with the build's own file list.
   Install: download every listed file, check it against its SHA-256 and keep it in this version's cache (an unchanged
   file is copied from the version in use instead); one failure and the whole version is dropped. Until the reader
   asks for the update (docs/assets/webapp.js), the version in use keeps answering, from its own cache only: pages of
   two versions never mix. A page this version does not have (new in a later deployment, so it came from the
   network) gets its files from the network too, this version's copy only when the network fails: it is never
   shown with another version's CSS and JS. Activate: delete the other versions' caches. Other origins are never
   touched. */
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const SCOPE = self.registration.scope;
const PREFIX = `offline-reader ${new URL(SCOPE).pathname} `;
const CACHE = PREFIX + VERSION;
// Each file by its path as the server reads it (percent-escapes decoded: "x%26y" and "x&y" are one file) -> the URL
// its copy is kept under
const KNOWN = new Map(FILES.map(([path]) => [canonical(new URL(path, SCOPE).href), new URL(path, SCOPE).href]));
const SHOWN_404 = new Set(); // the pages (clients) shown this version's 404 page while offline

self.addEventListener("install", (event) => event.waitUntil(install()));

self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  await Promise.all(old.map((name) => caches.delete(name)));
  await self.clients.claim();
})()));

self.addEventListener("message", (event) => {
  if (event.data === "activate-update") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // another origin: the network, untouched
  const key = canonical(request.url);
  if (KNOWN.has(key)) event.respondWith(known(event, KNOWN.get(key)));
  else if (request.mode === "navigate" && KNOWN.has(`${key}/`)) event.respondWith(Response.redirect(KNOWN.get(`${key}/`), 301));
  else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => {
      SHOWN_404.add(event.resultingClientId); // offline: this version's 404 page, with this version's files
      return notFound();
    }));
  }
});

async function install() {
  await caches.delete(CACHE); // what an interrupted install of this version left
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(FILES.map(async ([path, hash]) => {
      const url = new URL(path, SCOPE).href;
      await cache.put(url, (await unchanged(url, hash)) || (await download(url, path, hash)));
    }));
  } catch (error) {
    await caches.delete(CACHE);
    const message = String(error && error.message || error);
    for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "window" })) {
      client.postMessage({ type: "failed", message });
    }
    throw error;
  }
}

async function unchanged(url, hash) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const kept = await caches.match(url, { cacheName: name });
    if (kept && kept.headers.get("X-Reader-Hash") === hash) return kept;
  }
  return null;
}

async function download(url, path, hash) {
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path || "./"}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", body)));
  if (digest.map((byte) => byte.toString(16).padStart(2, "0")).join("") !== hash) {
    throw new Error(`${path || "./"} on the server is not the file this version lists (is a new one being published?)`);
  }
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  return new Response(body, { headers: { "Content-Type": type, "X-Reader-Hash": hash } });
}

function canonical(href) {
  const url = new URL(href);
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch (error) { /* a malformed escape: compared as written */ }
  return url.origin + path.replace(/\/index\.html$/, "/");
}

async function known(event, key) {
  const request = event.request;
  if (request.mode !== "navigate" && event.clientId) {
    const client = await self.clients.get(event.clientId);
    if (client && !KNOWN.has(canonical(client.url)) && !SHOWN_404.has(event.clientId)) { // another deployment's page
      try {
        const response = await fetch(request.url, { cache: "no-cache", credentials: "same-origin" }); // not the HTTP cache's older copy
        if (response.ok) return response;
      } catch (error) { /* offline: this version's copy is better than nothing */ }
    }
  }
  return fromCache(request, key);
}

async function fromCache(request, key) {
  return (await caches.match(key, { cacheName: CACHE })) || fetch(request);
}

// Offline, a page this version did not keep (a download, a page outside the reader): the 404 page, saying so — it
// shows its "not saved" words instead of "not found" (overrides/404.html) — and offering the way back.
async function notFound() {
  const page = await caches.match(new URL("404.html", SCOPE).href, { cacheName: CACHE });
  if (!page) return Response.error();
  const text = (await page.text()).replace('data-missing="not-found">', 'data-missing="not-saved">'); // the element's
  return new Response(text, { status: 404, headers: page.headers });
}
