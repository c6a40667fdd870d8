/* Course reader: a "link to this paragraph" control (¶, shown on hover and focus) on each paragraph of the article,
   whose ids hooks/course_reader/site/paragraphs.py makes from its first words. When the address points to a paragraph (a ¶ followed,
   or a shared link), paragraph-report.js is loaded to offer "Report a problem with this paragraph" under it. */
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
  if (!paragraphs.length || !document.querySelector("a.reader-report")) return;

  function update() {
    if (window.readerParagraphReport) {
      window.readerParagraphReport();
    } else if (/^#(.*-)?p-/.test(location.hash) && !document.getElementById("reader-paragraph-report")) {
      readerScript("paragraph-report.js").id = "reader-paragraph-report";  /* reader.js's loader */
    }
  }
  if (!window.__readerParagraphs) {
    window.__readerParagraphs = true;
    window.addEventListener("hashchange", update);
  }
  update();
});
