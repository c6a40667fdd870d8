/* Course reader: copy the "Cite this page" text with one click (works from file:// too); unfold answers for print. */
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

/* Printing: unfold the self-check answers so the printed page has them, and fold them back after. */
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.setAttribute("open", "");
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
})();
