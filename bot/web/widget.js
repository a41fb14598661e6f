/*
 * Jobbcoach / Työvalmentaja chat widget.
 * Embed with one tag: <script src="https://<web app>/widget.js" defer></script>
 * The starting language comes from <html lang>. Self-contained: no CDN, no external fonts.
 * Everything from the bot or the user is rendered as text (textContent), never as HTML;
 * only https links to allowed hosts (and this app's own links) become clickable.
 */
(function () {
  "use strict";
  if (window.__jobbcoachWidget) { return; }
  window.__jobbcoachWidget = true;

  var script = document.currentScript;
  var BASE = script ? new URL(script.src, document.baseURI).origin : window.location.origin;
  var STORE = "jobbcoach.session";
  var T = {
    sv: {
      open: "Chatta med oss", title: "Chatt: arbete och utbildning", close: "Stäng chatten",
      human: "Prata med en människa", del: "Radera samtalet", end: "Avsluta",
      ended: "Samtalet är avslutat i den här webbläsaren. Dina uppgifter finns kvar hos staden.",
      delConfirm: "Vill du radera hela samtalet? Det går inte att ångra.",
      deleted: "Samtalet är raderat.", input: "Ditt meddelande", send: "Skicka",
      typing: "Chattboten skriver …", retry: "Försök igen", log: "Samtal",
      noAnswer: "Chattboten svarar inte just nu.", you: "Du", bot: "Chattboten",
      chars: "tecken kvar", options: "Svarsalternativ", readMore: "Läs mer",
      coach: "egencoach", queued: "Du är nummer {n} i kön till en egencoach.",
      chatting: "Du chattar med egencoach {name}.",
      switchTo: "Suomeksi", switchLang: "fi", intro: "Skriv eller välj ett alternativ. Det här är en chattbot, inte en människa."
    },
    fi: {
      open: "Keskustele kanssamme", title: "Chat: työ ja koulutus", close: "Sulje chat",
      human: "Puhu ihmisen kanssa", del: "Poista keskustelu", end: "Lopeta",
      ended: "Keskustelu on lopetettu tässä selaimessa. Tietosi säilyvät kaupungilla.",
      delConfirm: "Haluatko poistaa koko keskustelun? Sitä ei voi perua.",
      deleted: "Keskustelu on poistettu.", input: "Viestisi", send: "Lähetä",
      typing: "Chatbot kirjoittaa …", retry: "Yritä uudelleen", log: "Keskustelu",
      noAnswer: "Chatbot ei vastaa juuri nyt.", you: "Sinä", bot: "Chatbot",
      chars: "merkkiä jäljellä", options: "Vastausvaihtoehdot", readMore: "Lue lisää",
      coach: "omavalmentaja", queued: "Olet omavalmentajan jonossa sijalla {n}.",
      chatting: "Sinulle vastaa nyt omavalmentaja {name}.",
      switchTo: "På svenska", switchLang: "sv", intro: "Kirjoita tai valitse vaihtoehto. Tämä on chatbot, ei ihminen."
    }
  };
  var lang = (document.documentElement.lang || "sv").slice(0, 2) === "fi" ? "fi" : "sv";
  var session = null;
  var maxLength = 1000;
  var allowed = [];
  var ownOrigin = BASE;
  var busy = false;
  var pending = null;
  var liveAfter = 0;     /* the id of the last live message shown */
  var liveOn = false;    /* the live stream is open (or reopening) */
  var liveGen = 0;       /* bumped when the chat here ends: older streams' lines are dropped */
  var liveAbort = null;  /* aborts the open stream's request */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: BASE + "/static/widget.css" });
  document.head.appendChild(css);

  var root = el("div", { id: "jc-chat", "class": "jc-root" });
  var launcher = el("button", { type: "button", "class": "jc-launcher", "aria-expanded": "false",
                                "aria-controls": "jc-panel" });
  var panel = el("section", { id: "jc-panel", "class": "jc-panel", hidden: "",
                              "aria-labelledby": "jc-title" });
  var header = el("div", { "class": "jc-header" });
  var title = el("h2", { id: "jc-title" });
  var tools = el("div", { "class": "jc-tools" });
  var langButton = el("button", { type: "button", "class": "jc-tool" });
  var humanButton = el("button", { type: "button", "class": "jc-tool jc-human" });
  var deleteButton = el("button", { type: "button", "class": "jc-tool" });
  /* a shared computer (library, service point): end the chat in this browser, keep the data */
  var endButton = el("button", { type: "button", "class": "jc-tool" });
  var closeButton = el("button", { type: "button", "class": "jc-tool jc-close" });
  var intro = el("p", { "class": "jc-intro", id: "jc-intro" });
  var log = el("div", { "class": "jc-log", role: "log", "aria-live": "polite",
                        "aria-relevant": "additions", tabindex: "0" });
  var typing = el("p", { "class": "jc-typing", role: "status" });
  var liveStatus = el("p", { "class": "jc-live", role: "status" });
  var alertBox = el("div", { "class": "jc-alert", role: "alert" });
  var form = el("form", { "class": "jc-form", novalidate: "" });
  var label = el("label", { "for": "jc-input", "class": "jc-label" });
  var input = el("textarea", { id: "jc-input", rows: "2", maxlength: String(maxLength),
                               "aria-describedby": "jc-counter jc-intro" });
  var counter = el("span", { id: "jc-counter", "class": "jc-counter", "aria-live": "off" });
  var sendButton = el("button", { type: "submit", "class": "jc-send" });

  tools.append(langButton, humanButton, endButton, deleteButton, closeButton);
  header.append(title, tools);
  form.append(label, input, counter, sendButton);
  panel.append(header, intro, log, liveStatus, typing, alertBox, form);
  root.append(launcher, panel);
  document.body.appendChild(root);

  function texts() { return T[lang]; }

  function paintTexts() {
    var t = texts();
    panel.setAttribute("lang", lang);
    launcher.textContent = t.open;
    launcher.setAttribute("lang", lang);  /* outside the panel: the page's lang may differ */
    title.textContent = t.title;
    langButton.textContent = t.switchTo;
    langButton.setAttribute("lang", t.switchLang);
    humanButton.textContent = t.human;
    deleteButton.textContent = t.del;
    endButton.textContent = t.end;
    closeButton.textContent = "×";
    closeButton.setAttribute("aria-label", t.close);
    intro.textContent = t.intro;
    log.setAttribute("aria-label", t.log);
    label.textContent = t.input;
    sendButton.textContent = t.send;
    updateCounter();
  }

  function updateCounter() {
    var left = maxLength - input.value.length;
    counter.textContent = left + " " + texts().chars;
    counter.classList.toggle("jc-counter-low", left < 50);
  }

  function hostAllowed(url) {
    if (url.origin === BASE || url.origin === ownOrigin || url.origin === window.location.origin) { return true; }
    return url.protocol === "https:" && allowed.indexOf(url.host) !== -1;
  }

  /* Text with links: URLs on the allowlist become <a>, everything else stays text. */
  function richText(container, text) {
    var pattern = /(https?:\/\/[^\s<>"')]+)/g;
    var last = 0;
    var match;
    String(text).split("\n").forEach(function (line, index) {
      if (index > 0) { container.appendChild(el("br")); }
      last = 0;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(line)) !== null) {
        container.appendChild(document.createTextNode(line.slice(last, match.index)));
        var raw = match[1].replace(/[.,;:]+$/, "");
        var url = null;
        try { url = new URL(raw); } catch (e) { url = null; }
        if (url && hostAllowed(url)) {
          var a = el("a", { href: url.href, target: "_blank", rel: "noopener noreferrer" }, raw);
          container.appendChild(a);
        } else {
          container.appendChild(document.createTextNode(raw));
        }
        last = match.index + raw.length;
        pattern.lastIndex = last;
      }
      container.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function textsFor(language) { return language === "fi" || language === "sv" ? T[language] : texts(); }

  /* Reply buttons stay in the log as history but only the open question's are live: every
     other group is disabled (out of the tab order, announced as unavailable). */
  function retireChoices(keep) {
    Array.prototype.forEach.call(log.querySelectorAll(".jc-buttons"), function (group) {
      if (group === keep) { return; }
      group.setAttribute("aria-disabled", "true");
      Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) { b.disabled = true; });
    });
  }

  function addMessage(from, message) {
    var item = el("div", { "class": "jc-msg jc-" + from, lang: message.lang || lang });
    if (from === "coach") {
      /* a person, not the bot: their name is shown, not only read out */
      item.appendChild(el("span", { "class": "jc-who", lang: lang }, message.name + ", " + texts().coach + ": "));
    } else if (from !== "system") {
      var who = el("span", { "class": "jc-visually-hidden", lang: lang }, (from === "user" ? texts().you : texts().bot) + ": ");
      item.appendChild(who);
    }
    if (message.custom && message.custom.type === "offer_card") {
      item.appendChild(card(message.custom));
    } else if (message.text) {
      var p = el("p");
      richText(p, message.text);
      item.appendChild(p);
    }
    if (message.buttons && message.buttons.length) {
      var group = el("div", { "class": "jc-buttons", role: "group",
                              "aria-label": textsFor(message.lang).options });
      message.buttons.forEach(function (b) {
        var button = el("button", { type: "button", "class": "jc-choice" }, b.title);
        button.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function card(data) {
    var article = el("article", { "class": "jc-card", lang: data.lang || lang });
    article.appendChild(el("h3", {}, data.title));
    article.appendChild(el("p", {}, [data.provider, data.place, data.language].filter(Boolean).join(" · ")));
    article.appendChild(el("p", {}, [data.dates, data.deadline, data.cost].filter(Boolean).join(" · ")));
    article.appendChild(el("p", { "class": "jc-why" }, data.why));
    if (data.url) {
      var url = null;
      try { url = new URL(String(data.url)); } catch (e) { url = null; }
      if (url && hostAllowed(url)) {
        article.appendChild(el("a", { href: url.href, target: "_blank", rel: "noopener noreferrer" },
                               data.link_text || texts().readMore));
      }
    }
    return article;
  }

  function showError(text, retry) {
    alertBox.textContent = "";
    alertBox.appendChild(el("p", {}, text));
    if (retry) {
      var again = el("button", { type: "button", "class": "jc-retry" }, texts().retry);
      again.addEventListener("click", function () { alertBox.textContent = ""; retry(); });
      alertBox.appendChild(again);
    }
  }

  function api(path, body) {
    return fetch(BASE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error || "http_" + response.status);
          error.status = response.status;
          error.text = data.message && data.message[lang];
          throw error;
        }
        return data;
      });
    });
  }

  function saveLanguage() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
    if (saved && saved.session) {
      saved.lang = lang;
      sessionStorage.setItem(STORE, JSON.stringify(saved));
    }
  }

  /* The widget's own texts are in the conversation's language, kept over a reload. */
  function setLanguage(next) {
    if (next === lang) { return; }
    lang = next;
    paintTexts();
    saveLanguage();
  }

  /* The bot decides the conversation's language (the person asked for the other one, or
     simply writes it); the widget follows the bot's reply, never the person's text. A reply
     counts only when all its messages carry the same language: one message in the other
     language among them is not a switch. */
  function followLanguage(messages) {
    var found = null;
    for (var i = 0; i < messages.length; i++) {
      var language = messages[i].lang;
      if ((language !== "sv" && language !== "fi") || (found && language !== found)) { return; }
      found = language;
    }
    if (found) { setLanguage(found); }
  }

  function ensureSession() {
    if (session) { return Promise.resolve(session); }
    return api("/api/chat/session").then(function (data) {
      session = data.session;
      maxLength = data.max_length || maxLength;
      allowed = data.allowed_hosts || [];
      ownOrigin = data.own_origin || BASE;
      input.setAttribute("maxlength", String(maxLength));
      sessionStorage.setItem(STORE, JSON.stringify({ session: session, allowed: allowed, own: ownOrigin, max: maxLength, lang: lang }));
      return session;
    });
  }

  /* shown: what the log shows (null: nothing, e.g. a retry); hidden: not replayed on reload */
  function send(text, shown, hidden) {
    if (busy) { return; }
    var value = String(text || "");
    if (!value.trim() && !shown) { return; }
    busy = true;
    retireChoices(null);
    pending = { text: value, shown: shown };
    if (shown !== null) {
      addMessage("user", { text: shown || value, lang: lang });
    }
    alertBox.textContent = "";
    typing.textContent = texts().typing;
    ensureSession().then(function () {
      return api("/api/chat/message", { session: session, message: value, lang: lang, hidden: !!hidden });
    }).then(function (data) {
      pending = null;
      if (data.erased) {
        /* the person erased the conversation by chat: clear it here too; a new message
           starts a new session */
        session = null;
        stopLive();
        sessionStorage.removeItem(STORE);
        log.textContent = "";
      }
      var messages = data.messages || [];
      messages.forEach(function (m) { addMessage("bot", m); });
      followLanguage(messages);
      if (messages.some(function (m) { return m.custom && m.custom.live === "waiting"; })) {
        startLive();
      }
    }).catch(function (error) {
      if (error.status === 403) {
        session = null;
        sessionStorage.removeItem(STORE);
      }
      var failed = pending;
      showError(error.text || texts().noAnswer, function () {
        if (failed) { send(failed.text, null); }
      });
    }).then(function () {
      busy = false;
      typing.textContent = "";
      input.focus();
    });
  }

  /* The live chat with a coach: a stream of JSON lines from the web app, opened with the
     id of the last live message shown, so a reconnect neither loses nor doubles one. */
  function stopLive() {
    liveOn = false;
    liveGen += 1;
    if (liveAbort) { liveAbort.abort(); liveAbort = null; }
    liveStatus.textContent = "";
  }

  function liveLine(item, gen) {
    if (gen !== liveGen) { return; }  /* a stream of a chat this browser has left */
    if (item.type === "status") {
      if (item.status === "waiting") {
        liveStatus.textContent = texts().queued.replace("{n}", String(item.place));
      } else if (item.status === "active") {
        liveStatus.textContent = texts().chatting.replace("{name}", item.coach);
      } else {
        liveStatus.textContent = "";  /* ended: the stream sends what is left, then the end */
      }
    } else if (item.type === "message" && item.final) {
      liveAfter = Math.max(liveAfter, item.id);
      liveOn = false;  /* the chat's last line: the bot has the conversation again */
    } else if (item.type === "message" && item.id > liveAfter) {
      liveAfter = item.id;
      var shown = addMessage(item.from, item);
      if (item.from === "bot") {
        retireChoices(shown.querySelector(".jc-buttons"));
        followLanguage([item]);
      }
    }
  }

  function openLive(delay) {
    if (!session || !window.ReadableStream) { liveOn = false; return; }
    var gen = liveGen;
    window.setTimeout(function () {
      if (!session || !liveOn || gen !== liveGen) { return; }
      liveAbort = window.AbortController ? new AbortController() : null;
      fetch(BASE + "/api/chat/live/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session: session, after: liveAfter, lang: lang }),
        credentials: "omit",
        signal: liveAbort ? liveAbort.signal : undefined
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("ndjson") === -1) { liveOn = false; return null; }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        var pump = function () {
          return reader.read().then(function (part) {
            if (part.done) { return; }
            if (gen !== liveGen) { reader.cancel(); return; }
            buffer += decoder.decode(part.value, { stream: true });
            var lines = buffer.split("\n");
            buffer = lines.pop();
            lines.forEach(function (line) {
              if (!line.trim()) { return; }
              try { liveLine(JSON.parse(line), gen); } catch (e) { /* a broken line: skip it */ }
            });
            return pump();
          });
        };
        return pump();
      }).then(function () {
        if (liveOn && gen === liveGen) { openLive(500); }   /* ended while the chat goes on */
      }, function () {
        if (liveOn && gen === liveGen) { openLive(3000); }  /* a drop: again, from liveAfter */
      });
    }, delay || 0);
  }

  function startLive() {
    if (liveOn) { return; }
    liveOn = true;
    openLive(0);
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.session) { return Promise.resolve(false); }
    session = saved.session;
    allowed = saved.allowed || [];
    ownOrigin = saved.own || BASE;
    maxLength = saved.max || maxLength;
    if (saved.lang) { lang = saved.lang; }
    /* POST: the session secret never goes into a URL, where access logs would keep it */
    return api("/api/chat/history", { session: session, lang: lang }).then(function (data) {
      log.textContent = "";
      var last = null;
      (data.messages || []).forEach(function (m) {
        last = addMessage(m.from === "user" || m.from === "coach" || m.from === "system" ? m.from : "bot", m);
      });
      if (data.live) {
        liveAfter = data.live_after || 0;
        startLive();
      }
      /* only the last message's buttons stay live, and only if it is the bot's: a question
         the person answered after it is closed */
      retireChoices(last && last.classList.contains("jc-bot") ? last.querySelector(".jc-buttons") : null);
      return true;
    }).catch(function () {
      session = null;
      sessionStorage.removeItem(STORE);
      return false;
    });
  }

  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    sessionStorage.setItem(STORE + ".open", "1");
    input.focus();
    if (!log.children.length && !busy) { send(lang === "fi" ? "moi" : "hej", null, true); }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    sessionStorage.removeItem(STORE + ".open");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) { openPanel(); } else { closePanel(); } });
  closeButton.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); closePanel(); }
  });
  input.addEventListener("input", updateCounter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value;
    if (!value.trim()) { return; }
    input.value = "";
    updateCounter();
    send(value);
  });
  humanButton.addEventListener("click", function () { send("/ask_human", texts().human); });
  langButton.addEventListener("click", function () {
    setLanguage(texts().switchLang);
    send('/choose_language{"language": "' + lang + '"}', null);
  });
  endButton.addEventListener("click", function () {
    /* forget the session here only: the next person at this computer starts afresh */
    session = null;
    stopLive();
    sessionStorage.removeItem(STORE);
    sessionStorage.removeItem(STORE + ".open");
    log.textContent = "";
    typing.textContent = texts().ended;
    input.focus();
  });
  deleteButton.addEventListener("click", function () {
    if (!session || !window.confirm(texts().delConfirm)) { return; }
    api("/api/chat/delete", { session: session }).then(function () {
      session = null;
      stopLive();
      sessionStorage.removeItem(STORE);
      log.textContent = "";
      typing.textContent = texts().deleted;
      input.focus();
    }).catch(function (error) { showError(error.text || texts().noAnswer, null); });
  });

  paintTexts();
  restore().then(function (restored) {
    paintTexts();
    if (restored || sessionStorage.getItem(STORE + ".open")) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
    }
  });
})();
