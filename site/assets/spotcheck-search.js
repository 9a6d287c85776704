/* The site search (issue #12; generator/site/search.py). Loaded before the theme's bundle.
 *
 * Pagefind (the site's search): nothing of the index is fetched until the reader focuses or
 * types in the search box; then pagefind/pagefind.js loads the chunks of the words typed and
 * the fragments of the results shown. Results are rendered with textContent (an excerpt keeps
 * only its <mark> highlights), so page text cannot become markup. Businesses matching the
 * query are listed above the pages by spotcheck-lookup.js (lookup shards).
 *
 * With Material's own search plugin configured instead (its jieba + lunr index, one file loaded
 * whole), this script holds back the theme's request for search/search_index.json until the
 * search box is used. */
(function () {
  "use strict";

  var MAX_PAGES = 5;  // each shown page costs a fragment download (1–20 KB)
  var WAIT_MS = 200;
  var USCC = /^[0-9A-Z]{18}$/;  // as spotcheck-lookup.js tells a credit code from a name

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- Pagefind ----------------------------------------------------------------------------

  function excerpt(html) {
    // Pagefind's excerpt is text with <mark> around the words found: keep only those two
    var out = el("p", "sc-search__excerpt");
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") out.appendChild(el("mark", "", node.textContent));
      else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  function plain(text) {
    return text.replace(/\u200b/g, "").toLowerCase();
  }

  // A code, id or number (a credit code, a task id) must be on the page as typed: Pagefind
  // cuts it into pieces and would also list pages that hold other codes with the same pieces
  function holds(page, query) {
    if (!/^[\x21-\x7e]+$/.test(query)) return true;
    return plain(page.content || "").indexOf(plain(query)) >= 0;
  }

  function pagefindSearch(box) {
    var input = box.querySelector(".md-search__input");
    var form = box.querySelector("form");
    var status = box.querySelector(".sc-search__status");
    var list = box.querySelector(".sc-search__pages");
    var toggle = document.getElementById("__search");
    var script = new URL(box.getAttribute("data-sc-search"), document.baseURI).href;
    var root = new URL("..", script).pathname;  // the site's root: pagefind/ is directly below
    var api = null;
    var timer = null;
    var asked = 0;

    function load() {
      if (!api) {
        api = import(script).then(function (pagefind) {
          return pagefind.options({ baseUrl: root }).then(function () { return pagefind; });
        });
        api.catch(function () { api = null; });
      }
      return api;
    }

    function show(results, query) {
      list.textContent = "";
      results.forEach(function (page) {
        var item = el("li", "md-search-result__item");
        var link = el("a", "md-search-result__link");
        link.href = page.url;
        var article = el("article", "md-search-result__article md-typeset");
        article.appendChild(el("h1", "", (page.meta && page.meta.title) || page.url));
        article.appendChild(excerpt(page.excerpt || ""));
        link.appendChild(article);
        item.appendChild(link);
        list.appendChild(item);
      });
      status.textContent = results.length
        ? "找到 " + results.length + " 个相关页面"
        : "没有找到含“" + query + "”的页面";
      status.dataset.query = query;  // which query the list answers (read by the tests)
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++asked;
      delete status.dataset.query;
      if (!query) { list.textContent = ""; status.textContent = "输入文字即可搜索"; return; }
      if (USCC.test(query.toUpperCase())) {
        // a credit code names one business: its page (listed above by the lookup) is the
        // answer, and Pagefind would fetch ~80 KB of index chunks for the code's pieces
        list.textContent = "";
        status.textContent = "统一社会信用代码只查找检查对象，结果见上方";
        status.dataset.query = query;
        return;
      }
      status.textContent = "正在搜索……";
      load().then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (found) {
        var first = found.results.slice(0, MAX_PAGES);
        return Promise.all(first.map(function (r) { return r.data(); }));
      }).then(function (pages) {
        if (ticket === asked) show(pages.filter(function (page) { return holds(page, query); }), query);
      }).catch(function () {
        if (ticket === asked) {
          list.textContent = "";
          status.textContent = "搜索暂时不可用，请稍后重试";
        }
      });
    }

    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
      load();
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        if (toggle) toggle.checked = false;
        input.blur();
      }
    });
    form.addEventListener("submit", function (event) {
      // Enter opens the first result: a business if one was found, else a page
      event.preventDefault();
      var first = box.querySelector(".sc-search-businesses a, .sc-search__pages a");
      if (first) location.href = first.href;
    });
    form.addEventListener("reset", function () {
      asked++;
      list.textContent = "";
      status.textContent = "输入文字即可搜索";
      setTimeout(function () { input.dispatchEvent(new Event("input")); input.focus(); }, 0);
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
      });
    }
    // the keyboard shortcuts of the theme ("/", "s", "f") open the search: put the cursor there
    document.addEventListener("keydown", function (event) {
      if (event.target === input || event.ctrlKey || event.metaKey || event.altKey) return;
      var editing = event.target && event.target.closest &&
        event.target.closest("input, textarea, select, [contenteditable]");
      if (!editing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  // --- Material's lunr search, if configured: its index only once the search is used --------

  function holdLunrIndex() {
    var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
    var wanted = /[?&]q=/.test(location.search);
    var waiting = [];
    var open = XMLHttpRequest.prototype.open;
    var send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      this.scSearchIndex = INDEX.test(String(url));
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      if (this.scSearchIndex && !wanted) {
        var request = this;
        var args = arguments;
        waiting.push(function () { send.apply(request, args); });
        return undefined;
      }
      return send.apply(this, arguments);
    };
    function want() {
      if (wanted) return;
      wanted = true;
      waiting.splice(0).forEach(function (go) { go(); });
    }
    function isSearch(target) {
      return target && target.closest &&
        target.closest("[data-md-component=search], label[for=__search], .md-search");
    }
    document.addEventListener("focusin", function (e) { if (isSearch(e.target)) want(); }, true);
    document.addEventListener("pointerdown", function (e) { if (isSearch(e.target)) want(); }, true);
    document.addEventListener("change", function (e) {
      if (e.target && e.target.id === "__search" && e.target.checked) want();
    }, true);
    // the theme's search dialog has no accessible name (axe: aria-dialog-name)
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
  }

  var ours = document.querySelector("[data-sc-search]");
  if (ours) pagefindSearch(ours);
  else if (document.querySelector("[data-md-component=search]")) holdLunrIndex();
})();
