// The timeline's stepping, over the steps the server rendered once into
// #timeline-data: buttons, the slider and the arrow keys show the plan and
// findings after each step without a round trip. Without script, every
// control is a link or a form that asks the server for ?step=N.
(function () {
  "use strict";
  var root = document.getElementById("timeline");
  var source = document.getElementById("timeline-data");
  if (!root || !source) { return; }
  var steps = JSON.parse(source.textContent);
  var base = root.getAttribute("data-base");
  var slider = document.getElementById("step");
  var output = document.getElementById("step-number");
  var announce = document.getElementById("announce");
  var total = steps.length;
  var current = Number(slider.value);

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function findingItem(f) {
    var li = el("li", undefined, "finding sev-" + f.severity);
    li.appendChild(el("strong", f.rule));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "(" + f.severity + ")", "sev"));
    li.appendChild(document.createTextNode(": " + f.message + " "));
    if (f.cites.length) {
      var cites = el("span", "Cites ", "cites");
      f.cites.forEach(function (v, i) {
        var a = el("a", "event " + v);
        a.href = base + "?step=" + v;
        a.setAttribute("data-step", String(v));
        cites.appendChild(a);
        if (i < f.cites.length - 1) { cites.appendChild(document.createTextNode(", ")); }
      });
      li.appendChild(cites);
    }
    return li;
  }

  function fill(id, items, empty, make) {
    var list = document.getElementById(id);
    list.replaceChildren();
    if (!items.length) { list.appendChild(el("li", empty, "muted")); return; }
    items.forEach(function (item) { list.appendChild(make(item)); });
  }

  function text(item) { return el("li", item); }

  function rules(found) {
    return found.map(function (f) { return f.rule; }).join(", ");
  }

  function link(id, n) {
    document.getElementById(id).href = base + "?step=" + Math.min(total, Math.max(1, n));
  }

  function show(n, push) {
    n = Math.min(total, Math.max(1, n));
    current = n;
    var s = steps[n - 1];
    slider.value = String(n);
    slider.setAttribute("aria-valuetext", "step " + n + " of " + total);
    output.textContent = n + " of " + total;
    root.querySelectorAll("[data-slot]").forEach(function (slot) {
      slot.textContent = s[slot.getAttribute("data-slot")];
    });
    var status = root.querySelector("[data-slot=status_words]");
    status.className = "status-" + s.status;
    fill("appeared", s.appeared, "Nothing.", findingItem);
    fill("resolved", s.resolved, "Nothing.", findingItem);
    fill("findings", s.findings, "None: coherent.", findingItem);
    fill("goals", s.goals, "None.", text);
    fill("techniques", s.techniques, "None.", text);
    link("previous", n - 1);
    link("next", n + 1);
    document.getElementById("diff-to").value = String(n);
    document.getElementById("diff-from").value = String(Math.max(1, n - 1));
    document.querySelectorAll("#events a[aria-current]").forEach(function (a) {
      a.removeAttribute("aria-current");
    });
    var mine = document.querySelector('#events a[data-step="' + n + '"]');
    if (mine) { mine.setAttribute("aria-current", "step"); }
    var said = "Step " + n + " of " + total + ": " + s.who + " " + s.what +
      "; coherence " + s.status_words + ".";
    if (s.appeared.length) { said += " Appeared: " + rules(s.appeared) + "."; }
    if (s.resolved.length) { said += " Resolved: " + rules(s.resolved) + "."; }
    announce.textContent = said;
    if (push) { history.replaceState(null, "", base + "?step=" + n); }
  }

  var moves = {
    first: function () { return 1; },
    previous: function () { return current - 1; },
    next: function () { return current + 1; },
    last: function () { return total; }
  };
  Object.keys(moves).forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (event) {
      event.preventDefault();
      show(moves[id](), true);
    });
  });
  slider.addEventListener("input", function () { show(Number(slider.value), true); });
  document.getElementById("go").hidden = true;
  document.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest("a[data-step]") : null;
    if (!a) { return; }
    event.preventDefault();
    show(Number(a.getAttribute("data-step")), true);
    slider.focus();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target === slider || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1, true); }
    if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1, true); }
  });
}());
