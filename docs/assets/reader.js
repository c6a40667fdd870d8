/* Course reader: what every page loads first (assets/course.js). window.reader is the one global the reader's
   scripts share: reader.script(name) loads one of them (from docs/assets/) once; reader.page(f) runs f for the page
   shown and for each page Material's instant navigation (navigation.instant) brings in without a reload (Material's
   document$), so each script sets up what is in the page there, not once at load. */
(function () {
  var reader = window.reader = {};
  var config = JSON.parse(document.getElementById("__config").textContent);
  reader.base = new URL(config.base.replace(/\/?$/, "/"), location.href).href; /* the site's root, from the first page */
  reader.script = function (name) {
    if (document.querySelector("script[src$='assets/" + name + "']")) return;
    var script = document.createElement("script");
    script.src = reader.base + "assets/" + name;
    document.body.appendChild(script);
  };
  reader.page = function (f) { document$.subscribe(f); };
  /* What instant navigation needs besides: loading the scripts only some pages link (instant.js) */
  if (config.features.indexOf("navigation.instant") >= 0) reader.script("instant.js");
})();

/* "Cite this page" is folded until opened: its copy buttons' script (cite.js) loads when it first opens, so readers
   who never cite a page do not download it (toggle does not bubble: listened to on its way down) */
document.addEventListener("toggle", function (e) {
  if (e.target.open && e.target.matches("details.cite-this")) window.reader.script("cite.js");
}, true);

/* Popups (popup.js, the glossary's definitions and the previews of linked pages) load on the first pointer over,
   focus on or tap of a link in the article, or the first touch anywhere: until then a tap on a glossary term is held
   back, and popup.js shows its definition when it arrives (a tap on a link to a page goes there at once). */
(function () {
  var early = window.reader.popups = {}, types = ["pointerover", "focusin", "pointerdown"];
  function link(e) { /* a term, or a link to another page of this site, in a page that has popups */
    var a = e.target.closest ? e.target.closest("article a[href]") : null;
    if (!a || !document.querySelector(".reader-popups")) return null;
    return a.dataset.term || (a.host === location.host && a.pathname !== location.pathname) ? a : null;
  }
  function load(e) {
    if (e.pointerType) early.touch = e.pointerType === "touch"; /* a tap's pointerover comes first */
    if (!(early.touch && document.querySelector(".reader-popups") || link(e))) return;
    types.forEach(function (type) { document.removeEventListener(type, load, true); });
    window.reader.script("popup.js");
  }
  types.forEach(function (type) { document.addEventListener(type, load, true); });
  document.addEventListener("click", function (e) {
    var a = !early.ready && early.touch && link(e);
    if (a && a.dataset.term) {
      e.preventDefault();
      early.tapped = a;
    }
  }, true);
})();

/* Keyboard and screen-reader fixes to Material's header, drawer and search (progressive enhancement: without this
   script the page works as Material made it). */
