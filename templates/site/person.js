/* The skills atlas in the browser, part 3 of 3: the person page, one page for everyone,
 * showing the person the address's #p=<id> names (skillsync/site/ids.py: an e-mail, p1,
 * or a slug of the name on a sheet without e-mails).
 */
(function () {
  "use strict";

  var A = window.SkillsAtlas;
  if (!A) { return; }
  var D = A.data, S = A.strings, P = A.people, LEVELS = A.levels;
  var text = A.text, personId = A.personId, email = A.email, el = A.el, link = A.link;
  var held = A.held, firstRow = A.firstRow, sheetOf = A.sheetOf;

  function column(n) {
    var letters = "";
    while (n > 0) { var r = (n - 1) % 26; letters = String.fromCharCode(65 + r) + letters; n = (n - 1 - r) / 26; }
    return letters;
  }

  // A tab's name in a sentence, without the bidi controls that would reorder what follows
  // it (a name with U+202E turns the rest of the line around), as cells.py does for cells.
  function tabShown(name) { return String(name).replace(/[\u202a-\u202e\u2066-\u2069]/g, ""); }

  function editLine(p) {
    var sheet = sheetOf(p);
    var entry = D.sheets.filter(function (s) { return S[s[0]] === sheet; })[0];
    var row = firstRow(p);
    var box = el("p", "edit");
    if (!entry || !entry[1]) { box.textContent = "Row " + row + " of the tab '" + tabShown(sheet) + "'."; return box; }
    var cell = entry[3] ? column(row) + entry[2] : entry[2] + row;
    var target = entry[1].replace("{cell}", cell);
    if (/^https?:\/\//i.test(target)) {
      var a = link("Edit this row in the sheet", target);
      a.rel = "noopener noreferrer";
      box.appendChild(a);
      box.appendChild(el("span", "meta", " (tab '" + tabShown(sheet) + "', cell " + cell + ")"));
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
      if (h.level !== undefined) { li.appendChild(A.levelBadge(h.level)); }
      li.appendChild(link(D.skills[h.skill], A.skillHref(h.skill, "")));
      if (h.level) { li.appendChild(el("span", "meta", " " + LEVELS[h.level])); }
      list.appendChild(li);
    });
    return list;
  }

  function renderPerson() {
    var root = document.getElementById("person");
    var asked = /[#&]p=([^&]*)/.exec(location.hash);
    var p = asked ? A.lookup(A.decoded(asked[1])) : undefined;
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
    if (team) { line.appendChild(link(team, A.teamHref(team, ""))); }
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

  // "Rows 2, 4 of the tab 'X'." when all are on one tab, else each row with its own tab.
  function whereRows(p) {
    var rows = A.rowsOf(p), sheet = sheetOf(p);
    if (rows.every(function (r) { return r.sheet === sheet; })) {
      return (rows.length > 1 ? "Rows " : "Row ") +
        rows.map(function (r) { return r.row; }).join(", ") + " of the tab '" + tabShown(sheet) + "'.";
    }
    return rows.map(function (r, k) {
      return (k ? "row " : "Row ") + r.row + " of '" + tabShown(r.sheet) + "'";
    }).join(", ") + ".";
  }

  function personRow(root, p) {
    section(root, "Their row as the sheet has it", function (part) {
      part.appendChild(el("p", "meta", whereRows(p)));
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

  renderPerson();
  window.addEventListener("hashchange", renderPerson);
}());
