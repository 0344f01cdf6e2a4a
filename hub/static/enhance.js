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

// The submission form (issue 14): counters, focus on the error summary, a country filter,
// a draft kept in this browser, and a warning before leaving a changed form.
(function () {
  "use strict";
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }
  function snapshot(form) {
    return fields(form).filter(function (el) {
      return (el.type !== "checkbox" && el.type !== "radio") || el.checked;
    }).map(function (el) { return [el.name, el.value]; });
  }
  function restore(form, pairs) {
    fields(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = pairs.some(function (p) { return p[0] === el.name && p[1] === el.value; });
      } else {
        var found = pairs.filter(function (p) { return p[0] === el.name; })[0];
        if (found) { el.value = found[1]; }
      }
    });
  }
  function typedAnything(form) {
    return fields(form).some(function (el) {
      return (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "email" || el.type === "number") && el.value.trim();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var sent = document.querySelector("[data-sent]");
    if (sent) { try { window.localStorage.removeItem("hub-draft-" + sent.dataset.sent); } catch (e) {} }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var form = document.querySelector("form[data-draft]");
    if (!form) { return; }
    var key = "hub-draft-" + form.dataset.draft;
    // Counters: what is typed against the rule, never a silent cut.
    form.querySelectorAll("[data-limit]").forEach(function (input) {
      var counter = document.getElementById(input.id + "-counter");
      if (!counter) {
        counter = document.createElement("p");
        counter.className = "counter";
        counter.id = input.id + "-counter";
        counter.setAttribute("aria-live", "polite");
        input.insertAdjacentElement("afterend", counter);
      }
      var limit = Number(input.dataset.limit);
      input.removeAttribute("maxlength");  // the server refuses too long a text, with the count
      function update() {
        var count = input.value.length;
        var over = count - limit;
        counter.textContent = over > 0 ? fill(form.dataset.over, { count: count, over: over, limit: limit })
                                       : fill(form.dataset.counter, { count: count, limit: limit });
        counter.classList.toggle("over", over > 0);
      }
      input.addEventListener("input", update);
      update();
    });
    // A filter over the country check boxes (they still work by keyboard without it).
    form.querySelectorAll("fieldset.checklist").forEach(function (list) {
      var label = document.createElement("label");
      label.className = "filter";
      label.textContent = form.dataset.filter + " ";
      var input = document.createElement("input");
      input.type = "search";
      input.setAttribute("aria-controls", list.id);
      label.appendChild(input);
      list.parentNode.insertBefore(label, list);
      function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
      input.addEventListener("input", function () {
        var wanted = fold(input.value.trim());
        list.querySelectorAll("label").forEach(function (option) {
          var box = option.querySelector("input");
          option.hidden = Boolean(wanted) && !box.checked && fold(option.textContent).indexOf(wanted) < 0 &&
            box.value.toLowerCase().indexOf(wanted) < 0;
        });
      });
    });
    // The draft: restored into an empty form, saved as the person types.
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && saved.length && !typedAnything(form)) {
      restore(form, saved);
      var note = document.createElement("p");
      note.className = "notice draft-note";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.restored + " ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link";
      discard.textContent = form.dataset.discard;
      discard.addEventListener("click", function () {
        try { window.localStorage.removeItem(key); } catch (e) {}
        window.location.reload();
      });
      note.appendChild(discard);
      form.parentNode.insertBefore(note, form);
      form.querySelectorAll("[data-limit]").forEach(function (input) { input.dispatchEvent(new Event("input")); });
    }
    var initial = JSON.stringify(snapshot(form));
    var leaving = true;
    function save() {
      try { window.localStorage.setItem(key, JSON.stringify(snapshot(form))); } catch (e) {}
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { leaving = false; save(); });
    window.addEventListener("beforeunload", function (event) {
      if (leaving && JSON.stringify(snapshot(form)) !== initial) {
        event.preventDefault();
        event.returnValue = form.dataset.leave;
        return form.dataset.leave;
      }
    });
  });
})();

// On a wide screen the filters stand open beside the results; on a phone they wait, closed,
// above them (issue 14). Without this script they are a disclosure everywhere.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia && window.matchMedia("(min-width: 50.01rem)").matches) {
      filters.open = true;
    }
  });
})();
