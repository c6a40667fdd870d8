/* Course reader: copy the "Cite this page" text with one click (works from file:// too). (Material itself unfolds
   the self-check answers for printing and folds them back after.) */
document$.subscribe(function () {
  document.querySelectorAll("[data-copy-cite]").forEach(function (button) {
    if (button.dataset.bound) return;
    button.dataset.bound = "1";
    button.addEventListener("click", function () {
      var section = button.closest(".cite-this");
      var text = button.parentNode.querySelector("[data-cite]").textContent.trim();
      var status = section.querySelector(".cite-this__status");
      function done(ok) { status.textContent = ok ? "Citation copied." : "Select the text above and copy it."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
      } else {
        done(fallback(text));
      }
    });
  });
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
});

/* Popups for glossary terms and links to other pages and sections (WCAG 1.4.13). A popup opens on hover, on focus
   or on a first tap (a second tap, or its link, follows the link); the pointer can move onto it; it stays until Esc,
   a tap elsewhere, or the pointer or focus leaves. It opens above the link's line when there is room, so the next
   lines stay readable. Texts come from the page's hidden .reader-popups block (hooks/previews.py): no fetch, so it
   works from file:// too. A term's definition is also its aria-describedby description, set at build time. */
(function () {
  var box = document.querySelector(".reader-popups");
  if (!box) return;
  var previews = {}, pop = document.createElement("div"), current = null, over = false, dismissed = null;
  var touch = false, timer = 0;
  function key(href) {
    var url = new URL(href, location.href);
    return url.pathname.replace(/index\.html$/, "") + url.hash;
  }
  box.querySelectorAll("[data-href]").forEach(function (s) { previews[key(s.getAttribute("data-href"))] = s; });
  function text(a) {
    if (a.closest(".reader-popup, .reader-popups") || !a.closest("article")) return null;
    if (a.dataset.term) return document.getElementById("popup-def-" + a.dataset.term);
    var href = a.getAttribute("href");
    return href && href.charAt(0) !== "#" ? previews[key(href)] || null : null;
  }
  function trigger(el) {
    var a = el && el.closest ? el.closest("a[href]") : null;
    return a && text(a) ? a : null;
  }
  pop.className = "reader-popup";
  pop.id = "reader-popup";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  document.body.appendChild(pop);

  function show(a) {
    clearTimeout(timer);
    if (current === a && !pop.hidden) return;
    var source = text(a), title = document.createElement("strong"), body = document.createElement("span");
    var go = document.createElement("a");
    title.className = "reader-popup__title";
    body.className = "reader-popup__text";
    title.textContent = source.getAttribute("data-title");
    body.textContent = source.textContent;
    go.href = a.getAttribute("href");
    go.tabIndex = -1; /* keyboard users follow the link itself; this one is for touch and pointer */
    go.textContent = a.dataset.term ? "Glossary entry" : "Open";
    pop.replaceChildren(title, body, go);
    pop.hidden = false;
    current = a;
    place(a);
  }
  function hide() {
    clearTimeout(timer);
    pop.hidden = true;
    current = null;
  }
  function later(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }
  function place(a) {
    var rects = a.getClientRects(), first = rects[0], last = rects[rects.length - 1];
    var width = document.documentElement.clientWidth, header = document.querySelector(".md-header");
    var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    pop.style.left = pop.style.top = "0px";
    pop.style.maxWidth = Math.min(width - 16, 360) + "px";
    var w = pop.offsetWidth, h = pop.offsetHeight, above = first.top - h - 8 >= top + 4;
    var anchor = above ? first : last, origin = document.body.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(anchor.left, width - w - 8)) - origin.left + "px";
    pop.style.top = (above ? first.top - h - 8 : last.bottom + 8) - origin.top + "px";
  }

  document.addEventListener("pointerdown", function (e) {
    touch = e.pointerType === "touch";
    if (!pop.contains(e.target) && !trigger(e.target)) hide();
  }, true);
  document.addEventListener("keydown", function (e) {
    touch = false;
    if (e.key === "Escape" && !pop.hidden) {
      dismissed = current;
      hide();
    }
  }, true);
  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var a = trigger(e.target);
    if (pop.contains(e.target) || (a && a === current)) {
      over = true;
      clearTimeout(timer);
    } else if (a && a !== dismissed) {
      over = true;
      later(function () { show(a); }, current ? 0 : 150);
    }
  });
  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var to = e.relatedTarget, a = trigger(e.target);
    if (a && a === dismissed && !(to && a.contains(to))) dismissed = null;
    if (!(a || pop.contains(e.target)) || (to && (pop.contains(to) || (a && a.contains(to)) || trigger(to) === current))) return;
    over = false;
    if (!(current && current === document.activeElement)) later(hide, 300);
  });
  document.addEventListener("focusin", function (e) {
    var a = trigger(e.target);
    if (a && !touch) show(a);
    else if (!a && !pop.contains(e.target)) hide();
  });
  document.addEventListener("focusout", function (e) {
    if (e.target === current && !over && !(e.relatedTarget && pop.contains(e.relatedTarget))) hide();
  });
  document.addEventListener("click", function (e) {
    var a = trigger(e.target);
    if (a && touch && a !== current) {
      e.preventDefault();
      show(a);
    }
  });
})();

/* Keyboard and screen-reader fixes to Material's header, drawer and search (progressive enhancement: without this
   script the page works as Material made it). */
(function () {
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
  var drawer = document.getElementById("__drawer"), sidebar = document.querySelector(".md-sidebar--primary");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (drawer && sidebar && label) {
    sidebar.id = sidebar.id || "reader-drawer";
    var menu = toggleButton(label, "Menu", drawer, sidebar);
    var sync = function () {
      menu.setAttribute("aria-expanded", String(drawer.checked));
      sidebar.inert = shown(menu) && !drawer.checked;
    };
    menu.addEventListener("click", function () {
      if (drawer.checked) setTimeout(function () {  /* after the slide-in: the first link not under another level */
        var links = sidebar.querySelectorAll("a[href], [tabindex='0']");
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
    sync();
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
  document.querySelectorAll(".md-sidebar__scrollwrap").forEach(function (w) {
    var scroll = w.scrollTo;
    w.scrollTo = function (o) {
      if (w.contains(document.activeElement)) return;
      if (o && matchMedia("(prefers-reduced-motion: reduce)").matches) o.behavior = "auto";
      scroll.apply(w, arguments);
    };
  });

  /* keyboard.js (the open drawer and search results by Tab) loads on the first key pressed: no weight for others */
  document.addEventListener("keydown", function load() {
    document.removeEventListener("keydown", load, true);
    var script = document.createElement("script");
    script.src = JSON.parse(document.getElementById("__config").textContent).base + "/assets/keyboard.js";
    document.body.appendChild(script);
  }, true);
})();

/* The web app: "Save for offline reading" (webapp.js) loads only where it has work: on the Download page (its row
   names the script, in the offline copy too), in a page the saved reader's worker serves (from its cache, so no
   download), or in the installed app (the manifest link names it). Not on a first visit to any other page. */
(function () {
  var workers = navigator.serviceWorker;
  var row = document.querySelector("[data-webapp][data-script]");
  var manifest = document.querySelector("link[rel=manifest][data-script]");
  var from = row || (workers && (workers.controller || matchMedia("(display-mode: standalone)").matches) && manifest);
  if (!from) return;
  var script = document.createElement("script");
  script.src = from.getAttribute("data-script");
  document.body.appendChild(script);
})();
