/* Popups for glossary terms and links to other pages and sections (WCAG 1.4.13). A popup opens on hover or on focus;
   on a touch screen only a glossary term's opens, on a first tap (a second tap, or its link, follows the link), with a
   close button, and closes when the page scrolls; a tap on a link to another page goes there. The pointer can move
   onto a popup; it stays until Esc, a tap elsewhere, or the pointer or focus leaves. It opens above the link's line when there is room, so the next
   lines stay readable. Texts come from the page's hidden .reader-popups block (hooks/course_reader/site/previews.py): no fetch, so it
   works from file:// too. A term's definition is also its aria-describedby description, set at build time.
   reader.js loads this script on the first pointer over, focus on or tap of a link in the article (or the first
   touch anywhere): readers who never use a popup do not download it. What happened before it arrived is in
   window.reader.popups: the link tapped (its click was held back), whether the pointer is touch; `ready` once this
   script has taken over. Its styles are popup.css, loaded with it. The texts are the page's: each page Material's
   instant navigation brings in has its own. */
(function () {
  var reader = window.reader, early = reader.popups;
  if (early.ready) return;
  var sheet = document.createElement("link");  /* its styles (popup.css) first: no popup shows unstyled */
  sheet.rel = "stylesheet";
  sheet.href = document.currentScript.src.replace(/\.js$/, ".css");
  sheet.onload = sheet.onerror = start;
  document.head.appendChild(sheet);

  function start() {
    early.ready = true;
    var previews = {}, pop = document.createElement("div"), current = null, over = false, dismissed = null;
    var touch = !!early.touch, timer = 0, tappedAt = null;
    function key(url) { return url.pathname.replace(/index\.html$/, "") + url.hash; }
    function text(a) { /* a term's definition, or the preview of another page of this site (or of one of its parts) */
      if (a.closest(".reader-popup, .reader-popups") || !a.closest("article")) return null;
      if (a.dataset.term) return document.getElementById("popup-def-" + a.dataset.term);
      var here = location;
      return a.protocol === here.protocol && a.host === here.host && a.pathname !== here.pathname ? previews[key(a)] || null : null;
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
      tappedAt = touch ? window.scrollY : null;
      if (touch) pop.appendChild(closeButton());
      pop.hidden = false;
      current = a;
      place(a);
    }
    function hide() {
      clearTimeout(timer);
      pop.hidden = true;
      current = null;
      tappedAt = null;
    }
    function closeButton() { /* for touch, where no pointer leaves and no Esc is at hand (keyboards have Esc) */
      var close = document.createElement("button");
      close.type = "button";
      close.className = "reader-popup__close web-only";
      close.tabIndex = -1;
      close.setAttribute("aria-label", "Close");
      close.textContent = "×";
      close.addEventListener("click", hide);
      return close;
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
    addEventListener("scroll", function () {  /* a definition opened by a tap closes once the page scrolls on */
      if (tappedAt !== null && Math.abs(window.scrollY - tappedAt) > 24) hide();
    }, { passive: true });
    document.addEventListener("click", function (e) {
      var a = trigger(e.target);
      if (a && touch && a.dataset.term && a !== current) {
        e.preventDefault();
        show(a);
      }
    });

    reader.page(function () {
      hide();
      previews = {};
      document.querySelectorAll(".reader-popups [data-href]").forEach(function (s) {
        previews[key(new URL(s.getAttribute("data-href"), location.href))] = s;
      });
    });

    /* Catch up: the link tapped before this script arrived, else the link under the pointer or focused */
    var first = early.tapped;
    if (first) {
      if (trigger(first) && first.dataset.term) show(first);
      else location.href = first.href;
    } else {
      var hovered = !touch && trigger(document.querySelector("a[href]:hover"));
      first = hovered || (!touch && trigger(document.activeElement));
      if (first) {
        over = !!hovered;
        show(first);
      }
    }
  }
})();
