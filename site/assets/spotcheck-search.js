/* Load the site search index only when the search is used (issue #12).
 * Material for MkDocs requests search/search_index.json (XMLHttpRequest) as soon as a page
 * loads; at district scale that is megabytes on every page view. This script, loaded before
 * the theme's bundle, holds that one request back until the reader focuses or opens the search
 * box (or a page is opened with a ?q= search), then sends it. Nothing else is changed. */
(function () {
  "use strict";
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

  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("pointerdown", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) want();
  }, true);
  window.spotcheckSearchIndexRequested = function () { return wanted; };

  // the theme's search dialog has no accessible name (axe: aria-dialog-name)
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "站内搜索");
})();
