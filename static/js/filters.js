/* Listing filters start folded on phones (results first) and open on wide screens; an
 * external file, not an inline script, so a strict Content-Security-Policy allows it. */
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (panel && window.matchMedia("(min-width: 60rem)").matches) { panel.open = true; }
})();
