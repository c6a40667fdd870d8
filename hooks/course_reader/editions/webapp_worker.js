/* The course reader's service worker. hooks/course_reader/editions/webapp.py writes it to site/sw.js with the build's own file list.
   Install: download every listed file, check it against its SHA-256 and keep it in this version's cache (an unchanged
   file is copied from the version in use instead); one failure and the whole version is dropped. Until the reader
   asks for the update (docs/assets/webapp.js), the version in use keeps answering, from its own cache only: pages of
   two versions never mix. Activate: delete the other versions' caches. Other origins are never touched. */
"use strict";

const VERSION = "__VERSION__";
const FILES = __FILES__;
const SCOPE = self.registration.scope;
const PREFIX = `offline-reader ${new URL(SCOPE).pathname} `;
const CACHE = PREFIX + VERSION;
const KNOWN = new Set(FILES.map(([path]) => new URL(path, SCOPE).href));

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
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const key = url.href.replace(/\/index\.html$/, "/");
  if (KNOWN.has(key)) event.respondWith(fromCache(request, key));
  else if (request.mode === "navigate" && KNOWN.has(`${key}/`)) event.respondWith(Response.redirect(`${key}/`, 301));
  else if (request.mode === "navigate") event.respondWith(fetch(request).catch(notFound));
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
