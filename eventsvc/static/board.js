// The board: drag a session to another room and time. The drop posts the session's move
// form (CSRF token, version, new start, room) and shows the board again from the server,
// with the conflicts the move made or removed. Without this script, each session's link
// opens its form, which moves it the same way.
(function () {
  "use strict";
  var dragged = null;
  var grabY = 0;

  function board() { return document.getElementById("board"); }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The local time (the event's, as the board shows it) of a point `y` pixels into a lane.
  function timeAt(lane, y) {
    var grid = board();
    var slot = parseInt(grid.dataset.slot, 10);
    var rows = parseInt(grid.dataset.rows, 10);
    var perRow = lane.getBoundingClientRect().height / rows;
    var minutes = Math.max(0, Math.round(y / perRow)) * slot;
    var top = grid.dataset.top;  // YYYY-MM-DDTHH:MM, read as plain numbers: no time zone involved
    var total = parseInt(top.slice(11, 13), 10) * 60 + parseInt(top.slice(14, 16), 10) + minutes;
    return top.slice(0, 11) + pad(Math.floor(total / 60) % 24) + ":" + pad(total % 60);
  }

  function say(text) {
    var status = document.getElementById("board-status");
    if (status) status.textContent = text;
  }

  function reload(message) {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board-area");
        document.getElementById("board-area").replaceWith(fresh);
        say(message || "");
      });
  }

  function move(block, lane, start) {
    var body = new FormData();
    body.append("csrf_token", board().dataset.csrf);
    body.append("version", block.dataset.version);
    body.append("start", start);
    body.append("room", lane.dataset.room);
    block.classList.add("moving");
    fetch(block.dataset.move, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) { return reload(answer.ok ? "" : answer.message); })
      .catch(function () { block.classList.remove("moving"); });
  }

  document.addEventListener("dragstart", function (event) {
    var block = event.target.closest && event.target.closest(".block[draggable=true]");
    if (!block) return;
    dragged = block;
    grabY = event.clientY - block.getBoundingClientRect().top;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", block.dataset.uid);
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("#board")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    if (!dragged || !event.target.closest || !event.target.closest("#board")) return;
    event.preventDefault();
    // The lane under the pointer: blocks lie over the lanes, so find it by its column.
    var lanes = document.querySelectorAll("#board .lane");
    var lane = Array.prototype.find.call(lanes, function (candidate) {
      var box = candidate.getBoundingClientRect();
      return event.clientX >= box.left && event.clientX < box.right;
    });
    var block = dragged;
    dragged = null;
    if (!lane) return;
    move(block, lane, timeAt(lane, event.clientY - grabY - lane.getBoundingClientRect().top));
  });
  document.addEventListener("dragend", function () { dragged = null; });
})();
