import Foundation

/// `search/search.js`: the search box and results, written here, no
/// framework. Loaded by the layout on every page with `defer`; it adds the
/// box (so without JavaScript nothing of search is shown), loads the term
/// shards a query needs (and, within a budget, the term files of its
/// rarest tokens, unless the query is one token, which its shard's stub
/// answers; see `pick`) and the documents
/// files of the results as `<script>` elements (see `SearchShards`), and
/// ranks as `SearchRanking` does. Its
/// own address gives the site root, so it works from `file://` and from
/// any sub-path.
enum SearchScript {
    struct Config: Encodable {
        var shards: Int
        var stride: UInt32
        var indicatorBase: UInt32
        var chunk: Int
        var limit: Int
        var maxTerms: Int
        var maxShards: Int
        var fileBudget: Int
        var text: SearchText
        var status: [String: String]
    }

    static let limit = 50
    /// Term shards a query loads at most (of `SearchShards.shardLimit` bytes
    /// each), and the bytes of the term files it loads at most: with the
    /// script and `limit` documents files, a query loads at most
    /// script + 4 × 32 KB + 64 KB + 50 documents files (see `docs/performance.md`).
    static let maxShards = 4
    static let fileBudget = 65536

    static func source(_ config: Config) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(config)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "/* sitegen search */\n(function () {\n\"use strict\";\nvar C = " + safe(json) + ";\n" + body
    }

    /// JSON text made safe inside a script (see `ScriptText`).
    static func safe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }

    static let body = #"""
