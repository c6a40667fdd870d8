/* Course reader: the 404 page's "Go back" (overrides/404.html, the only page that links this script), shown when
   this tab has a page to go back to. */
window.reader.page(function () {
  var back = document.querySelector("[data-go-back]");
  if (!back) return;
  back.hidden = history.length < 2;
  back.onclick = function () { history.back(); };
});
