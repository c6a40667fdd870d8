/* Course reader: flashcard sessions on the Flashcards page, from the cards the page lists (hooks/course_reader/study/flashcards.py).
   Scheduled by the Leitner system: five boxes; a new card starts in box 1; a card you knew moves up a box and is due
   again after 1, 2, 4 or 8 days (boxes 2 to 5); a card you did not know goes back to box 1, due in every session,
   and comes back once more at the end of this one. A session takes the due cards (lowest box first) and up to ten
   new ones. The boxes are kept with the reading progress (progress.js, this browser only); a stored state that is not
   a box and a date counts as a new card. Buttons only: Tab and Enter or Space do everything, and a status line tells
   screen readers the card and the answer. The scheduling (`leitner`) needs no page: node loads it for the tests
   (tests/js/). */
(function () {
  var INTERVALS = [0, 1, 2, 4, 8]; /* days until a card in box 1…5 is due again */
  var leitner = {
    INTERVALS: INTERVALS,
    NEW_PER_SESSION: 10,
    MAX_CARDS: 20,
    addDays: function (day, n) { /* "2026-11-30" + 2 days: "2026-12-02" */
      var d = new Date(day + "T00:00:00Z");
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    },
    known: function (state, id) { /* a card's stored state if it is one (a box 1 to 5 and a real date), else null */
      var c = Object.prototype.hasOwnProperty.call(state, id) ? state[id] : null;
      var day = c && typeof c.due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(c.due) && new Date(c.due + "T00:00:00Z");
      return day && !isNaN(day) && day.toISOString().slice(0, 10) === c.due && [1, 2, 3, 4, 5].indexOf(c.box) >= 0 ? c : null;
    },
    session: function (ids, state, today) { /* the ids to practise now: due ones (lowest box first), then new ones */
      var due = ids.filter(function (id) { var c = leitner.known(state, id); return c && c.due <= today; });
      due.sort(function (a, b) { return state[a].box - state[b].box; });
      var fresh = ids.filter(function (id) { return !leitner.known(state, id); }).slice(0, leitner.NEW_PER_SESSION);
      return due.concat(fresh).slice(0, leitner.MAX_CARDS);
    },
    grade: function (state, id, knew, today) { /* the card's next state: up a box, or back to box 1 */
      var c = leitner.known(state, id);
      var box = knew ? Math.min(5, (c ? c.box : 1) + 1) : 1;
      return { box: box, due: leitner.addDays(today, INTERVALS[box - 1]) };
    }
  };
  if (typeof module === "object" && module.exports) {
    module.exports = leitner;
    return;
  }

  var reader = window.reader, progress = reader.progress, el = progress.el; /* progress.js's el(tag, attributes, text) */
  function longDate(day) {
    return new Date(day + "T00:00:00Z").toLocaleDateString(undefined, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
  }

  reader.page(function () { /* the Flashcards page, shown (on each visit Material's instant navigation brings) */
    var deck = document.querySelector("[data-flashcards]");
    if (!deck) return;
    var cards = {}, ids = Array.prototype.map.call(deck.querySelectorAll("[data-card]"), function (card) {
      var id = card.getAttribute("data-card");
      cards[id] = {
        id: id,
        term: card.querySelector("dt").textContent.trim(),
        short: card.querySelector("dd > p").textContent.trim(),
        where: card.querySelector(".reader-card__where")
      };
      return id;
    });

    var box = deck.querySelector("[data-flashcards-session]"); /* its parts are in the page (hooks/course_reader/study/flashcards.py) */
    function part(name) { return box.querySelector(".reader-session__" + name); }
    var count = part("count"), reverse = box.querySelector("input"), side = part("side"), front = part("front");
    var back = part("back"), status = part("status"), buttons = box.querySelectorAll("button");
    var show = buttons[0], right = buttons[1], wrong = buttons[2], again = buttons[3];

    var queue = [], position = 0, known = 0, requeued = {};

    function session() {
      return leitner.session(ids, progress.load().cards, progress.today()).map(function (id) { return cards[id]; });
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
      var c = queue[position], today = progress.today();
      progress.update(function (s) { s.cards[c.id] = leitner.grade(s.cards, c.id, knew, today); });
      if (knew) known += 1;
      else if (!Object.prototype.hasOwnProperty.call(requeued, c.id)) { requeued[c.id] = true; queue.push(c); } /* "constructor" too */
      position += 1;
      next(true);
    }
    function finish(focus) {
      var state = progress.load().cards, today = progress.today();
      var practiced = ids.filter(function (id) { return leitner.known(state, id); });
      var later = practiced.map(function (id) { return state[id].due; }).filter(function (d) { return d > today; }).sort()[0];
      var more = session().length;
      side.textContent = "";
      front.textContent = queue.length ? "Session over: you knew " + known + " of " + queue.length + " answers." : "No card is due now.";
      count.textContent = practiced.length + " of " + ids.length + " cards practiced";
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
  });
})();