var me = document.currentScript;
if (!me || !window.Promise || !window.Set || !document.querySelector) return;
var base = me.src.replace(/search\/search\.js([?#].*)?$/, "");
var T = C.text, terms = {}, full = {}, docs = {}, loading = {};
window.sitegenSearch = {
  t: function (k, d) { terms[k] = d; },
  w: function (t, d) { full[t] = d; },
  d: function (p, d) { docs[p] = d; }
};
function load(path) {
  if (!loading[path]) loading[path] = new Promise(function (done) {
    var s = document.createElement("script");
    s.src = base + path;
    s.onload = s.onerror = function () { done(); };
    document.head.appendChild(s);
  });
  return loading[path];
}

// Tokens: the rules of SearchTokenizer.
var LETTER = /[\p{L}\p{N}]/u;
function isCJK(v) {
  return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x3FFFF) ||
    (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x3040 && v <= 0x30FF) || (v >= 0xAC00 && v <= 0xD7AF) || v === 0x3005 || v === 0x3007;
}
function fold(v) { return v >= 0xFF01 && v <= 0xFF5E ? v - 0xFEE0 : (v === 0x3000 ? 32 : v); }
function isDigit(v) { return v >= 48 && v <= 57; }
function queryTerms(q) {
  var cps = [], out = [], seen = {}, cjk = [], word = "", length = 0;
  for (var ch of q) cps.push(fold(ch.codePointAt(0)));
  function push(t) { var k = t.join(" "); if (!seen[k] && out.length < C.maxTerms) { seen[k] = 1; out.push(t); } }
  function endCJK() {
    if (cjk.length) push(cjk.length === 1 ? cjk.slice() : cjk.slice(1).map(function (c, i) { return cjk[i] + c; }));
    cjk = [];
  }
  function endWord() { if (word) push([word.toLowerCase()]); word = ""; length = 0; }
  for (var i = 0; i < cps.length; i++) {
    var v = cps[i], c = String.fromCodePoint(v);
    if (isCJK(v)) { endWord(); cjk.push(c); }
    else if (LETTER.test(c) || (v === 46 && word && isDigit(cps[i - 1]) && isDigit(cps[i + 1]))) {
      endCJK();
      if (length < 40) { word += c; length++; }
    } else { endCJK(); endWord(); }
  }
  endCJK(); endWord();
  return out;
}

// Postings: the format of SearchShards.
var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
function shardOf(t) {
  var h = 0x811c9dc5;
  for (var i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619) >>> 0;
  return h % C.shards;
}
function numbers(s) {
  var out = [], n = 0, previous = 0;
  for (var i = 0; i < s.length; i++) {
    var d = DIGITS.indexOf(s.charAt(i));
    if (d >= 32) n = n * 32 + d - 32;
    else { previous += n * 32 + d; out.push(previous); n = 0; }
  }
  return out;
}
function entry(token) {
  var d = terms[shardOf(token)];
  return d && Object.prototype.hasOwnProperty.call(d, token) ? d[token] : "";
}
function fileOf(token) {
  var name = "";
  for (var i = 0; i < token.length; i++) name += ("000" + token.charCodeAt(i).toString(16)).slice(-4);
  return "search/w/" + name + ".js";
}
// A token's postings; `whole` unless only its stub is known (its term file not loaded).
function postings(token) {
  var e = entry(token), s = typeof e === "string" ? e : full[token], whole = s !== undefined;
  var parts = (whole ? s : e[1]).split(",");
  return { title: numbers(parts[0]), body: numbers(parts[1] || ""), whole: whole, count: whole ? 0 : e[0] };
}

// Ranking: the rules of SearchRanking.
function rank(query) {
  var matched = new Map();
  query.forEach(function (term) {
    var all = null, title = null, lists = term.map(postings);
    // Tokens known by their stub only are taken to match when another of
    // the term is known whole; else the term matches its rarest token's stub.
    var whole = lists.filter(function (p) { return p.whole; });
    if (!whole.length) whole = [lists.reduce(function (a, b) { return b.count < a.count ? b : a; })];
    whole.forEach(function (p) {
      var t = new Set(p.title), a = new Set(p.title.concat(p.body));
      all = all ? new Set(Array.from(all).filter(function (id) { return a.has(id); })) : a;
      title = title ? new Set(Array.from(title).filter(function (id) { return t.has(id); })) : t;
    });
    all.forEach(function (id) {
      var m = matched.get(id) || [0, 0];
      m[0]++;
      if (title.has(id)) m[1]++;
      matched.set(id, m);
    });
  });
  var ids = Array.from(matched.keys()).sort(function (a, b) {
    var x = matched.get(a), y = matched.get(b);
    return y[0] - x[0] || y[1] - x[1] || a - b;
  });
  return { count: ids.length, ids: ids.slice(0, C.limit) };
}

// What a query loads is bounded: the shards of at most C.maxShards of its
// tokens' shards (the first token of each term, then the second of each, …;
// the others are left out), term files within C.fileBudget bytes (the
// rarest tokens first, by their stubs), the documents files of C.limit results.
function pick(query) {
  var shards = {}, n = 0, kept = query.map(function () { return []; });
  for (var i = 0, more = true; more; i++) {
    more = false;
    query.forEach(function (term, j) {
      if (i >= term.length) return;
      more = true;
      var k = shardOf(term[i]);
      if (!shards[k]) { if (n >= C.maxShards) return; shards[k] = 1; n++; }
      kept[j].push(term[i]);
    });
  }
  return { terms: kept.filter(function (t) { return t.length; }), shards: Object.keys(shards) };
}
function search(q) {
  var picked = pick(queryTerms(q)), query = picked.terms, tokens = [];
  query.forEach(function (term) { term.forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); }); });
  return Promise.all(picked.shards.map(function (k) { return load("search/t/" + k + ".js"); })).then(function () {
    var one = tokens.length === 1 && entry(tokens[0]);
    // One token: its stub holds the count and the first results in rank order.
    if (Array.isArray(one)) return { count: one[0], ids: [].concat.apply([], one[1].split(",").map(numbers)) };
    var left = C.fileBudget;
    var files = tokens.filter(function (t) { return Array.isArray(entry(t)); })
      .sort(function (a, b) { return entry(a)[0] - entry(b)[0] || (a < b ? -1 : a > b ? 1 : 0); })
      .filter(function (t) { var size = entry(t)[2]; if (size > left) return false; left -= size; return true; });
    return Promise.all(files.map(function (t) { return load(fileOf(t)); })).then(function () { return rank(query); });
  }).then(function (result) {
    var files = {};
    result.ids.forEach(function (id) { files[fileOfDocument(id)] = 1; });
    return Promise.all(Object.keys(files).map(function (f) { return load("search/d/" + f + ".js"); })).then(function () {
      result.hits = result.ids.map(hit).filter(Boolean);
      return result;
    });
  });
}
function fileOfDocument(id) { return Math.floor(id / C.stride) + "-" + Math.floor(id % C.stride / C.chunk); }
function hit(id) {
  var g = docs[fileOfDocument(id)], local = id % C.stride;
  var e = g && g.e[local % C.chunk];
  if (e === undefined) return null;
  var plan = base + "plans/" + encodeURIComponent(g.u) + "/index.html";
  if (local === 0) return { kind: T.plan, title: g.t, href: plan };
  if (local < C.indicatorBase) return { kind: T.section, title: e[0], href: plan + "#" + encodeURIComponent(e[1]), plan: g.t };
  return { kind: T.indicator, title: e[0], href: base + "indicators/" + encodeURIComponent(e[1]) + "/index.html",
           plan: g.t, status: e[2], latest: e[3] };
}

