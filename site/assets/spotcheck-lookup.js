/* Business lookup over the sharded JSON written by generator/site/lookup.py.
 * Fetches only what one query needs; renders with textContent (never innerHTML), so record
 * text cannot become markup. No third-party code, no network outside this site. */
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL((base || ".").replace(/\/?$/, "/"), document.baseURI || location.href).href;
  }

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function shard(text, shards) {
    var n = fnv1a(text) % shards;
    return (n < 16 ? "0" : "") + n.toString(16);
  }

  function grams(name) {
    var chars = Array.from(name);
    if (chars.length < 2) return chars.length ? [name] : [];
    var seen = {};
    var found = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      var g = chars[i] + chars[i + 1];
      if (!seen[g]) { seen[g] = true; found.push(g); }
    }
    return found;
  }

  var cache = {};
  function getJSON(base, path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path, { credentials: "same-origin" }).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function decode(deltas) {
    var out = [];
    var value = 0;
    for (var i = 0; i < deltas.length; i++) { value += deltas[i]; out.push(value); }
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function rowsFor(base, meta, numbers) {
    var chunks = {};
    numbers.forEach(function (n) { chunks[Math.floor(n / meta.chunk)] = true; });
    var keys = Object.keys(chunks);
    return Promise.all(keys.map(function (k) { return getJSON(base, "lookup/rows/" + k + ".json"); }))
      .then(function (loaded) {
        var byChunk = {};
        keys.forEach(function (k, i) { byChunk[k] = loaded[i] || []; });
        return numbers.map(function (n) {
          return byChunk[Math.floor(n / meta.chunk)][n % meta.chunk];
        }).filter(Boolean);
      });
  }

  var MAX_RESULTS = 20;
  var MAX_CANDIDATES = 200;

  function byCode(base, meta, code) {
    return getJSON(base, "lookup/code/" + shard(code, meta.shards) + ".json").then(function (table) {
      if (!table || !(code in table)) return [];
      return rowsFor(base, meta, [table[code]]);
    });
  }

  function byName(base, meta, query) {
    var common = {};
    meta.common.forEach(function (g) { common[g] = true; });
    var wanted = grams(query).filter(function (g) { return !common[g]; }).slice(0, 6);
    if (!wanted.length) return Promise.resolve({ tooCommon: true, rows: [] });
    return Promise.all(wanted.map(function (g) {
      return getJSON(base, "lookup/name/" + shard(g, meta.shards) + ".json").then(function (t) {
        return t && t[g] ? decode(t[g]) : [];
      });
    })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var hits = lists.reduce(intersect);
      return rowsFor(base, meta, hits.slice(0, MAX_CANDIDATES)).then(function (rows) {
        var matching = rows.filter(function (row) { return normalise(row[1]).indexOf(query) >= 0; });
        return { tooCommon: false, rows: matching.slice(0, MAX_RESULTS), more: matching.length > MAX_RESULTS };
      });
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(base, meta, list, rows) {
    list.textContent = "";
    rows.forEach(function (row) {
      var item = el("li", "sc-lookup__item");
      var title = el("div", "sc-lookup__name");
      if (row[6]) {
        var a = el("a", null, row[1]);
        a.href = base + meta.business_url.replace("{uscc}", encodeURIComponent(row[0]));
        title.appendChild(a);
      } else {
        title.textContent = row[1];
      }
      item.appendChild(title);
      item.appendChild(el("div", "sc-lookup__code", row[0]));
      item.appendChild(el("div", "sc-lookup__meta",
        [row[2], row[3], row[4], "登记状态：" + row[5]].join(" · ")));
      item.appendChild(el("div", "sc-lookup__history",
        row[6] ? "有被抽取或检查的记录，点击名称查看" : "尚无被抽取的记录"));
      list.appendChild(item);
    });
  }

  function setup() {
    var root = document.getElementById("sc-lookup");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = document.getElementById("sc-lookup-input");
    var button = document.getElementById("sc-lookup-button");
    var status = document.getElementById("sc-lookup-status");
    var list = document.getElementById("sc-lookup-results");
    var base = siteBase();
    var meta = null;

    function run() {
      var raw = input.value.trim();
      var query = normalise(raw);
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      status.textContent = "查询中…";
      var code = raw.replace(/\s+/g, "").toUpperCase();
      var started = meta ? Promise.resolve(meta) : getJSON(base, "lookup/meta.json");
      started.then(function (m) {
        meta = m;
        if (/^[0-9A-Z]{18}$/.test(code)) {
          return byCode(base, m, code).then(function (rows) {
            render(base, m, list, rows);
            status.textContent = rows.length ? "找到 1 户" : "名录中没有统一社会信用代码为 " + code + " 的检查对象";
          });
        }
        if (Array.from(query).length < 2) {
          status.textContent = "请至少输入两个字";
          return null;
        }
        return byName(base, m, query).then(function (found) {
          render(base, m, list, found.rows);
          if (found.tooCommon) status.textContent = "输入的文字太常见，请输入更具体的名称";
          else if (!found.rows.length) status.textContent = "没有找到名称包含“" + raw + "”的检查对象";
          else status.textContent = "找到 " + found.rows.length + (found.more ? "+" : "") + " 户";
        });
      }).catch(function () {
        status.textContent = "查询失败，请稍后重试";
      });
    }

    button.addEventListener("click", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); run(); }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
