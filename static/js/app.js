/* Jobbro: start the DKFDS components. Loaded with `defer` after htmx and dkfds.js.
 *
 * No inline handlers anywhere (the CSP forbids them): behaviour is attached here.
 */
"use strict";

(function () {
  if (typeof window.DKFDS === "undefined") {
    return;
  }
  var DKFDS = window.DKFDS;

  function each(scope, selector, start) {
    if (scope.matches(selector)) {
      start(scope);
    }
    var elements = scope.querySelectorAll(selector);
    for (var i = 0; i < elements.length; i++) {
      start(elements[i]);
    }
  }

  /* Components inside content htmx has swapped in. DKFDS.init() is only for the whole page:
   * it also sets up the header navigation, which must happen once. */
  function initFragment(scope) {
    each(scope, ".accordion, .accordion-bordered", function (el) { new DKFDS.Accordion(el).init(); });
    each(scope, ".alert.has-close", function (el) { new DKFDS.Alert(el).init(); });
    each(scope, ".form-limit", function (el) { new DKFDS.CharacterLimit(el).init(); });
    each(scope, ".js-checkbox-toggle-content", function (el) { new DKFDS.CheckboxToggleContent(el).init(); });
    each(scope, ".js-radio-toggle-group", function (el) { new DKFDS.RadioToggleGroup(el).init(); });
    each(scope, ".js-dropdown", function (el) { new DKFDS.Dropdown(el).init(); });
    each(scope, "div.tab-container", function (el) { new DKFDS.Tabs(el).init(); });
    each(scope, ".tooltip-wrapper", function (el) { new DKFDS.Tooltip(el).init(); });
    each(scope, "table.table--selectable", function (el) { new DKFDS.TableSelectableRows(el).init(); });
    each(scope, '[data-module="error-summary"]', function (el) { new DKFDS.ErrorSummary(el).init(); });
    /* Not datePicker.on(): its listeners are delegated from document already. */
    DKFDS.datePicker.init(scope);
  }

  /* dkfds.js labels the overflow ("more") button of the main menu in Danish only. */
  function translateMoreButton() {
    var nav = document.querySelector(".navigation-menu .nav[data-more-label]");
    var label = document.querySelector(".navigation-menu .more-button span");
    if (nav && label) {
      label.textContent = nav.getAttribute("data-more-label");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    DKFDS.init();
    translateMoreButton();
  });

  /* htmx fires htmx:load on every element it swaps in (and once on <body> at start-up, which
   * DKFDS.init() above already covers). */
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element && event.target !== document.body) {
      initFragment(event.target);
    }
  });
})();

/* Keyboard and screen reader after htmx swaps a list's results (paging, sorting, filters).
 * The link that was followed is gone with the old results, so the focus would fall to <body>
 * and the next Tab to the footer. htmx itself puts the focus back on an element of the same
 * id in the new content (the sort links have ids), and on an [autofocus] element in it (a
 * follow-up just ticked off on "Min dag"). Otherwise the focus goes to the region's status,
 * named by data-status: the count that says "176 virksomheder · side 2 af 8", itself a live
 * region, so the new page is announced. */
(function () {
  function lost() {
    var active = document.activeElement;
    return !active || active === document.body || !document.body.contains(active);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var region = event.target;
    if (!(region instanceof Element) || !lost()) {
      return;
    }
    if (!region.isConnected) {
      region = event.detail && event.detail.target;
    }
    var statusId = region && region.getAttribute ? region.getAttribute("data-status") : null;
    var status = statusId ? document.getElementById(statusId) : null;
    if (!status) {
      return;
    }
    if (!status.hasAttribute("tabindex")) {
      status.setAttribute("tabindex", "-1");
    }
    status.focus();
  });
})();

/* A wide table scrolls inside its own box (.table--responsive-scroll). Where it does scroll,
 * the box is a named region in the tab order, so it can be scrolled with the keyboard; where
 * the table fits, it stays out of the way. */
(function () {
  var BOX = ".table--responsive-scroll";

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("data-scroll-region", "");
      if (caption && caption.textContent.trim()) {
        box.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      box.removeAttribute("data-scroll-region");
    }
  }

  function updateAll(scope) {
    var boxes = scope.querySelectorAll(BOX);
    for (var i = 0; i < boxes.length; i++) {
      update(boxes[i]);
    }
    if (scope.matches && scope.matches(BOX)) {
      update(scope);
    }
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () { updateAll(document); }, 150);
  });
  document.addEventListener("DOMContentLoaded", function () { updateAll(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) {
      updateAll(event.target);
    }
  });
})();

/* A CPR number must never travel in an address (DESIGN.md section 5). When one is typed into
 * a search that is sent by GET (a form marked data-cpr-guard), it is moved to the form that
 * sends it by POST (data-cpr-guard's value: that form's id) before anything leaves the page. */
(function () {
  var CPR = /^\s*\d{6}[\s\-–]?\d{4}\s*$/;
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-cpr-guard")) {
        return;
      }
      var search = form.querySelector('input[type="search"]');
      var target = document.getElementById(form.getAttribute("data-cpr-guard"));
      if (!search || !target || !CPR.test(search.value)) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var field = target.querySelector('input[name="cpr"]');
      field.value = search.value.trim();
      search.value = "";
      target.submit();
    },
    true
  );
})();
