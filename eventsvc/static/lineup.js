// The session form's speaker picker, in the page: the list narrows as you type (asking
// /speakers/find, the same search the form's Find button runs), and Add and Remove change
// the speakers without sending the form. Without this script the buttons send the form.
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) return;
  var find = document.getElementById("find");
  var rows = document.getElementById("lineup-rows");
  var list = document.getElementById("candidates");
  var more = document.getElementById("candidates-more");
  var empty = document.getElementById("lineup-empty");
  var rowTemplate = document.getElementById("lineup-row");
  var candidateTemplate = document.getElementById("candidate-row");
  var timer = null;
  var asked = 0;

  function chosen() {
    return Array.prototype.map.call(
      rows.querySelectorAll("input[name$='-speaker']"), function (input) { return input.value; });
  }

  function nextIndex() {
    var highest = -1;
    rows.querySelectorAll("input[name$='-speaker']").forEach(function (input) {
      highest = Math.max(highest, parseInt(input.name.split("-")[1], 10));
    });
    return highest + 1;
  }

  function show(answer) {
    list.textContent = "";
    answer.speakers.forEach(function (speaker) {
      var item = candidateTemplate.content.firstElementChild.cloneNode(true);
      var button = item.querySelector("button");
      button.value = speaker.slug;
      button.dataset.name = speaker.name;
      item.querySelector(".who").textContent = speaker.name;
      item.querySelector(".sub-inline").textContent = speaker.affiliation;
      list.appendChild(item);
    });
    if (!answer.speakers.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = list.dataset.empty;
      list.appendChild(none);
    }
    more.hidden = answer.more <= 0;
    more.textContent = answer.more_text;
  }

  function refresh() {
    var query = new URLSearchParams({ q: find.value });
    chosen().forEach(function (slug) { query.append("exclude", slug); });
    var mine = ++asked;
    fetch(find.dataset.url + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && mine === asked) show(answer); });
  }

  function showEmpty() {
    empty.hidden = rows.children.length > 0;
  }

  function add(button) {
    var row = rowTemplate.content.firstElementChild.cloneNode(true);
    var index = String(nextIndex());
    row.querySelectorAll("[name]").forEach(function (field) {
      field.name = field.name.replace("__i__", index);
    });
    row.querySelector("input[type=hidden]").value = button.value;
    row.querySelector(".who").textContent = button.dataset.name;
    row.querySelector(".order-input").value = rows.children.length + 1;
    rows.appendChild(row);
    button.closest("li").remove();
    showEmpty();
    refresh();
  }

  find.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  find.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      refresh();
    }
  });
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=add]");
    if (!button) return;
    event.preventDefault();
    add(button);
  });
  rows.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=remove], button[data-remove]");
    if (!button) return;
    event.preventDefault();
    button.closest("tr").remove();
    showEmpty();
    refresh();
  });
})();
