/* Course reader: the keyboard's ways through the open drawer and the search results (issue 15), loaded by reader.js
   on the first key pressed, so a reader who never uses the keyboard downloads none of it. */
(function () {
  function shown(el) { return !!el && getComputedStyle(el).display !== "none"; }

  /* The open drawer (the menu, on narrow screens) keeps Tab inside it, and only in the level shown (Material leaves
     the levels it covers in the Tab order): its "Close menu" button, the level's title (which goes back up a level:
     Enter clicks a focused label, in Material), its links and the toggles that open a section as a level. Esc
     (reader.js) or "Close menu" closes it and focus returns to the menu button. The drawer is part of the page: each
     page Material's instant navigation brings has its own, which gets the button. */
  var drawer = document.getElementById("__drawer"), sidebar = document.querySelector(".md-sidebar--primary");
  var menu = document.querySelector(".md-header__button.reader-drawer");
  if (drawer && sidebar && menu) {
    var reset = document.querySelector(".md-search__form [type=reset]"), close = document.createElement("button");
    var toggles = [];
    close.type = "button";
    close.className = "md-icon reader-close";
    close.setAttribute("aria-label", "Close menu");
    close.innerHTML = reset ? reset.innerHTML : "×";
    close.style.cssText = "position:absolute;top:.4rem;right:.4rem;z-index:2;padding:.4rem;border-radius:50%;" +
      "cursor:pointer;background:var(--md-default-bg-color);color:var(--md-default-fg-color--light)";
    var sync = function () {  /* the close button and the toggles only while the drawer is the menu */
      var phone = shown(menu);
      close.hidden = !phone;
      toggles.forEach(function (l) {
        if (phone) l.tabIndex = 0;
        else l.removeAttribute("tabindex");
      });
    };
    var stops = function () {  /* the close button, then what Tab reaches in the level not under another one */
      return [close].concat([].filter.call(sidebar.querySelectorAll("a[href], [tabindex='0']"), function (s) {
        var nav = s.closest("nav"), r = nav && nav.getBoundingClientRect();
        var hit = r && document.elementFromPoint(r.left + 8, Math.max(r.top, 0) + 8);
        return s.offsetWidth && hit && hit.closest("nav") === nav;
      }));
    };
    var enter = function () {  /* after the slide-in of the drawer or of a level: focus its first stop */
      setTimeout(function () {
        var list = stops();
        if (drawer.checked && shown(menu) && list.indexOf(document.activeElement) < 1) (list[1] || close).focus();
      }, 300);
    };
    close.addEventListener("click", function () {
      drawer.click();
      menu.focus();
    });
    document.addEventListener("change", function (e) { if (sidebar.contains(e.target)) enter(); });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Tab" || !drawer.checked || !shown(menu)) return;
      var list = stops(), i = list.indexOf(document.activeElement);
      e.preventDefault();
      list[i < 0 ? 0 : (i + (e.shiftKey ? -1 : 1) + list.length) % list.length].focus();
    });
    window.addEventListener("resize", sync);
    window.reader.page(function () {
      sidebar = document.querySelector(".md-sidebar--primary") || sidebar;
      sidebar.prepend(close);
      toggles = sidebar.querySelectorAll("label.md-nav__title:not([for=__drawer]), label.md-nav__link:not([tabindex])");
      sync();
    });
    if (drawer.checked) enter();  /* opened by the key that loaded this script */
  }

  /* Search: Tab goes from the query box through the results (Material's Tab closed search, and its results took only
     Down and Up); search closes when focus leaves it. Shift alone is kept from Material too: it sent focus back to
     the query box before Shift+Tab. */
  var search = document.getElementById("__search"), dialog = document.querySelector(".md-search");
  var list = document.querySelector(".md-search-result__list");
  if (search && dialog && list) {
    var results = dialog.querySelector(".md-search__scrollwrap");
    if (results) results.tabIndex = -1;  /* its links are the stops */
    document.addEventListener("keydown", function (e) {
      if (!search.checked || !/^(Tab|Shift)$/.test(e.key) || !list.children.length || !dialog.contains(e.target)) return;
      list.querySelectorAll("[tabindex='-1']").forEach(function (a) { a.removeAttribute("tabindex"); });
      e.stopPropagation();
    }, true);
    document.addEventListener("focusin", function (e) {
      if (search.checked && !dialog.contains(e.target)) search.click();
    });
  }
})();
