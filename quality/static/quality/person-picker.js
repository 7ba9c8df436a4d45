// The evaluation form's person picker: a text input with a <datalist> of suggestions. When the
// evaluator may evaluate more people than the form brought, the suggestions follow what is
// typed, from the server's search (which returns only people in the evaluator's scope). Without
// this script the input still works: the server finds the person from the words typed.
(function () {
  "use strict";
  var picker = document.querySelector(".person-picker[data-search]");
  if (!picker || !window.fetch) return;
  var input = picker.querySelector("input[list]");
  var list = document.getElementById(input.getAttribute("list"));
  var url = picker.getAttribute("data-search-url");
  var timer = null;
  var asked = "";

  function fill(results) {
    var options = document.createDocumentFragment();
    results.forEach(function (person) {
      var option = document.createElement("option");
      option.value = person.label;
      option.textContent = person.team;
      options.appendChild(option);
    });
    list.replaceChildren(options);
  }

  function search() {
    var query = input.value.trim();
    // A picked suggestion ends with "(login)": nothing more to look up.
    if (query.length < 2 || query === asked || /\)\s*$/.test(query)) return;
    asked = query;
    fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) fill(data.results); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
})();
