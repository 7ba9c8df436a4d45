// The attempt screen, made a little better when scripts run. Without this file the form still
// works: submitting posts every answer. With it, each answer is saved as soon as it changes,
// ordering positions swap instead of clashing, and a timed attempt shows a live countdown.
// Nothing here knows what is right: the server grades.
(function () {
  "use strict";

  var form = document.querySelector("form.attempt-form");
  if (!form) return;

  var messages = form.dataset;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");

  function questionFields(fieldset) {
    // The fields of one question are named q<id> or q<id>-<item>.
    var prefix = "q" + fieldset.dataset.question;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    fieldset.querySelectorAll("input, select, textarea").forEach(function (field) {
      if (field.name !== prefix && field.name.indexOf(prefix + "-") !== 0) return;
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      data.append(field.name, field.value);
    });
    return data;
  }

  function showStatus(fieldset, text, failed) {
    var status = fieldset.querySelector(".save-status");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("save-status--failed", Boolean(failed));
  }

  var pending = new WeakMap();

  function save(fieldset) {
    // One request at a time per question; a change made meanwhile is sent right after.
    var state = pending.get(fieldset) || { busy: false, again: false };
    pending.set(fieldset, state);
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    showStatus(fieldset, messages.msgSaving, false);
    fetch(fieldset.dataset.saveUrl, {
      method: "POST",
      body: questionFields(fieldset),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (body.saved) {
            showStatus(fieldset, messages.msgSaved, false);
          } else if (body.error) {
            showStatus(fieldset, messages.msgFailed + " " + body.error, true);
          } else {
            showStatus(fieldset, "", false);
          }
        });
      })
      .catch(function () {
        showStatus(fieldset, messages.msgOffline, true);
      })
      .finally(function () {
        state.busy = false;
        if (state.again) {
          state.again = false;
          save(fieldset);
        }
      });
  }

  var typingTimers = new WeakMap();

  form.querySelectorAll("fieldset[data-save-url]").forEach(function (fieldset) {
    fieldset.addEventListener("change", function (event) {
      if (fieldset.dataset.type === "ordering" && event.target.tagName === "SELECT") {
        swapPositions(fieldset, event.target);
      }
      save(fieldset);
    });
    fieldset.addEventListener("input", function (event) {
      if (event.target.tagName !== "INPUT" || event.target.type !== "text") return;
      clearTimeout(typingTimers.get(fieldset));
      typingTimers.set(
        fieldset,
        setTimeout(function () {
          save(fieldset);
        }, 800)
      );
    });
    if (fieldset.dataset.type === "ordering") {
      fieldset.querySelectorAll("select").forEach(function (select) {
        select.dataset.previous = select.value;
      });
    }
  });

  // Choosing position 2 for an item moves the item that had 2 to the freed position, so the
  // positions always stay a complete order.
  function swapPositions(fieldset, changed) {
    var freed = changed.dataset.previous;
    fieldset.querySelectorAll("select").forEach(function (other) {
      if (other !== changed && other.value === changed.value) {
        other.value = freed;
        other.dataset.previous = freed;
      }
    });
    changed.dataset.previous = changed.value;
  }

  // The countdown. The server's deadline is the only one that counts; the page's clock is
  // corrected by the difference between the server's time and this device's when the page
  // was made.
  var timer = document.querySelector("[data-deadline]");
  if (timer) {
    // Both are seconds since the epoch, as the server counts them.
    var deadline = Number(timer.dataset.deadline) * 1000;
    var skew = Number(timer.dataset.serverNow) * 1000 - Date.now();
    var text = timer.querySelector(".timer__text");
    var announce = document.querySelector("[data-timer-announce]");
    var announced = {};

    var tick = function () {
      var left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
      if (left === 0) {
        text.textContent = timer.dataset.msgOver;
        timer.classList.add("timer--over");
        if (announce) announce.textContent = timer.dataset.msgOver;
        return;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      var shown = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      text.textContent = timer.dataset.msgLeft.replace("%(time)s", shown);
      timer.classList.toggle("timer--soon", left <= 60);
      // Screen readers hear the time only at a few moments, not every second.
      [300, 60].forEach(function (mark) {
        if (left <= mark && !announced[mark] && announce) {
          announced[mark] = true;
          announce.textContent = text.textContent;
        }
      });
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
