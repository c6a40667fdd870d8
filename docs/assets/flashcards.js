/* Course reader: flashcard sessions on the Flashcards page, from the cards the page lists (hooks/course_reader/study/flashcards.py).
   Scheduled by the Leitner system: five boxes; a new card starts in box 1; a card you knew moves up a box and is due
   again after 1, 2, 4 or 8 days (boxes 2 to 5); a card you did not know goes back to box 1, due in every session,
   and comes back once more at the end of this one. A session takes the due cards (lowest box first) and up to ten
   new ones. The boxes are kept with the reading progress
   (progress.js, this browser only). Buttons only: Tab and Enter or Space do everything, and a status line tells
   screen readers the card and the answer. */
(function () {
  var deck = document.querySelector("[data-flashcards]");
  var progress = window.readerProgress;
  if (!deck || !progress) return;
  var el = progress.el; /* progress.js's: el(tag, attributes, text) */
  var INTERVALS = [0, 1, 2, 4, 8]; /* days until a card in box 1…5 is due again */
  var NEW_PER_SESSION = 10;
  var MAX_CARDS = 20;
  var cards = Array.prototype.map.call(deck.querySelectorAll("[data-card]"), function (el) {
    return {
      id: el.getAttribute("data-card"),
      term: el.querySelector("dt").textContent.trim(),
      short: el.querySelector("dd > p").textContent.trim(),
      where: el.querySelector(".reader-card__where")
    };
  });

  function addDays(day, n) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function longDate(day) {
    return new Date(day + "T00:00:00Z").toLocaleDateString(undefined, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
  }

  var box = deck.querySelector("[data-flashcards-session]"); /* its parts are in the page (hooks/course_reader/study/flashcards.py) */
  function part(name) { return box.querySelector(".reader-session__" + name); }
  var count = part("count"), reverse = box.querySelector("input"), side = part("side"), front = part("front");
  var back = part("back"), status = part("status"), buttons = box.querySelectorAll("button");
  var show = buttons[0], right = buttons[1], wrong = buttons[2], again = buttons[3];

  var queue = [], position = 0, known = 0, requeued = {};
  /* A card's saved state: own properties only, so that a glossary id such as "constructor" is a card like any
     other, not Object.prototype's constructor (which made that card look practised and never due) */
  function saved(state, id) { return Object.prototype.hasOwnProperty.call(state, id) ? state[id] : undefined; }

  function session() {
    var today = progress.today();
    var state = progress.load().cards;
    var due = cards.filter(function (c) { return saved(state, c.id) && saved(state, c.id).due <= today; });
    due.sort(function (a, b) { return saved(state, a.id).box - saved(state, b.id).box; });
    var fresh = cards.filter(function (c) { return !saved(state, c.id); }).slice(0, NEW_PER_SESSION);
    return due.concat(fresh).slice(0, MAX_CARDS);
  }
  function showButtons(list) {
    [show, right, wrong, again].forEach(function (b) { b.hidden = list.indexOf(b) < 0; });
  }
  function start() {
    queue = session();
    position = 0;
    known = 0;
    requeued = {};
    next(false);
  }
  function next(focus) {
    back.hidden = true;
    back.textContent = "";
    if (position >= queue.length) return finish(focus);
    var c = queue[position];
    side.textContent = reverse.checked ? "Definition" : "Term";
    front.textContent = reverse.checked ? c.short : c.term;
    count.textContent = "Card " + (position + 1) + " of " + queue.length;
    showButtons([show]);
    status.textContent = count.textContent + ". " + side.textContent + ": " + front.textContent;
    if (focus) show.focus();
  }
  function reveal() {
    var c = queue[position];
    back.appendChild(el("p", { class: "reader-session__side" }, reverse.checked ? "Term" : "Definition"));
    back.appendChild(el("p", { class: "reader-session__answer" }, reverse.checked ? c.term : c.short));
    if (c.where) back.appendChild(c.where.cloneNode(true));
    back.hidden = false;
    showButtons([right, wrong]);
    status.textContent = "Answer: " + (reverse.checked ? c.term : c.short);
    right.focus();
  }
  function grade(knew) {
    var c = queue[position];
    var today = progress.today();
    progress.update(function (s) {
      var before = saved(s.cards, c.id);
      var level = knew ? Math.min(5, ((before && before.box) || 1) + 1) : 1;
      s.cards[c.id] = { box: level, due: addDays(today, INTERVALS[level - 1]) };
    });
    if (knew) known += 1;
    else if (!saved(requeued, c.id)) { requeued[c.id] = true; queue.push(c); }
    position += 1;
    next(true);
  }
  function finish(focus) {
    var state = progress.load().cards;
    var upcoming = cards.map(function (c) { return saved(state, c.id) && saved(state, c.id).due; }).filter(Boolean).sort();
    var more = session().length;
    side.textContent = "";
    front.textContent = queue.length ? "Session over: you knew " + known + " of " + queue.length + " answers." : "No card is due now.";
    count.textContent = Object.keys(state).length + " of " + cards.length + " cards practiced";
    var later = upcoming.filter(function (d) { return d > progress.today(); })[0];
    var message = more ? more + " more cards are ready." : later ? "The next cards are due on " + longDate(later) + "." : "";
    status.textContent = front.textContent + " " + message;
    back.appendChild(el("p", {}, message));
    back.hidden = !message;
    showButtons(more ? [again] : []);
    if (focus) (more ? again : front).focus();
  }

  show.addEventListener("click", reveal);
  right.addEventListener("click", function () { grade(true); });
  wrong.addEventListener("click", function () { grade(false); });
  again.addEventListener("click", function () { start(); show.focus(); });
  reverse.addEventListener("change", function () { if (!back.hidden && position < queue.length) return; next(false); });
  box.hidden = false;
  start();
})();
