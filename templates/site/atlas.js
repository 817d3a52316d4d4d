/* The skills atlas in the browser, part 1 of 3: the data and the skill vocabulary.
 *
 * Reads window.SKILLSYNC_ATLAS, which data.js assigns (see skillsync/site/data.py for its
 * shape), and offers window.SkillsAtlas to search.js (the landing page) and person.js (the
 * person page). Hand-written, no build step, no dependencies; works from file:// under the
 * pages' Content-Security-Policy: no eval, no inline handlers, and every text from the
 * sheet goes into the page as textContent, never as markup.
 */
(function () {
  "use strict";

  var D = window.SKILLSYNC_ATLAS;
  var LEVELS = { 5: "expert", 4: "advanced", 3: "intermediate", 2: "basic", 1: "beginner" };

  if (!D) {
    var box = document.getElementById("status") || document.getElementById("person-status");
    if (box) { box.textContent = "The atlas data (data.js) is missing; run the sync again."; }
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
  // Each row of a person as {row, sheet}: a merged person's further rows may sit on
  // another tab than their first (moreTab names it; 0 or no moreTab: their own tab).
  function rowsOf(i) {
    var own = sheetOf(i), rows = [{ row: firstRow(i), sheet: own }];
    for (var k = 0; k < P.more.length; k += 2) {
      if (P.more[k] !== i) { continue; }
      var tab = P.moreTab ? P.moreTab[k / 2] : 0;
      rows.push({ row: P.more[k + 1], sheet: tab ? S[tab] : own });
    }
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
      return 0;  // ranks of the ranking's evidence, not its figures
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

  function fold(value) {
    return value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A hand-typed address such as "#p=%" is not valid percent-encoding: read it as typed.
  function decoded(value) {
    try { return decodeURIComponent(value); } catch (e) { return value; }
  }

  window.SkillsAtlas = {
    data: D, strings: S, people: P, count: N, levels: LEVELS,
    text: text, personId: personId, email: email, firstRow: firstRow, rowsOf: rowsOf,
    sheetOf: sheetOf, held: held, proof: proof, lookup: lookup, fold: fold, decoded: decoded,
    skillKey: skillKey, resolveSkill: resolveSkill,
    el: el, link: link, skillHref: skillHref, teamHref: teamHref, personHref: personHref,
    levelBadge: levelBadge, where: where
  };
}());
