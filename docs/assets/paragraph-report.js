/* Course reader: "Report a problem with this paragraph", under the paragraph the address points to (#p-…), opening
   the content-correction issue form with the paragraph quoted in its Problem field. Loaded by paragraphs.js only
   when the address points to a paragraph, so other visits do not download it. No request is made: the issue form
   opens only on a click. */
(function () {
  var reader = window.reader;

  function quote(p) {
    var copy = p.cloneNode(true);
    copy.querySelectorAll(".reader-para-link").forEach(function (a) { a.remove(); });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    return text.length > 1200 ? text.slice(0, 1200) + "…" : text;
  }

  function reportUrl(p, pageReport) {
    var url = new URL(pageReport);  // the issue form, its title and Page field filled in (overrides/partials/actions.html)
    var address = (url.searchParams.get("page") || location.href).split("#")[0];
    var page = (url.searchParams.get("title") || "").replace(/^Problem on page: /, "") || document.title;
    url.searchParams.set("title", "Problem in a paragraph of: " + page);
    url.searchParams.set("page", address + "#" + p.id);
    url.searchParams.set("problem", "Paragraph:\n> " + quote(p) + "\n\nWhat is wrong (quote the sentence if you can):\n");
    return url.href;
  }

  reader.paragraphReport = function () {  /* the page's own report link keeps its first address in data-page */
    var report = document.querySelector("a.reader-report");
    if (!report) return;
    var pageReport = report.dataset.page = report.dataset.page || report.href;
    document.querySelectorAll(".reader-para-report").forEach(function (el) { el.remove(); });
    var id = decodeURIComponent(location.hash.slice(1));
    var p = id && document.getElementById(id);
    if (!p || !p.matches(reader.paragraphs)) {
      report.href = pageReport;
      return;
    }
    report.href = reportUrl(p, pageReport);
    var box = document.createElement("p");
    box.className = "reader-para-report";
    var link = document.createElement("a");
    link.href = report.href;
    link.rel = "nofollow";
    link.textContent = "Report a problem with this paragraph";
    box.appendChild(link);
    p.insertAdjacentElement("afterend", box);
  };
  reader.paragraphReport();
})();
