/* Course reader, under Material's instant navigation (navigation.instant; reader.js loads this script only then):
   an instant page change runs none of the new page's own <script> tags, so the scripts only some pages link (the
   hook that knows those pages links them: hooks/course_reader/study/study.py, hooks/course_reader/site/paragraphs.py) are loaded here when the page shown
   needs one, by what it holds. Each then sets itself up for every page (reader.page). tests/test_js.py holds
   PAGE_SCRIPTS in step with the pages that link each script. */
(function () {
  var PAGE_SCRIPTS = {
    "flashcards.js": "[data-flashcards]",
    "progress-page.js": "[data-progress-tools]",
    "article.js": ".md-content :is(p, li)[id^='p-'], #print-site-page :is(p, li)[id*='-p-']"
  };
  window.reader.page(function () {
    for (var name in PAGE_SCRIPTS) if (document.querySelector(PAGE_SCRIPTS[name])) window.reader.script(name);
  });
})();
