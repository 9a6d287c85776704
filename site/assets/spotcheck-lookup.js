/* Business lookup and business page over the sharded JSON written by generator/site/lookup.py.
 * Fetches only what one query needs; renders with textContent (never innerHTML), so record
 * text cannot become markup. No third-party code, no network outside this site.
 * - home page (#sc-lookup): find businesses by name or credit code;
 * - business page (#sc-business, businesses/?id=<code>): registration, draws, results and
 *   credit record of one business (one page for all 200,000, instead of a page each);
 * - the site's search box (every page): businesses matching the query (by name or credit
 *   code) are listed above the page results, from the same shards (issue #12). */
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
    // hex, zero-padded to the width of the largest shard number (at least 2), as lookup.py
    var width = Math.max(2, (shards - 1).toString(16).length);
    var name = (fnv1a(text) % shards).toString(16);
    while (name.length < width) name = "0" + name;
    return name;
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

  // a code shard (lookup/codes/<xx>.txt, generator/site/lookup.py `code_lines`): sorted,
  // front-coded lines "<shared length><rest> <pattern>[ <row>|-]" → code → entry
  var codeShards = {};
  function codeShard(base, meta, code) {
    var path = "lookup/codes/" + shard(code, meta.code_shards) + ".txt";
    if (!codeShards[path]) {
      codeShards[path] = fetch(base + path, { credentials: "same-origin" }).then(function (r) {
        if (r.status === 404) return "";
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (text) {
        var table = {};
        var previous = "";
        text.split("\n").forEach(function (line) {
          if (!line) return;
          var parts = line.split(" ");
          var current = previous.slice(0, parseInt(parts[0][0], 36)) + parts[0].slice(1);
          table[current] = {
            pattern: parseInt(parts[1], 36),
            records: parts.length > 2,
            row: parts.length > 2 && parts[2] !== "-" ? parseInt(parts[2], 36) : null
          };
          previous = current;
        });
        return table;
      });
    }
    return codeShards[path];
  }

  function codeEntry(base, meta, code) {
    return codeShard(base, meta, code).then(function (table) {
      return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : null;
    });
  }

  // a business without records has no row: only its code (found by code, never by name)
  function bareRow(code) {
    return [code, "", "", "", "", "", 0, "", ""];
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
        }).filter(Boolean).map(function (row) {
          // region, industry, status and entity type are numbers into meta.values
          return row.map(function (cell, i) {
            return (i === 3 || i === 4 || i === 5 || i === 7) && typeof cell === "number"
              ? meta.values[cell] : cell;
          });
        });
      });
  }

  var MAX_RESULTS = 20;
  var MAX_CANDIDATES = 200;

  function byCode(base, meta, code) {
    return codeEntry(base, meta, code).then(function (entry) {
      if (!entry) return [];
      if (entry.row === null) return [bareRow(code)];
      return rowsFor(base, meta, [entry.row]);
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

  function businessHref(base, meta, code) {
    return base + meta.business_url.replace("{uscc}", encodeURIComponent(code));
  }

  function render(base, meta, list, rows) {
    list.textContent = "";
    rows.forEach(function (row) {
      var item = el("li", "sc-lookup__item");
      var title = el("div", "sc-lookup__name");
      var a = el("a", null, row[1] || "统一社会信用代码 " + row[0]);
      a.href = businessHref(base, meta, row[0]);
      title.appendChild(a);
      item.appendChild(title);
      item.appendChild(el("div", "sc-lookup__code", row[0]));
      if (row[6]) {
        item.appendChild(el("div", "sc-lookup__meta",
          [row[2], row[3], row[4], "登记状态：" + row[5]].join(" · ")));
      }
      item.appendChild(el("div", "sc-lookup__history",
        row[6] ? "有被抽取或检查的记录，点击名称查看" : "本单位尚未被抽中，点击查看所在抽取总体与本户号签"));
      list.appendChild(item);
    });
  }

  // --- the business page ------------------------------------------------------------------

  function own(table, key) {
    return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function table(headers, rows, cls) {
    var t = el("table", "sc-table" + (cls ? " " + cls : ""));
    var head = el("thead");
    var tr = el("tr");
    headers.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    rows.forEach(function (cells) {
      var row = el("tr");
      cells.forEach(function (cell) {
        var td = el("td");
        (Array.isArray(cell) ? cell : [cell]).forEach(function (part, i) {
          if (i) td.appendChild(document.createElement("br"));
          if (part instanceof Node) td.appendChild(part);
          else td.appendChild(document.createTextNode(part === undefined || part === null || part === "" ? "—" : String(part)));
        });
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    t.appendChild(body);
    var box = el("div", "sc-scroll");  // a wide table scrolls inside its box on a phone
    box.appendChild(t);
    return box;
  }

  // "2026-03-22" → "2026年3月22日" (as generator/site/display.py)
  function cnDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : (text || "");
  }

  function keyValues(pairs) {
    var t = el("table", "sc-table sc-kv");
    pairs.forEach(function (pair) {
      var tr = el("tr");
      tr.appendChild(el("th", null, pair[0]));
      var td = el("td");
      if (pair[1] instanceof Node) td.appendChild(pair[1]);
      else td.textContent = pair[1] || "—";
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }

  // --- fairness: this business's ticket in each draw whose population held it --------------

  function sha256hex(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.from(new Uint8Array(buffer)).map(function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
    });
  }

  // U(H(seed) + code), as generator/draw/tickets.py: "0." + the reversed, zero-padded (64)
  // decimal digits of the SHA-256 as an integer
  function ticketOf(seed, code) {
    return sha256hex(seed).then(function (h) { return sha256hex(h + code); }).then(function (h) {
      var digits = BigInt("0x" + h).toString();
      while (digits.length < 64) digits = "0" + digits;
      return "0." + digits.split("").reverse().join("");
    });
  }

  function shortTicket(ticket) {
    return ticket ? ticket.slice(0, 8) + "…" : "—";
  }

  function fairnessTable(base, meta, holder, code, pop, draws, all) {
    if (!(window.crypto && crypto.subtle && window.BigInt)) {
      holder.textContent = "此浏览器不能计算号签（需要 HTTPS 与较新的浏览器），请按任务页的核验步骤自行计算。";
      return;
    }
    var how = {};
    draws.forEach(function (d) { how[d[0]] = d[2]; });
    Promise.resolve(all.draws).then(function (all) {
      var wanted = pop.map(function (p) { return { draw: all[p[0]], stratum: all[p[0]].strata[p[1]] }; });
      return Promise.all(wanted.map(function (w) { return ticketOf(w.draw.seed, code); })).then(function (tickets) {
        holder.textContent = "";
        holder.appendChild(table(["抽查任务", "分层", "本户号签", "门槛号签", "结论", ""], wanted.map(function (w, i) {
          var ticket = tickets[i];
          var threshold = w.stratum.threshold;
          var everyone = w.stratum.sample >= w.stratum.population;
          var selected = everyone || (threshold && ticket <= threshold);
          var verdict = everyone
            ? "本分层全部入选"
            : "号签 " + shortTicket(ticket) + (selected ? " 不大于" : " 大于") + "门槛 " + shortTicket(threshold) + "，" + (selected ? "入选" : "本次未入选");
          if (!selected && how[w.draw.task] && how[w.draw.task].indexOf("候补") === 0) verdict += "（列为候补）";
          if (w.draw.voided) verdict += "（本次抽取已作废）";
          var taskHref = base + meta.task_url.replace("{task}", encodeURIComponent(w.draw.task));
          var ticketCell = el("code", "sc-ticket", shortTicket(ticket));
          ticketCell.title = ticket;
          var thresholdCell = el("code", "sc-ticket", shortTicket(threshold));
          thresholdCell.title = threshold;
          return [
            [link(taskHref, w.draw.task), w.draw.name + (w.draw.attempt > 1 ? "（第 " + w.draw.attempt + " 次抽取）" : "")],
            w.stratum.value,
            ticketCell,
            thresholdCell,
            verdict,
            link(taskHref + "#verify", "核验")
          ];
        }), "sc-business__tickets"));
      });
    }).catch(function () {
      holder.textContent = "号签计算失败，请按任务页的核验步骤自行计算。";
    });
  }

  // an activity entry with the names put back from the shared tables of lookup/draws.json
  // (generator/site/sections/businesses.py `expand_activity`)
  function expand(entry, shared) {
    var tasks = shared.tasks, items = shared.items, codes = shared.codes;
    return {
      draws: (entry.draws || []).map(function (d) {
        var shown = [d[0], tasks[d[0]][0], d[1]];
        if (d.length > 2) {
          shown.push(d[2].map(function (o) { return shared.people[o[0]] + "（" + o[1] + "）"; }).join("、"));
        }
        return shown;
      }),
      results: (entry.results || []).map(function (r) {
        return {
          task: r[0], name: tasks[r[0]][0], departments: tasks[r[0]][1],
          inspected: r[1], published: r[2],
          items: r[3].map(function (e) {
            return [e[0], e[1].map(function (c) { return codes[c]; }), own(items, e[0]) || e[0]];
          }),
          follow_up: r[4], problems: !!r[5], credit: !!r[6], page: r[7] || tasks[r[0]][2]
        };
      })
    };
  }

  function renderBusiness(base, meta, root, code, row, activity, published) {
    var status = document.getElementById("sc-business-status");
    var out = el("div", "sc-business__record");
    var name = row ? row[1] : "";  // a never-drawn business has no published row
    out.appendChild(el("h2", "sc-business-name", name || code));
    if (row) {
      var codeCell = el("code", null, row[0]);
      out.appendChild(keyValues([
        ["统一社会信用代码", codeCell],
        ["名称", row[1]],
        ["住所（经营场所）", row[2]],
        ["法定代表人（负责人）", row[8]],
        ["市场主体类型", row[7]],
        ["行业", row[4]],
        ["所在街镇", row[3]],
        ["登记状态", row[5]]
      ]));
    } else if (activity) {
      out.appendChild(el("p", null, "统一社会信用代码 " + code + "：当前检查对象名录中没有这一户（可能已迁出或注销）。"));
    } else {
      out.appendChild(keyValues([["统一社会信用代码", el("code", null, code)]]));
      out.appendChild(el("p", "sc-business__never", "本单位尚未被抽中：没有被抽取或检查的记录。本户所在的抽取总体与本户在每次抽取中的号签见下文。（未被抽中的单位不公示登记信息，只能用统一社会信用代码查询。）"));
    }
    var draws = activity ? activity.draws || [] : [];
    var results = activity ? activity.results || [] : [];
    var credit = results.filter(function (r) { return r.credit; });
    var problems = credit.filter(function (r) { return r.problems; });

    out.appendChild(el("h3", null, "信用记录"));
    out.appendChild(el("p", "sc-business__credit", credit.length
      ? "已公示的抽查检查 " + credit.length + " 次，其中发现问题 " + problems.length + " 次；最近一次检查完成于 " + cnDate(credit[0].inspected) + "（" + credit[0].departments + "）。"
      : "没有已公示的抽查检查结果。"));

    // "<draw>.<stratum>" in base 36, space-separated (generator/site/sections/businesses.py)
    var pattern = published.draws.patterns[published.pattern] || "";
    var pop = pattern ? pattern.split(" ").map(function (pair) {
      return pair.split(".").map(function (n) { return parseInt(n, 36); });
    }) : [];
    out.appendChild(el("h3", null, "抽取与号签"));
    if (pop.length) {
      out.appendChild(el("p", null, "本户在下列抽取的总体中。号签由公开的种子和本户的统一社会信用代码算出（号签 = U(H(种子) + 统一社会信用代码)），不大于所在分层门槛号签的入选；点“核验”查看任务页的核验步骤。"));
      var fairness = el("div", "sc-business__fairness", "正在计算号签…");
      out.appendChild(fairness);
      fairnessTable(base, meta, fairness, code, pop, draws, published.draws);
    } else {
      out.appendChild(el("p", null, "没有包含本户的抽取记录。"));
    }

    out.appendChild(el("h3", null, "被抽取记录"));
    if (draws.length) {
      out.appendChild(table(["抽查任务", "名称", "情况", "选派的执法人员"], draws.map(function (d) {
        var href = base + meta.task_url.replace("{task}", encodeURIComponent(d[0])) + "#draw";
        return [link(href, d[0]), d[1], d[2], d[3] || "—"];
      })));
    } else {
      out.appendChild(el("p", null, "没有被抽取的记录。"));
    }

    out.appendChild(el("h3", null, "检查结果"));
    if (results.length) {
      out.appendChild(table(
        ["抽查任务", "部门", "检查完成日期", "检查结果", "后续处置", "公示日期"],
        results.map(function (r) {
          var href = base + r.page + "#" + encodeURIComponent(code);
          return [
            [link(href, r.task), r.name],
            r.departments,
            cnDate(r.inspected),
            r.credit ? r.items.map(function (e) { return (e[2] || e[0]) + "：" + e[1].join("、"); }) : "待公示",
            r.credit ? (r.follow_up.length ? r.follow_up.join("；") : "—") : "—",
            r.published ? cnDate(r.published) + (r.credit ? "" : "（尚未到公示日期）") : "尚未公示"
          ];
        }), "sc-business__results"));
    } else {
      out.appendChild(el("p", null, "尚无公示的检查结果。"));
    }
    root.insertBefore(out, status);
    focusableScrollers();
    status.textContent = "";
    if (name) document.title = name + " - " + document.title;
  }

  function businessPage() {
    var root = document.getElementById("sc-business");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var status = document.getElementById("sc-business-status");
    var code = (new URLSearchParams(location.search).get("id") || "").replace(/\s+/g, "").toUpperCase();
    if (!/^[0-9A-Z]{18}$/.test(code)) {
      status.textContent = "请在首页输入企业名称或 18 位统一社会信用代码查询。";
      return;
    }
    var base = siteBase();
    getJSON(base, "lookup/meta.json").then(function (meta) {
      return codeEntry(base, meta, code).then(function (entry) {
        if (!entry) {
          status.textContent = "没有统一社会信用代码为 " + code + " 的检查对象记录。";
          return null;
        }
        var row = entry.row === null ? Promise.resolve([]) : rowsFor(base, meta, [entry.row]);
        var activity = entry.records && meta.activity_shards
          ? getJSON(base, "lookup/activity/" + shard(code, meta.activity_shards) + ".json")
          : Promise.resolve(null);
        var draws = entry.pattern || entry.records
          ? getJSON(base, "lookup/draws.json")
          : Promise.resolve({ draws: [], patterns: [""], tasks: {}, items: {} });
        return Promise.all([row, activity, draws]).then(function (found) {
          var record = own(found[1], code);
          renderBusiness(base, meta, root, code, found[0].length ? found[0][0] : null,
            record && expand(record, found[2]), { pattern: entry.pattern, draws: found[2] });
        });
      });
    }).catch(function () {
      status.textContent = "读取失败，请稍后重试";
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

  // --- businesses in the site's search box -----------------------------------------------

  var SEARCH_BOX_RESULTS = 5;

  function searchBox() {
    var input = document.querySelector("[data-md-component=search-query]");
    var output = document.querySelector("[data-md-component=search-result]");
    if (!input || !output || input.dataset.scBusinesses) return;
    input.dataset.scBusinesses = "1";
    var box = el("div", "sc-search-businesses");
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    output.insertBefore(box, output.firstChild);
    var base = siteBase();
    var timer = null;
    var asked = 0;

    function show(rows, meta, more, note) {
      box.textContent = "";
      box.hidden = !rows.length && !note;
      if (note) box.appendChild(el("div", "sc-search-businesses__title", note));
      if (!rows.length) return;
      box.appendChild(el("div", "sc-search-businesses__title", "检查对象" + (more ? "（仅列出前 " + rows.length + " 户，请输入更完整的名称）" : "")));
      var list = el("ol", "sc-search-businesses__list");
      rows.forEach(function (row) {
        var item = el("li", "sc-search-businesses__item");
        var a = link(businessHref(base, meta, row[0]), "");
        a.appendChild(el("span", "sc-search-businesses__name", row[1]));
        a.appendChild(el("span", "sc-search-businesses__code", row[0]));
        item.appendChild(a);
        list.appendChild(item);
      });
      box.appendChild(list);
    }

    function run() {
      var raw = input.value.trim();
      var query = normalise(raw);
      var code = raw.replace(/\s+/g, "").toUpperCase();
      var ticket = ++asked;
      if (!/^[0-9A-Z]{18}$/.test(code) && Array.from(query).length < 2) { show([], null); return; }
      getJSON(base, "lookup/meta.json").then(function (meta) {
        var found = /^[0-9A-Z]{18}$/.test(code)
          ? byCode(base, meta, code).then(function (rows) { return { rows: rows }; })
          : byName(base, meta, query);
        return found.then(function (result) {
          if (ticket !== asked) return;  // a newer query is under way
          var rows = result.rows.slice(0, SEARCH_BOX_RESULTS);
          var note = result.tooCommon
            ? "检查对象：名称含“" + raw + "”的太多，请输入更完整的企业名称或统一社会信用代码"
            : "";
          show(rows, meta, result.more || result.rows.length > rows.length, note);
        });
      }).catch(function () { if (ticket === asked) show([], null); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
  }

  // a table box that scrolls sideways can be reached and scrolled with the keyboard
  function focusableScrollers() {
    document.querySelectorAll(".sc-block, .sc-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "可左右滚动的表格");
      }
    });
  }

  function start() {
    setup();
    businessPage();
    searchBox();
    focusableScrollers();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
