// The "now" line on the timetable, drawn from the reader's clock once a minute. The page
// itself holds no clock: it stays the same all day, so every cache may keep it for as long as
// its release is the newest. Without script the timetable simply has no line.
(function () {
  "use strict";
  var grid = document.querySelector(".timetable[data-start]");
  if (!grid) return;
  var start = Date.parse(grid.dataset.start);
  var slot = Number(grid.dataset.slotMinutes) * 60000;
  var rows = Number(grid.dataset.rows);
  var line = document.createElement("div");
  var label = document.createElement("span");
  line.className = "now-line";
  line.setAttribute("aria-hidden", "true");
  label.textContent = grid.dataset.nowLabel || "";
  line.appendChild(label);

  function draw() {
    var offset = (Date.now() - start) / slot;
    if (!(offset >= 0 && offset < rows)) {
      line.remove();
      return;
    }
    // Grid line 1 holds the room names; the slot in progress starts at line slot + 2.
    line.style.gridRow = String(Math.floor(offset) + 2);
    if (!line.isConnected) grid.appendChild(line);
  }

  draw();
  setInterval(draw, 60000);
})();