(function () {
  var reader = window.reader;
  function button(from, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = from.className + " " + extra;
    b.innerHTML = from.innerHTML;
    return b;
  }

  /* The menu and, on narrow screens, the search: real buttons with aria-expanded instead of <label>s that take no
     focus. While closed, the off-screen drawer is inert and the hidden search box takes no focus, so Tab does not
     walk through what cannot be seen; Esc closes the drawer and returns to its button. The rest of the keyboard's
     ways through the drawer and search is keyboard.js, loaded on the first key pressed. */
  function toggleButton(label, name, toggle, target) {
    var b = button(label, "reader-" + toggle.id.replace(/_/g, ""));
    b.setAttribute("aria-label", name);
    b.setAttribute("aria-controls", target.id);
    label.replaceWith(b);
    b.addEventListener("click", function () { toggle.click(); });
    return b;
  }
  function shown(el) { return getComputedStyle(el).display !== "none"; }
  var drawer = document.getElementById("__drawer"), label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (drawer && label) {
    var menu = toggleButton(label, "Menu", drawer, { id: "reader-drawer" });
    var sync = function () {  /* the drawer (the navigation sidebar) is the page's: each instant page change brings one */
      var s = document.querySelector(".md-sidebar--primary");
      menu.setAttribute("aria-expanded", String(drawer.checked));
      if (s) {
        s.id = "reader-drawer";
        s.inert = shown(menu) && !drawer.checked;
      }
    };
    menu.addEventListener("click", function () {
      if (drawer.checked) setTimeout(function () {  /* after the slide-in: the first link not under another level */
        var links = document.querySelectorAll("#reader-drawer a[href], #reader-drawer [tabindex='0']");
        for (var i = 0; i < links.length; i++) {
          var r = links[i].getBoundingClientRect(), hit = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
          if (r.width && hit && links[i].contains(hit)) return links[i].focus();
        }
      }, 300);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && drawer.checked && shown(menu)) {
        drawer.click();
        menu.focus();
      }
    });
    drawer.addEventListener("change", sync);
    window.addEventListener("resize", sync);
    reader.page(sync);
  }
  var search = document.getElementById("__search"), input = document.querySelector(".md-search__input");
  var searchLabel = document.querySelector('label.md-header__button[for="__search"]');
  var dialog = document.querySelector(".md-search");
  if (search && input && searchLabel && dialog) {
    dialog.id = dialog.id || "reader-search-dialog";
    var find = toggleButton(searchLabel, searchLabel.title || "Search", search, dialog);
    var syncSearch = function () {
      find.setAttribute("aria-expanded", String(search.checked));
      if (shown(find) && !search.checked) input.tabIndex = -1;
      else input.removeAttribute("tabindex");
    };
    find.addEventListener("click", function () {
      syncSearch();
      if (search.checked) input.focus();
    });
    search.addEventListener("change", function () {
      var wasInside = dialog.contains(document.activeElement);
      syncSearch();
      if (!search.checked && shown(find) && (wasInside || document.activeElement === document.body)) find.focus();
    });
    syncSearch();
  }

  /* The colour scheme: one button named by what it does ("Switch to dark mode"), which Space and Enter press,
     instead of three radio buttons named as actions. */
  var palette = document.querySelector("form[data-md-component=palette]");
  if (palette && palette.querySelector("input:checked + label, input + label")) {
    var radios = palette.querySelectorAll("input[type=radio]");
    var toggle = button(palette.querySelector("label"), "reader-palette");
    var update = function () {
      var checked = palette.querySelector("input:checked") || radios[0];
      var next = checked.nextElementSibling;
      toggle.innerHTML = next.innerHTML;
      toggle.setAttribute("aria-label", next.title);
      toggle.dataset.next = next.htmlFor;
    };
    radios.forEach(function (r) {
      r.tabIndex = -1;
      r.setAttribute("aria-hidden", "true");
      r.addEventListener("change", update);
    });
    toggle.removeAttribute("hidden");
    toggle.addEventListener("click", function () {
      document.getElementById(toggle.dataset.next).click();
      update();
    });
    palette.classList.add("reader-js-palette");
    palette.appendChild(toggle);
    update();
  }

  /* Search: the input is a combobox that says how to reach the results; the result count is announced. */
  var meta = document.querySelector(".md-search-result__meta"), list = document.querySelector(".md-search-result__list");
  if (search && input && meta && list) {
    var hint = document.createElement("p");
    hint.id = "reader-search-hint";
    hint.className = "reader-sr-only";
    hint.textContent = "Press Down or Tab to reach the results.";
    input.after(hint);
    list.id = list.id || "reader-search-results";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", hint.id);
    meta.setAttribute("role", "status");
    var state = function () {
      input.setAttribute("aria-expanded", String(search.checked && list.children.length > 0));
    };
    search.addEventListener("change", state);
    new MutationObserver(state).observe(list, { childList: true });
    state();
  }

  /* Material's contents "follow" (toc.follow) scrolls a sidebar to the section being read: not while focus is in that
     sidebar (it scrolled the focused link out of view), and not smoothly when the reader asks for reduced motion. */
  reader.page(function () {
    document.querySelectorAll(".md-sidebar__scrollwrap").forEach(function (w) {
      var scroll = w.scrollTo;
      w.scrollTo = function (o) {
        if (w.contains(document.activeElement)) return;
        if (o && matchMedia("(prefers-reduced-motion: reduce)").matches) o.behavior = "auto";
        scroll.apply(w, arguments);
      };
    });
  });

  /* keyboard.js (the open drawer and search results by Tab) loads on the first key pressed, or when the menu opens
     (a drawer opened by pointer or touch then keeps Tab inside it from the first key): no weight for others */
  var keyboard = false;
  function loadKeyboard() {
    if (keyboard) return;
    keyboard = true;
    document.removeEventListener("keydown", loadKeyboard, true);
    reader.script("keyboard.js");
  }
  document.addEventListener("keydown", loadKeyboard, true);
  if (menu) menu.addEventListener("click", loadKeyboard);
})();

/* The web app: "Save for offline reading" (webapp.js) loads only where it has work: on the Download page (its row
   names the script, in the offline copy too), in a page the saved reader's worker serves (from its cache, so no
   download), or in the installed app (the manifest link names it). Not on a first visit to any other page. */
window.reader.page(function () {
  var workers = navigator.serviceWorker;
  if (document.querySelector("[data-webapp][data-script]") || (workers && (workers.controller ||
      matchMedia("(display-mode: standalone)").matches) && document.querySelector("link[rel=manifest]"))) {
    window.reader.script("webapp.js");
  }
});
