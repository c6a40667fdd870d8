/* Course reader: a "link to this paragraph" control (¶, shown on hover and focus) on each paragraph of the article,
   whose ids hooks/paragraphs.py makes from its first words; for the paragraph a link points to, "Report a problem
   with this paragraph" opens an issue that quotes it. No request is made: the issue form opens only on a click. */
document$.subscribe(function () {
  var paragraphs = document.querySelectorAll(
    '.md-content :is(p, li)[id^="p-"], #print-site-page :is(p, li)[id*="-p-"]');
  paragraphs.forEach(function (p) {
    if (p.querySelector(".reader-para-link")) return;
    var link = document.createElement("a");
    link.className = "reader-para-link";
    link.href = "#" + p.id;
    link.setAttribute("aria-label", "Link to this paragraph");
    link.textContent = "¶";
    p.appendChild(link);
  });
  var report = document.querySelector("a.reader-report");
  if (!report || !paragraphs.length) return;
  var pageReport = report.href;

  function quote(p) {
    var copy = p.cloneNode(true);
    copy.querySelectorAll(".reader-para-link").forEach(function (a) { a.remove(); });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    return text.length > 1200 ? text.slice(0, 1200) + "…" : text;
  }

  function reportUrl(p) {
    var url = new URL(pageReport);
    var body = url.searchParams.get("body") || "";
    var address = (body.match(/^URL: (.*)$/m) || [])[1] || location.href.split("#")[0];
    var page = (body.match(/^Page: (.*)$/m) || [])[1] || document.title;
    url.searchParams.set("title", "Problem in a paragraph of: " + page);
    url.searchParams.set("body", "Page: " + page + "\nURL: " + address + "#" + p.id + "\n\nParagraph:\n> " + quote(p) +
      "\n\nWhat is wrong (quote the sentence if you can):\n\n\nSuggested correction, with a source if it adds or changes a claim:\n");
    return url.href;
  }

  function update() {
    document.querySelectorAll(".reader-para-report").forEach(function (el) { el.remove(); });
    var id = decodeURIComponent(location.hash.slice(1));
    var p = id && document.getElementById(id);
    if (!p || Array.prototype.indexOf.call(paragraphs, p) < 0) {
      report.href = pageReport;
      return;
    }
    report.href = reportUrl(p);
    var box = document.createElement("p");
    box.className = "reader-para-report";
    var link = document.createElement("a");
    link.href = report.href;
    link.rel = "nofollow";
    link.textContent = "Report a problem with this paragraph";
    box.appendChild(link);
    p.insertAdjacentElement("afterend", box);
  }
  if (!window.__readerParagraphs) {
    window.__readerParagraphs = true;
    window.addEventListener("hashchange", function () { update(); });
  }
  update();
});
