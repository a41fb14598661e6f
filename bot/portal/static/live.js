/* The coach's live chat pages: the queue refreshes itself, the chat shows new messages
   as they come (server-sent events; the browser reconnects with Last-Event-ID) and sends
   without a page load. Text is always set as text, never as HTML. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  var queue = document.getElementById("live-queue");
  if (queue) {
    var d = queue.dataset;
    var body = queue.querySelector("tbody");
    var refresh = function () {
      fetch("/portal/live/queue.json?lang=" + encodeURIComponent(d.lang), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          body.textContent = "";
          if (!data.entries.length) {
            var row = el("tr");
            var cell = el("td", d.none);
            cell.colSpan = 5;
            row.appendChild(cell);
            body.appendChild(row);
          }
          data.entries.forEach(function (e) {
            var row = el("tr");
            row.appendChild(el("td", d.minutes.replace("{n}", String(e.waiting_minutes))));
            row.appendChild(el("td", d[e.language] || e.language));
            row.appendChild(el("td", e.municipality || "–"));
            row.appendChild(el("td", e.has_summary ? d.yes : d.no));
            var cell = el("td");
            var form = el("form", undefined, "inline");
            form.method = "post";
            form.action = "/portal/live/" + e.id + "/take?lang=" + encodeURIComponent(d.lang);
            var token = el("input");
            token.type = "hidden";
            token.name = "csrf_token";
            token.value = d.csrf;
            var button = el("button", d.take);
            button.type = "submit";
            form.appendChild(token);
            form.appendChild(button);
            cell.appendChild(form);
            row.appendChild(cell);
            body.appendChild(row);
          });
        })
        .catch(function () {});
    };
    var events = new EventSource("/portal/live/events");
    events.addEventListener("queue", refresh);
    events.addEventListener("open", refresh);  // after a reconnect: what changed meanwhile
  }

  var log = document.getElementById("live-log");
  if (log) {
    var data = log.dataset;
    var seen = {};
    Array.prototype.forEach.call(log.querySelectorAll("li[data-id]"), function (li) {
      seen[li.dataset.id] = true;
    });
    var form = document.getElementById("live-send");
    var ended = function () {
      if (form) {
        Array.prototype.forEach.call(document.querySelectorAll("form"), function (f) {
          if (f.action.indexOf("/portal/live/") >= 0) {
            Array.prototype.forEach.call(f.elements, function (x) { x.disabled = true; });
          }
        });
      }
      var note = el("p", data.ended);
      note.setAttribute("role", "status");
      log.parentNode.insertBefore(note, log.nextSibling);
    };
    var stream = new EventSource(
      "/portal/live/" + data.chat + "/events?after=" + encodeURIComponent(data.after)
    );
    stream.addEventListener("message", function (event) {
      var m = JSON.parse(event.data);
      if (seen[m.id]) return;
      seen[m.id] = true;
      if (m.final) return;  /* the chat's closing marker: nothing to show */
      var li = el("li", undefined, "from-" + m.from);
      li.dataset.id = m.id;
      if (m.from === "system") {
        li.appendChild(el("em", m.text));
      } else {
        var who = m.from === "coach" ? m.name : m.from === "person" ? data.person : data.bot;
        li.appendChild(el("span", who + ":", "who"));
        li.appendChild(document.createTextNode(" " + m.text));
      }
      log.appendChild(li);
    });
    stream.addEventListener("ended", function () {
      stream.close();
      ended();
    });
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = form.querySelector("textarea");
        if (!text.value.trim()) return;
        var body = new FormData(form);
        fetch(form.action, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRF-Token": data.csrf },
        }).then(function (r) {
          if (r.ok) {
            text.value = "";
            text.focus();
          }
        });
      });
    }
  }
})();
