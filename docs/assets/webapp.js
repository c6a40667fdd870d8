/* "Save for offline reading": registers the service worker that hooks/course_reader/editions/webapp.py builds (sw.js) when the reader asks
   on the Download page, or by itself in the installed app, and shows its state there: not saved, saving, saved,
   updating, update ready. When a new version is ready, every page offers "Reload to update"; the switch happens in
   every open tab at once. Nothing is registered on file:// (the offline zip) or in `make serve` (no worker). Loaded
   once; the row and the notice are the page's, found again on each page Material's instant navigation brings in. */
(function () {
  "use strict";
  var manifest = document.querySelector('link[rel="manifest"]');
  var worker = manifest && manifest.getAttribute("data-worker");
  var control = null, button = null, status = null; /* the Download page's row, when it is the page shown */
  var TEXT = {
    none: "Not saved on this device.",
    saving: "Saving for offline reading…",
    saved: "Saved for offline reading: every page, the search and the glossary work on this device without a network.",
    updating: "Saved for offline reading. Downloading the latest version…",
    ready: "Update ready: reload to read the latest version (until then you keep the saved one).",
    stale: "Saved for offline reading, but the latest version could not be downloaded: you keep the saved one.",
    failed: "Could not save for offline reading. Try again when you are online."
  };
  var ACTION = { none: "Save for offline reading", saved: "Remove the offline copy", updating: "Remove the offline copy",
                 ready: "Reload to update", stale: "Remove the offline copy", failed: "Try again" };

  function row() {  /* the page shown's row, if it is the Download page */
    control = document.querySelector("[data-webapp]");
    button = control && control.querySelector("[data-webapp-action]");
    status = control && control.querySelector("[data-webapp-status]");
  }
  var container = navigator.serviceWorker, fixed = "";  /* what the row says where nothing can be saved */
  if (location.protocol === "file:") {
    fixed = "This copy already works without a network.";
  } else if (!container || !window.isSecureContext) {
    fixed = "This browser cannot keep the reader for offline reading: use the offline edition (zip) instead.";
  } else if (!worker) {  // make serve: this build has no worker; remove one that a build left on this address
    container.getRegistration().then(function (registration) { if (registration) registration.unregister(); });
    fixed = "The preview (make serve) keeps nothing offline: build the site (make build) to try saving it.";
  }
  if (fixed) {
    window.reader.page(function () {
      row();
      var online = location.protocol === "file:" && control && control.getAttribute("data-webapp-online");
      say(fixed + (online ? " To install the reader on a phone, open " + online + " there." : ""));
    });
    return;
  }
  worker = new URL(worker, location.href).href;  /* resolved here: the next pages' addresses may be elsewhere */
  var scope = new URL(".", worker).href;
  var prefix = "offline-reader " + new URL(scope).pathname + " ";
  var state = "";
  var failure = "";
  var waiting = null;
  var notice = null;
  var hadController = !!container.controller;
  var reloading = false;
  var registered = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function show(next) {
    state = next;
    var text = TEXT[next] + (next === "failed" && failure ? " (" + failure + ")" : "");
    if (control) {
      say(text);
      button.textContent = ACTION[next] || ACTION.none;
      button.hidden = false;
      button.setAttribute("aria-disabled", next === "saving" ? "true" : "false");
    } else if (notice) {
      notice.status.textContent = next === "ready" ? text : "";
      notice.button.hidden = next !== "ready";
      notice.box.classList.toggle("webapp-notice--shown", next === "ready");
    }
  }

  function act() {
    if (state === "saving") return;
    if (state === "ready") return update();
    if (state === "none" || state === "failed") return save();
    remove();
  }

  function save() {
    failure = "";
    show("saving");
    container.register(worker, { updateViaCache: "none" }).then(track, function (error) {
      failure = error.message;
      show("failed");
    });
  }

  function remove() {
    container.getRegistration(scope).then(function (registration) {
      return registration && registration.unregister();
    }).then(function () {
      return caches.keys();
    }).then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf(prefix) === 0; })
        .map(function (name) { return caches.delete(name); }));
    }).then(function () { show("none"); });
  }

  function update() {
    if (waiting) waiting.postMessage("activate-update");
  }

  function track(registration) {
    registered = true;
    registration.addEventListener("updatefound", function () { watch(registration, registration.installing); });
    if (registration.installing) watch(registration, registration.installing);
    else if (registration.waiting && registration.active) ready(registration);
    else if (registration.active) show("saved");
  }

  function watch(registration, installing) {
    if (!installing) return;
    show(registration.active ? "updating" : "saving");
    installing.addEventListener("statechange", function () {
      if (installing.state === "installed" && registration.active) ready(registration);
      else if (installing.state === "activated") show("saved");
      else if (installing.state === "redundant" && registration.waiting !== installing && registration.active !== installing) {
        show(registration.active ? "stale" : "failed");
      }
    });
  }

  function ready(registration) {
    waiting = registration.waiting;
    show("ready");
  }

  function makeNotice() {  // on every page but Download: the place "update ready" shows (empty until then)
    var content = document.querySelector(".md-content");
    if (!content) return null;
    var box = document.createElement("div");
    box.className = "webapp-notice";
    var text = document.createElement("p");
    text.setAttribute("role", "status");
    var action = document.createElement("button");
    action.type = "button";
    action.className = "md-button md-button--primary";
    action.textContent = ACTION.ready;
    action.hidden = true;
    action.addEventListener("click", update);
    box.appendChild(text);
    box.appendChild(action);
    content.insertBefore(box, content.firstChild);
    return { box: box, status: text, button: action };
  }

  container.addEventListener("message", function (event) {
    if (event.data && event.data.type === "failed") failure = event.data.message;
  });
  container.addEventListener("controllerchange", function () {
    // A new version took over (in this tab or another): reload so that this page is the new version too.
    if (hadController && !reloading) {
      reloading = true;
      location.reload();
    }
    hadController = true;
  });
  window.reader.page(function () {  /* the page shown: its row (Download), or its notice once something is saved */
    row();
    notice = null;
    if (button) button.addEventListener("click", act);
    if (!control && registered) notice = makeNotice();
    if (state) show(state);
  });
  container.getRegistration(scope).then(function (registration) {
    if (registration) {
      if (!control) notice = makeNotice();
      track(registration);
      if (navigator.onLine) registration.update().catch(function () {});  // a new deployment? (offline: nothing)
    } else if (window.matchMedia("(display-mode: standalone)").matches) {
      save();  // the installed app keeps itself offline
    } else {
      show("none");
    }
  });
})();
