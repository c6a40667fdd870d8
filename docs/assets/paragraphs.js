/* Course reader: a "link to this paragraph" control (¶, shown on hover and focus) on each paragraph of the article,
   whose ids hooks/course_reader/site/paragraphs.py makes from its first words. When the address points to a paragraph (a ¶ followed,
   or a shared link), paragraph-report.js is loaded to offer "Report a problem with this paragraph" under it. */
(function () {
  var reader = window.reader;
  reader.paragraphs = ".md-content :is(p, li)[id^='p-'], #print-site-page :is(p, li)[id*='-p-']"; /* paragraph-report.js's too */
  function update() {
    if (reader.paragraphReport) reader.paragraphReport();
    else if (/^#(.*-)?p-/.test(location.hash)) reader.script("paragraph-report.js");
  }
  /* A ¶ followed changes the address: hashchange, or under Material's instant navigation popstate only */
  addEventListener("hashchange", update);
  addEventListener("popstate", update);
  reader.page(function () {
    document.querySelectorAll(reader.paragraphs).forEach(function (p) {
      if (p.querySelector(".reader-para-link")) return;
      var link = document.createElement("a");
      link.className = "reader-para-link";
      link.href = "#" + p.id;
      link.setAttribute("aria-label", "Link to this paragraph");
      link.textContent = "¶";
      p.appendChild(link);
    });
    update();
  });
})();