// The box and the results.
function el(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
var page = document.getElementById("search-page");
var header = document.querySelector(".site-header .wrap") || document.querySelector("header");
var main = document.querySelector("main");
if (!page && !header) return;
var form = el("form", "search-form");
form.setAttribute("role", "search");
form.action = base + "search/index.html";
var label = el("label", "search-label", T.label);
label.htmlFor = "search-q";
var input = el("input", "search-input");
input.type = "search"; input.id = "search-q"; input.name = "q"; input.autocomplete = "off";
input.placeholder = T.placeholder;
input.setAttribute("aria-describedby", "search-status");
var status = el("p", "search-status");
status.id = "search-status";
status.setAttribute("role", "status");
status.setAttribute("aria-live", "polite");
form.appendChild(label); form.appendChild(input); form.appendChild(status);
var results = el("section", "search-results" + (page ? "" : " wrap"));
results.setAttribute("aria-label", T.results);
results.hidden = true;
var list = el("ol", "search-list");
results.appendChild(list);
if (page) { page.appendChild(form); page.appendChild(results); }
else { header.appendChild(form); if (main) main.parentNode.insertBefore(results, main); else document.body.appendChild(results); }

var asked = 0, timer = 0;
function fill(text, count, shown) { return text.replace("{count}", count).replace("{shown}", shown); }
function show(q, serial) {
  if (!q.trim()) { results.hidden = true; status.textContent = ""; list.textContent = ""; return; }
  search(q).then(function (r) {
    if (serial !== asked) return;
    list.textContent = "";
    r.hits.forEach(function (h) {
      var li = el("li", "search-hit"), head = el("p", "search-head");
      head.appendChild(el("span", "search-kind", h.kind));
      var a = el("a", "", h.title);
      a.href = h.href;
      head.appendChild(a);
      li.appendChild(head);
      var meta = el("p", "search-meta");
      if (h.status) {
        var badge = el("span", "badge status-" + h.status), icon = el("span", "badge-icon");
        icon.setAttribute("aria-hidden", "true");
        badge.appendChild(icon);
        badge.appendChild(document.createTextNode(C.status[h.status] || h.status));
        meta.appendChild(badge);
        meta.appendChild(document.createTextNode(" " + T.latest + h.latest + " · "));
      }
      if (h.plan) meta.appendChild(document.createTextNode(T.inPlan + h.plan));
      if (meta.firstChild) li.appendChild(meta);
      list.appendChild(li);
    });
    results.hidden = r.count === 0;
    status.textContent = r.count === 0 ? T.none
      : fill(r.count > r.hits.length ? T.countShown : T.count, r.count, r.hits.length);
  });
}
function run() { clearTimeout(timer); asked++; show(input.value, asked); }
input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
input.addEventListener("keydown", function (e) {
  if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  else if (e.key === "Escape") { input.value = ""; run(); }
});
list.addEventListener("keydown", function (e) {
  var all = links(), k = all.indexOf(document.activeElement);
  if (k < 0) return;
  if (e.key === "ArrowDown" && k + 1 < all.length) { e.preventDefault(); all[k + 1].focus(); }
  else if (e.key === "ArrowUp") { e.preventDefault(); (k > 0 ? all[k - 1] : input).focus(); }
  else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
});
if (page) {
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
}
window.sitegenSearch.query = function (q) { input.value = q; run(); };
})();

"""#
}
