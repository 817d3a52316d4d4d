/* The skills atlas in the browser: search on the landing page, and the person page.
 *
 * Reads window.SKILLSYNC_ATLAS, which data.js assigns (see skillsync/site/data.py for its
 * shape). Hand-written, no build step, no dependencies; works from file:// under the
 * pages' Content-Security-Policy: no eval, no inline handlers, and every text from the
 * sheet goes into the page as textContent, never as markup.
 */
(function () {
  "use strict";

  var D = window.SKILLSYNC_ATLAS;
  var LEVELS = { 5: "expert", 4: "advanced", 3: "intermediate", 2: "basic", 1: "beginner" };
  var PAGE = 50;

  if (!D) {
    var where = document.getElementById("status") || document.getElementById("person-status");
    if (where) { where.textContent = "The atlas data (data.js) is missing; run the sync again."; }
    return;
  }

  var S = D.s;
  var P = D.people;
  var N = P.n;

  // ---- people ----------------------------------------------------------------------

  function text(field, i) { var column = P[field]; return column ? S[column[i]] : ""; }
  function personId(i) {
    var at = P.at ? P.at[i] : 0;
    return at ? P.id[i] + "@" + S[at] : P.id[i];
  }
  function email(i) { var id = personId(i); return id.indexOf("@") > 0 ? id : ""; }

  var rowsCache = null;
  function firstRow(i) {
    if (!rowsCache) {
      rowsCache = new Array(N);
      var row = 0;
      for (var p = 0; p < N; p++) { row += P.row[p]; rowsCache[p] = row; }
    }
    return rowsCache[i];
  }
  function rowsOf(i) {
    var rows = [firstRow(i)];
    for (var k = 0; k < P.more.length; k += 2) { if (P.more[k] === i) { rows.push(P.more[k + 1]); } }
    return rows;
  }
  function sheetOf(i) { return P.tab ? S[P.tab[i]] : S[P.tab0]; }

  function held(i) {
    return P.held[i].map(function (v) { return { skill: v >> 3, level: v & 7 }; });
  }
  function proof(i, skill) {
    if (P.ev) {
      var found = P.ev[i];
      for (var k = 0; k < found.length; k += 2) { if (found[k] === skill) { return found[k + 1]; } }
      return 0;
    }
    return P.past_projects ? P.past_projects[i].length : 0;
  }

  var byId = null;
  function lookup(id) {
    if (!byId) {
      byId = new Map();
      for (var i = 0; i < N; i++) { byId.set(personId(i).toLowerCase(), i); }
    }
    return byId.get(id.toLowerCase());
  }

  // ---- the skill vocabulary: mirrors skillsync/core/vocab.py --------------------------

  var V = D.vocab;
  var keyIndex = new Map();
  V.keys.forEach(function (key, i) { keyIndex.set(key, V.to[i]); });
  var IGNORED = /[\s\-_.'\u2019]+/g;

  function skillKey(value) {
    var key = value.normalize("NFKC").toLowerCase().replace(IGNORED, "");
    V.spellings.forEach(function (pair) { key = key.split(pair[0]).join(pair[1]); });
    if (Array.from(key).length > 3 && key.slice(-1) === "s" && key.slice(-2) !== "ss") {
      key = key.slice(0, -1);
    }
    return key;
  }

  function canonical(value) {
    var found = keyIndex.get(skillKey(value));
    if (found === undefined && value.indexOf("(") >= 0) {
      var candidates = [value.replace(/\(.*?\)/g, "").trim()];
      var inner = /\((.*?)\)/g;
      var m;
      while ((m = inner.exec(value)) !== null) { candidates.push(m[1]); }
      for (var k = 0; k < candidates.length && found === undefined; k++) {
        found = candidates[k] ? keyIndex.get(skillKey(candidates[k])) : undefined;
      }
    }
    return found;
  }

  // Optimal string alignment distance (a swap of two letters counts as one edit).
  function osa(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push(new Array(b.length + 1));
      rows[i][0] = i;
    }
    for (var j = 0; j <= b.length; j++) { rows[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = best;
      }
    }
    return rows[a.length][b.length];
  }

  var typoKeys = null;
  // The known skill a spelling is a typo of: at least five letters, within one edit (two
  // from nine letters on) of exactly one skill, starting with the same letter.
  function typoOf(value) {
    var key = Array.from(skillKey(value));
    if (key.length < V.typoMin || key.length > V.typoMax) { return undefined; }
    if (!typoKeys) {
      typoKeys = [];
      for (var i = 0; i < V.known; i++) {
        var letters = Array.from(V.keys[i]);
        if (letters.length >= V.typoMin) { typoKeys.push([letters, V.to[i]]); }
      }
    }
    var allowed = key.length < V.typoLong ? 1 : 2;
    var close = [];
    typoKeys.forEach(function (entry, order) {
      var distance = osa(key, entry[0], allowed);
      if (distance <= allowed) { close.push([distance, order, entry]); }
    });
    close.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    close = close.slice(0, V.typoLimit);
    if (!close.length) { return undefined; }
    var found = new Set();
    close.forEach(function (c) {
      if (c[0] === close[0][0] && c[2][0][0] === key[0]) { found.add(c[2][1]); }
    });
    return found.size === 1 ? found.values().next().value : undefined;
  }

  function resolveSkill(value) {
    var skill = canonical(value);
    if (skill !== undefined) {
      var alias = skillKey(value) !== skillKey(D.skills[skill]);
      return { skill: skill, how: alias ? "alias" : "name", typed: value };
    }
    skill = typoOf(value);
    return skill === undefined ? null : { skill: skill, how: "typo", typed: value };
  }

  // ---- search -----------------------------------------------------------------------

  var holders = null;
  var learners = null;
  var folded = null;

  function fold(value) {
    return value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

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

  // ---- the page's parts ---------------------------------------------------------------

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }

  function skillHref(skill, root) {
    var page = D.pages[skill];
    return page ? root + "skills/" + page + ".html" : "";
  }

  var teamPages = null;
  function teamHref(team, root) {
    if (!teamPages) {
      teamPages = new Map();
      D.teamPages.forEach(function (pair) { teamPages.set(S[pair[0]], pair[1]); });
    }
    var page = teamPages.get(team || "(no team)");
    return page ? root + "teams/" + page + ".html" : "";
  }

  function personHref(p, root) {
    return root + "person.html#p=" + encodeURIComponent(personId(p)).replace(/%40/g, "@");
  }

  function link(label, href) {
    if (!href) { return el("span", "", label); }
    var a = el("a", "", label);
    a.href = href;
    return a;
  }

  function levelBadge(level) {
    return el("span", level ? "lvl" : "lvl none", level ? String(level) : "–");
  }

  function where(p) {
    return [text("team", p), text("location", p), text("role", p)].filter(Boolean).join(" · ");
  }

  function card(r) {
    var p = r.p;
    var li = el("li", "card");
    li.setAttribute("data-email", email(p));
    li.setAttribute("data-id", personId(p));
    li.setAttribute("data-kind", ["holder", "learner", "match"][r.tier]);
    var h = el("h3");
    h.appendChild(link(P.name[p] || personId(p), personHref(p, "")));
    li.appendChild(h);
    var place = where(p);
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
      line.appendChild(levelBadge(level));
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
    if (asked) { box.value = decodeURIComponent(asked[1]); run(); }
  }

  // ---- the person page ----------------------------------------------------------------

  function column(n) {
    var letters = "";
    while (n > 0) { var r = (n - 1) % 26; letters = String.fromCharCode(65 + r) + letters; n = (n - 1 - r) / 26; }
    return letters;
  }

  function editLine(p) {
    var sheet = sheetOf(p);
    var entry = D.sheets.filter(function (s) { return S[s[0]] === sheet; })[0];
    var row = firstRow(p);
    var box = el("p", "edit");
    if (!entry || !entry[1]) { box.textContent = "Row " + row + " of the tab '" + sheet + "'."; return box; }
    var cell = entry[3] ? column(row) + entry[2] : entry[2] + row;
    var target = entry[1].replace("{cell}", cell);
    if (/^https?:\/\//i.test(target)) {
      var a = link("Edit this row in the sheet", target);
      a.rel = "noopener noreferrer";
      box.appendChild(a);
      box.appendChild(el("span", "meta", " (tab '" + sheet + "', cell " + cell + ")"));
    } else {
      box.textContent = "To change it, edit the workbook: " + target;
    }
    return box;
  }

  function rowValue(field, p) {
    var skills = function (list) { return list.map(function (s) { return D.skills[s]; }).join(", "); };
    switch (field) {
      case "name": return P.name[p];
      case "email": return email(p);
      case "expertise": return held(p).map(function (h) {
        var written = writtenLevel(p, h.skill);
        var shown = written || (h.level ? String(h.level) : "");
        return D.skills[h.skill] + (shown ? " (" + shown + ")" : "");
      }).join(", ");
      case "learn": return P.learn ? skills(P.learn[p]) : "";
      case "success_rate": return P.success_rate && P.success_rate[p] >= 0 ? P.success_rate[p] + "%" : "";
      case "past_projects": case "current_projects":
        return P[field] ? P[field][p].map(function (s) { return S[s]; }).join(", ") : "";
      default: return text(field, p);
    }
  }

  var writtenIndex = null;
  function writtenLevel(p, skill) {
    if (!writtenIndex) {
      writtenIndex = new Map();
      for (var k = 0; k < P.written.length; k += 3) {
        writtenIndex.set(P.written[k] + ":" + P.written[k + 1], S[P.written[k + 2]]);
      }
    }
    return writtenIndex.get(p + ":" + skill) || "";
  }

  function section(root, title, build) {
    var part = el("section");
    part.appendChild(el("h2", "", title));
    build(part);
    root.appendChild(part);
  }

  function skillList(items) {
    var list = el("ul", "people");
    items.forEach(function (h) {
      var li = el("li");
      if (h.level !== undefined) { li.appendChild(levelBadge(h.level)); }
      li.appendChild(link(D.skills[h.skill], skillHref(h.skill, "")));
      if (h.level) { li.appendChild(el("span", "meta", " " + LEVELS[h.level])); }
      list.appendChild(li);
    });
    return list;
  }

  function renderPerson() {
    var root = document.getElementById("person");
    var asked = /[#&]p=([^&]*)/.exec(location.hash);
    var p = asked ? lookup(decodeURIComponent(asked[1])) : undefined;
    while (root.firstChild) { root.removeChild(root.firstChild); }
    if (p === undefined) {
      root.appendChild(el("h1", "", "Person not found"));
      var back = el("p", "", "Nobody with that address is in this atlas. ");
      back.appendChild(link("Search the atlas", "index.html"));
      root.appendChild(back);
      document.title = "Person not found — Skills atlas";
      return;
    }
    document.title = P.name[p] + " — Skills atlas · " + D.title;
    root.setAttribute("data-email", email(p));
    root.appendChild(el("h1", "", P.name[p] || personId(p)));
    personHeader(root, p);
    personSkills(root, p);
    personRow(root, p);
    personProblems(root, p);
  }

  function personHeader(root, p) {
    var line = el("p", "meta");
    var team = text("team", p);
    if (team) { line.appendChild(link(team, teamHref(team, ""))); }
    [text("role", p), text("location", p)].filter(Boolean).forEach(function (part) {
      if (line.firstChild) { line.appendChild(document.createTextNode(" · ")); }
      line.appendChild(document.createTextNode(part));
    });
    if (email(p)) {
      if (line.firstChild) { line.appendChild(document.createTextNode(" · ")); }
      line.appendChild(link(email(p), "mailto:" + email(p)));
    }
    root.appendChild(line);
    if (P.free && P.free[p]) { root.appendChild(el("span", "badge", "Available")); }
    root.appendChild(editLine(p));
  }

  function personSkills(root, p) {
    section(root, "Skills", function (part) {
      var items = held(p).sort(function (a, b) { return b.level - a.level; });
      part.appendChild(items.length ? skillList(items) : el("p", "", "No skills listed yet."));
    });
    if (P.learn) {
      section(root, "Wants to learn", function (part) {
        var wanted = P.learn[p].map(function (s) { return { skill: s }; });
        part.appendChild(wanted.length ? skillList(wanted) : el("p", "", "Nothing listed yet."));
      });
    }
    ["current_projects", "past_projects"].forEach(function (field) {
      if (!P[field] || !P[field][p].length) { return; }
      section(root, field === "current_projects" ? "Current projects" : "Past projects", function (part) {
        var list = el("ul", "people");
        P[field][p].forEach(function (s) { list.appendChild(el("li", "", S[s])); });
        part.appendChild(list);
      });
    });
  }

  function personRow(root, p) {
    section(root, "Their row as the sheet has it", function (part) {
      var rows = rowsOf(p);
      part.appendChild(el("p", "meta", (rows.length > 1 ? "Rows " : "Row ") + rows.join(", ") +
        " of the tab '" + sheetOf(p) + "'."));
      var table = el("table", "row-table");
      var body = el("tbody");
      D.fields.forEach(function (pair) {
        var tr = el("tr");
        var th = el("th", "", pair[1]);
        th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(el("td", "", rowValue(pair[0], p)));
        body.appendChild(tr);
      });
      table.appendChild(body);
      part.appendChild(table);
    });
  }

  function personProblems(root, p) {
    var found = [];
    for (var k = 0; k < D.issues.length; k += 5) { if (D.issues[k] === p) { found.push(D.issues.slice(k + 1, k + 5)); } }
    section(root, "Data problems on this row", function (part) {
      if (!found.length) { part.appendChild(el("p", "", "None: thank you.")); return; }
      var list = el("ul", "problems");
      found.forEach(function (issue) {
        var code = D.codes[issue[0]];
        var li = el("li");
        li.appendChild(el("strong", "", code[1] + ": "));
        li.appendChild(document.createTextNode(S[issue[2]]));
        var detail = [S[issue[1]], S[issue[3]] ? "cell " + S[issue[3]] : ""].filter(Boolean).join(", ");
        if (detail) { li.appendChild(el("span", "meta", " (" + detail + ")")); }
        list.appendChild(li);
      });
      part.appendChild(list);
    });
  }

  // ---- start ---------------------------------------------------------------------------

  window.SkillsAtlas = { resolveSkill: resolveSkill };  // for tests: the alias and typo rule

  if (document.getElementById("search")) {
    startSearch();
    setTimeout(index, 0);  // build the search index while the reader starts typing
  }
  if (document.getElementById("person")) {
    renderPerson();
    window.addEventListener("hashchange", renderPerson);
  }
}());
