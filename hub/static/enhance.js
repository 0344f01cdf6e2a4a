// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // A form sent once is not sent twice by a double click (the server is idempotent too).
    document.querySelectorAll("button[data-once]").forEach(function (button) {
      button.form.addEventListener("submit", function () {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
    var lang = document.documentElement.lang || "en";
    var words = { en: ["Show all", "Show fewer"], fr: ["Tout afficher", "Afficher moins"], es: ["Mostrar todo", "Mostrar menos"] }[lang] || ["Show all", "Show fewer"];
    document.querySelectorAll(".facet").forEach(function (facet) {
      var hidden = facet.querySelectorAll("li.more");
      if (!hidden.length) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more-toggle";
      button.setAttribute("aria-expanded", "false");
      button.textContent = words[0] + " (" + hidden.length + ")";
      button.addEventListener("click", function () {
        var open = facet.classList.toggle("open");
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? words[1] : words[0] + " (" + hidden.length + ")";
      });
      facet.appendChild(button);
    });
  });
})();
