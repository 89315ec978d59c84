/* Header disclosures (issue 15): the menu and search "buttons" of the header are links
 * (to the footer's menu, to the search page) that work without JavaScript. Here each one
 * becomes a real <button aria-expanded aria-controls> that shows or hides the panel it
 * names in data-disclosure. One panel is open at a time; Escape closes it and gives focus
 * back to its button; opening search puts the cursor in the box. The panels follow their
 * buttons in the document, so Tab goes from a button into its open panel.
 * Filter chips: a removable chip is a link; nothing to do here.
 */
(function () {
  "use strict";
  var toggles = [];

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    var panel = panelOf(button);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (panel) { panel.classList.toggle("is-open", open); }
    document.documentElement.classList.toggle("has-open-" + button.getAttribute("aria-controls"), open);
  }

  function closeAll(except) {
    toggles.forEach(function (button) {
      if (button !== except && button.getAttribute("aria-expanded") === "true") { setOpen(button, false); }
    });
  }

  function upgrade(link) {
    var id = link.getAttribute("data-disclosure");
    if (!document.getElementById(id)) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-controls", id);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      closeAll(button);
      setOpen(button, open);
      if (open) {
        var field = panelOf(button).querySelector("input[type=search]");
        if (field) { field.focus(); }
      }
    });
    link.parentNode.replaceChild(button, link);
    toggles.push(button);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-disclosure]"), upgrade);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      toggles.forEach(function (button) {
        if (button.getAttribute("aria-expanded") !== "true") { return; }
        var panel = panelOf(button);
        // The search box's own suggestions close first (search/suggest.js).
        var suggest = panel && panel.querySelector("[role=combobox][aria-expanded=true]");
        if (suggest) { return; }
        setOpen(button, false);
        button.focus();
      });
    });
    document.addEventListener("click", function (event) {
      toggles.forEach(function (button) {
        var panel = panelOf(button);
        if (button.getAttribute("aria-expanded") === "true" && !button.contains(event.target) &&
            panel && !panel.contains(event.target)) {
          setOpen(button, false);
        }
      });
    });
    // Past the desktop breakpoint the panels are part of the bar: forget any open state.
    var wide = window.matchMedia("(min-width: 80rem)");  // as in site.css
    var reset = function () { if (wide.matches) { closeAll(null); } };
    if (wide.addEventListener) { wide.addEventListener("change", reset); }
  }

  // Forms on pages from the anonymous page cache carry no CSRF token (core/pagecache.py):
  // fetch one from this site (never cached) and fill the empty fields.
  function fillCsrf() {
    var fields = document.querySelectorAll("input[data-csrf-fill]");
    if (!fields.length || !window.fetch) { return; }
    fetch(fields[0].getAttribute("data-csrf-fill"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.token) { return; }
        Array.prototype.forEach.call(fields, function (field) { field.value = data.token; });
      })
      .catch(function () {});
  }

  // Filter forms: fields left at "all" stay out of the address (?stars=4, not
  // ?stars=4&group=&locality=…), so filtered URLs are short and shareable. Disabled only
  // for the submission: a page restored with the Back button gets them back.
  function tidyFilterForms() {
    var forms = document.querySelectorAll("form.filters-form");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.value === "" && !field.disabled) {
            field.disabled = true;
            field.setAttribute("data-tidied", "");
          }
        });
      });
    });
    window.addEventListener("pageshow", function () {
      var tidied = document.querySelectorAll("[data-tidied]");
      Array.prototype.forEach.call(tidied, function (field) {
        field.disabled = false;
        field.removeAttribute("data-tidied");
      });
    });
  }

  function start() {
    init();
    fillCsrf();
    tidyFilterForms();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
