/* The tally on a phone (outreach/tally.html). One tap on a cell records one contact at once.
   Each tap goes into a queue in localStorage (per user) before it is sent, and leaves it only
   when the server has answered 200/201 (saved) or 409 (the key is taken); a 400 or 404 will
   never succeed and is dropped with a warning. No network, a 5xx, a 403 (a stale CSRF token)
   or a 401 (logged out, e.g. after the 30-minute idle timeout) keep it on the phone: it is sent
   again when the network returns, every 20 seconds, and when the page is opened again (after
   a new login too). Each tap carries its own key (a UUID), so a tap sent twice is saved once.
   Undo of a tap not yet sent takes it out of the queue; of one sent, queues an undo. */
(function () {
  "use strict";
  var app = document.getElementById("tally-app");
  if (!app) return;
  var grid = document.getElementById("tally");
  var form = document.getElementById("tally-form");
  var statusLine = document.getElementById("tally-status");
  var undoButton = document.getElementById("tally-undo");
  var user = app.dataset.user;
  var QUEUE = "ungsam.tally." + user + ".queue";
  var LAST = "ungsam.tally." + user + ".last";
  var CHANNEL = "ungsam.tally." + user + ".channel";
  var memory = {}; // when localStorage is unavailable (a private window that refuses it)
  var flushing = false;
  var state = "idle"; // idle | saved | offline | login
  var refused = 0;
  var message = "";

  function load(name) {
    var raw;
    try { raw = window.localStorage.getItem(name); } catch (e) { raw = memory[name]; }
    try { return raw ? JSON.parse(raw) : []; } catch (e) { return []; }
  }

  function save(name, value) {
    var raw = JSON.stringify(value);
    try { window.localStorage.setItem(name, raw); } catch (e) { memory[name] = raw; }
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function pad(n, width) { return String(n).padStart(width || 2, "0"); }

  // The phone's local time with its offset (ISO 8601): the server dates the tap by it.
  function nowWithOffset() {
    var d = new Date();
    var off = -d.getTimezoneOffset();
    var sign = off >= 0 ? "+" : "-";
    off = Math.abs(off);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." +
      pad(d.getMilliseconds(), 3) + sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60);
  }

  function csrfToken() {
    // Read at send time: a new login rotates the token, and the cookie then has the new one.
    var name = app.dataset.csrfCookie;
    if (name) {
      var parts = document.cookie ? document.cookie.split("; ") : [];
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].indexOf(name + "=") === 0) return decodeURIComponent(parts[i].slice(name.length + 1));
      }
    }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function render() {
    var waiting = load(QUEUE).length;
    statusLine.textContent = "";
    statusLine.dataset.state = state;
    if (state === "login") {
      statusLine.appendChild(document.createTextNode(app.dataset.textLogin + " "));
      var link = document.createElement("a");
      link.className = "ds-link";
      link.href = app.dataset.loginUrl;
      link.textContent = app.dataset.textLoginLink;
      statusLine.appendChild(link);
    } else if (waiting) {
      statusLine.textContent = waiting === 1 ? app.dataset.textWaitingOne
        : app.dataset.textWaiting.replace("NUMBER", waiting);
    } else if (message) {
      statusLine.textContent = message;
    } else if (state === "saved") {
      statusLine.textContent = app.dataset.textSaved;
    }
    if (refused) {
      statusLine.appendChild(document.createTextNode(" " + app.dataset.textRefused));
    }
    statusLine.dataset.waiting = String(waiting);
    if (undoButton) undoButton.hidden = load(LAST).length === 0;
  }

  function send(item) {
    var url = item.kind === "undo" ? app.dataset.undoUrl : app.dataset.tapUrl;
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(item.body),
    });
  }

  function drop(id) {
    save(QUEUE, load(QUEUE).filter(function (i) { return i.id !== id; }));
  }

  function flush() {
    if (flushing) return Promise.resolve();
    var queue = load(QUEUE);
    if (!queue.length) { render(); return Promise.resolve(); }
    flushing = true;
    var item = queue[0];
    return send(item).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) {
        state = "login";
        return false;
      }
      if (response.status === 200 || response.status === 201 || response.status === 409) {
        drop(item.id);
        state = "saved";
        return true;
      }
      if (response.status === 400 || response.status === 404) {
        drop(item.id); // will never be accepted: say so, keep going
        refused += 1;
        return true;
      }
      state = "offline"; // 403 (stale token), 5xx: try again later
      return false;
    }, function () {
      state = "offline";
      return false;
    }).then(function (more) {
      flushing = false;
      render();
      if (more) return flush();
    });
  }

  function cellFor(gender, age) {
    return grid ? grid.querySelector(".tally-cell[data-gender='" + gender + "'][data-age='" + age + "']") : null;
  }

  function bump(cell, by) {
    if (!cell) return;
    var count = cell.querySelector(".tally-count");
    count.textContent = String(Math.max(0, parseInt(count.textContent, 10) + by));
    cell.classList.remove("tally-cell--done");
    void cell.offsetWidth; // restart the flash
    cell.classList.add("tally-cell--done");
  }

  function checked(name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : "";
  }

  function tap(cell) {
    var key = uuid();
    var body = {
      key: key,
      unit: parseInt(grid.dataset.unit, 10),
      place: parseInt(grid.dataset.place, 10),
      channel: checked("channel") || "field",
      gender: cell.dataset.gender,
      age_group: cell.dataset.age,
      depth: parseInt(checked("depth") || "1", 10),
      tapped_at: nowWithOffset(),
    };
    var note = { key: key, place: grid.dataset.place, date: grid.dataset.today,
                 gender: body.gender, age: body.age_group };
    var queue = load(QUEUE);
    queue.push({ id: key + ":tap", kind: "tap", key: key, body: body, note: note });
    save(QUEUE, queue);
    var last = load(LAST);
    last.push(note);
    save(LAST, last.slice(-50));
    bump(cell, 1);
    var greeting = form.querySelector("input[name=depth][value='1']");
    if (greeting) greeting.checked = true; // depth is per contact: back to a greeting
    message = "";
    render();
    flush();
  }

  function undo() {
    var last = load(LAST);
    var note = last.pop();
    save(LAST, last);
    if (!note) { message = app.dataset.textNothing; render(); return; }
    var queue = load(QUEUE);
    var waiting = queue.filter(function (i) { return i.kind === "tap" && i.key === note.key; });
    if (waiting.length) {
      queue = queue.filter(function (i) { return i.key !== note.key; });
    } else {
      queue.push({ id: note.key + ":undo", kind: "undo", key: note.key, body: { key: note.key } });
    }
    save(QUEUE, queue);
    if (grid && note.place === grid.dataset.place && note.date === grid.dataset.today) {
      bump(cellFor(note.gender, note.age), -1);
    }
    message = app.dataset.textUndone;
    render();
    flush();
  }

  if (form && grid) {
    // Taps still on the phone are not in the server's counts yet: show them.
    load(QUEUE).forEach(function (item) {
      var n = item.note;
      if (item.kind === "tap" && n && n.place === grid.dataset.place && n.date === grid.dataset.today) {
        var cell = cellFor(n.gender, n.age);
        if (cell) {
          var count = cell.querySelector(".tally-count");
          count.textContent = String(parseInt(count.textContent, 10) + 1);
        }
      }
    });
    // The channel stays as chosen until she changes it (unless the address names one).
    var stored = load(CHANNEL);
    if (typeof stored === "string" && !/[?&]kanal=/.test(window.location.search)) {
      var radio = form.querySelector("input[name=channel][value='" + stored + "']");
      if (radio) radio.checked = true;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "channel") save(CHANNEL, event.target.value);
    });
    form.addEventListener("click", function (event) {
      var cell = event.target.closest(".tally-cell");
      if (!cell) return;
      event.preventDefault();
      tap(cell);
    });
    if (undoButton) undoButton.addEventListener("click", undo);
  }

  window.addEventListener("online", flush);
  window.addEventListener("pageshow", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush();
  });
  window.setInterval(flush, 20000);
  render();
  flush();
})();
