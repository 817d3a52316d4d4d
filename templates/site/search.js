/* The skills atlas in the browser, part 2 of 3: search on the landing page.
 * Holders first (most skilled, then the most evidence), then people who want to learn the
 * skill, then people whose name, team or place matches; like `skillsync match`.
 */
(function () {
  "use strict";

  var A = window.SkillsAtlas;
  if (!A) { return; }
  var D = A.data, S = A.strings, P = A.people, N = A.count, LEVELS = A.levels;
  var text = A.text, personId = A.personId, email = A.email, el = A.el, link = A.link;
  var held = A.held, proof = A.proof, fold = A.fold, resolveSkill = A.resolveSkill;
  var PAGE = 50;

  var holders = null;
  var learners = null;
  var folded = null;

  function index() {
    if (holders) { return; }
    holders = new Array(D.skills.length);
    learners = new Array(D.skills.length);
    folded = new Array(N);
    for (var p = 0; p < N; p++) {
      P.held[p].forEach(function (v) {
        var s = v >> 3;
        (holders[s] = holders[s] || []).push(p, v & 7);
      });
      if (P.learn) {
        P.learn[p].forEach(function (s) { (learners[s] = learners[s] || []).push(p); });
      }
      folded[p] = fold([P.name[p], text("team", p), text("location", p), text("role", p)].join("\n"));
    }
  }

  function matchesWords(p, words) {
    return words.every(function (w) { return folded[p].indexOf(w) >= 0; });
  }

  function passes(p, filters) {
    if (filters.team && text("team", p) !== filters.team) { return false; }
    if (filters.location && text("location", p) !== filters.location) { return false; }
    return !(filters.free && !(P.free && P.free[p]));
  }

  function topLevel(p) {
    return P.held[p].reduce(function (best, v) { return Math.max(best, v & 7); }, 0);
  }

  function byName(a, b) {
    var x = P.name[a.p].toLowerCase();
    var y = P.name[b.p].toLowerCase();
    return x < y ? -1 : x > y ? 1 : personId(a.p) < personId(b.p) ? -1 : 1;
  }

  // Holders first (most skilled, then the most evidence), then people who want to learn
  // the skill, then people whose name, team or place matches; like `skillsync match`.
  function rank(a, b) {
    if (a.tier !== b.tier) { return a.tier - b.tier; }
    if (a.tier === 0) {
      if (a.level !== b.level) { return b.level - a.level; }
      if (a.proof !== b.proof) { return b.proof - a.proof; }
    }
    return byName(a, b);
  }

  function parse(query) {
    var q = query.trim();
    var found = { skills: [], words: [], whole: false };
    if (!q) { return found; }
    var whole = resolveSkill(q);
    if (whole) {
      found.skills.push(whole);
      found.whole = true;
      return found;
    }
    q.split(/[\s,;]+/).forEach(function (token) {
      if (!token) { return; }
      var skill = resolveSkill(token);
      if (skill) { found.skills.push(skill); } else { found.words.push(fold(token)); }
    });
    return found;
  }

  function search(query, filters) {
    index();
    var parsed = parse(query);
    var results = [];
    var seen = new Set();
    var min = filters.level;
    if (parsed.skills.length) {
      skillResults(parsed, filters, results, seen);
    }
    var words = parsed.whole ? [fold(query.trim())] : parsed.words;
    var others = words.length && (parsed.whole || !parsed.skills.length);
    var browse = !parsed.skills.length && !words.length && (filters.team || filters.location || filters.free || min);
    if (others || browse) {
      for (var p = 0; p < N; p++) {
        if (seen.has(p) || !passes(p, filters) || (min && topLevel(p) < min)) { continue; }
        if (browse || matchesWords(p, words)) { results.push({ p: p, tier: 2 }); }
      }
    }
    results.sort(rank);
    return { results: results, parsed: parsed };
  }

  function skillResults(parsed, filters, results, seen) {
    var first = parsed.skills[0].skill;
    var levels = new Map();
    var list = holders[first] || [];
    for (var k = 0; k < list.length; k += 2) { levels.set(list[k], [list[k + 1]]); }
    parsed.skills.slice(1).forEach(function (s) {
      var have = new Map();
      var more = holders[s.skill] || [];
      for (var j = 0; j < more.length; j += 2) { have.set(more[j], more[j + 1]); }
      levels.forEach(function (found, p) {
        if (have.has(p)) { found.push(have.get(p)); } else { levels.delete(p); }
      });
    });
    levels.forEach(function (found, p) {
      var lowest = Math.min.apply(null, found);
      if (!passes(p, filters) || (filters.level && lowest < filters.level)) { return; }
      if (!matchesWords(p, parsed.words)) { return; }
      var level = found.reduce(function (a, b) { return a + b; }, 0);
      var evidence = parsed.skills.reduce(function (a, s) { return a + proof(p, s.skill); }, 0);
      results.push({ p: p, tier: 0, level: level, levels: found, proof: evidence });
      seen.add(p);
    });
    if (filters.level) { return; }
    parsed.skills.forEach(function (s) {
      (learners[s.skill] || []).forEach(function (p) {
        if (seen.has(p) || !passes(p, filters) || !matchesWords(p, parsed.words)) { return; }
        results.push({ p: p, tier: 1, wants: s.skill });
        seen.add(p);
      });
    });
  }

  function card(r) {
    var p = r.p;
    var li = el("li", "card");
    li.setAttribute("data-email", email(p));
    li.setAttribute("data-id", personId(p));
    li.setAttribute("data-kind", ["holder", "learner", "match"][r.tier]);
    var h = el("h3");
    h.appendChild(link(P.name[p] || personId(p), A.personHref(p, "")));
    li.appendChild(h);
    var place = A.where(p);
    if (place) { li.appendChild(el("p", "meta", place)); }
    if (r.tier === 0) { li.appendChild(matchLine(r)); }
    if (r.tier === 1) { li.appendChild(el("p", "", "Wants to learn " + D.skills[r.wants])); }
    var others = held(p).filter(function (h) { return !r.levels || !current.skills.some(function (s) { return s.skill === h.skill; }); });
    if (others.length) {
      others.sort(function (a, b) { return b.level - a.level; });
      var shown = others.slice(0, 5).map(function (h) {
        return D.skills[h.skill] + (h.level ? " " + h.level : "");
      });
      li.appendChild(el("p", "meta", (r.tier === 0 ? "Also: " : "Skills: ") + shown.join(", ") +
        (others.length > 5 ? " +" + (others.length - 5) + " more" : "")));
    }
    if (P.free && P.free[p]) { li.appendChild(el("span", "badge", "Available")); }
    return li;
  }

  function matchLine(r) {
    var line = el("p", "match");
    current.skills.forEach(function (s, k) {
      var level = r.levels[k];
      if (k) { line.appendChild(document.createTextNode("; ")); }
      line.appendChild(A.levelBadge(level));
      line.appendChild(document.createTextNode(D.skills[s.skill] + (level ? " — " + LEVELS[level] : " — level not given")));
    });
    return line;
  }

  // ---- the landing page -----------------------------------------------------------------

  var current = { skills: [], results: [], shown: 0 };

  function filtersNow() {
    function value(id) { var node = document.getElementById(id); return node ? node.value : ""; }
    var free = document.getElementById("f-free");
    return { team: value("f-team"), location: value("f-location"),
             level: parseInt(value("f-level") || "0", 10), free: !!(free && free.checked) };
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function describe(found) {
    var holders = found.results.filter(function (r) { return r.tier === 0; }).length;
    var wanting = found.results.filter(function (r) { return r.tier === 1; }).length;
    var others = found.results.length - holders - wanting;
    var parts = [];
    if (found.parsed.skills.length) {
      var names = found.parsed.skills.map(function (s) {
        var name = D.skills[s.skill];
        if (s.how === "typo") { return name + " (“" + s.typed + "” read as a typo of it)"; }
        return s.how === "alias" ? name + " (“" + s.typed + "”)" : name;
      });
      parts.push(plural(holders, "person holds ", "people hold ") + names.join(" and "));
      if (wanting) { parts.push(plural(wanting, "wants to learn it", "want to learn it")); }
      if (others) { parts.push(plural(others, "other match", "other matches")); }
    } else {
      parts.push(plural(others, "person matches", "people match"));
    }
    return parts.join("; ") + ".";
  }

  function showMore() {
    var list = document.getElementById("results");
    var next = current.results.slice(current.shown, current.shown + PAGE);
    var fragment = document.createDocumentFragment();
    next.forEach(function (r) { fragment.appendChild(card(r)); });
    list.appendChild(fragment);
    current.shown += next.length;
    var more = document.getElementById("more");
    var left = current.results.length - current.shown;
    more.hidden = left <= 0;
    more.textContent = "Show " + Math.min(left, PAGE) + " more of " + left;
  }

  function run() {
    var query = document.getElementById("q").value;
    var filters = filtersNow();
    var found = search(query, filters);
    current = { skills: found.parsed.skills, results: found.results, shown: 0 };
    var list = document.getElementById("results");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var status = document.getElementById("status");
    var idle = !query.trim() && !filters.team && !filters.location && !filters.free && !filters.level;
    status.textContent = idle ? "Type to search; results appear as you type." : describe(found);
    showMore();
  }

  function startSearch() {
    var box = document.getElementById("q");
    var timer = 0;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    ["f-team", "f-location", "f-level", "f-free"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) { node.addEventListener("change", run); }
    });
    document.getElementById("more").addEventListener("click", showMore);
    var asked = /[#&]q=([^&]*)/.exec(location.hash);
    if (asked) { box.value = A.decoded(asked[1]); run(); }
  }

  startSearch();
  setTimeout(index, 0);  // build the search index while the reader starts typing
}());
