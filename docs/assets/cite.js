/* Course reader: copy the "Cite this page" text with one click (loaded by reader.js when "Cite this page" first opens;
   one listener on the document serves every page instant navigation brings). Where the clipboard cannot be written (a
   page served over plain http, or permission refused), the citation is selected instead and the status says how to
   copy it: on a touch screen, by touch and hold, not keyboard keys. */
document.addEventListener("click", function (e) {
  var button = e.target.closest && e.target.closest("[data-copy-cite]");
  if (!button) return;
  var cite = button.parentNode.querySelector("[data-cite]"), text = cite.textContent.trim();
  var status = button.closest(".cite-this").querySelector(".cite-this__status");
  function selected() {
    var range = document.createRange();
    range.selectNodeContents(cite);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = matchMedia("(pointer: coarse)").matches  /* a touch screen: no keyboard to press keys on */
      ? "Citation selected: touch and hold it, then choose Copy."
      : "Citation selected: press Ctrl+C (Command-C on a Mac) to copy it.";
  }
  try {
    navigator.clipboard.writeText(text).then(function () { status.textContent = "Citation copied."; }, selected);
  } catch (error) {
    selected();
  }
});
window.reader.cite = "ready";
