// Live length hint for textareas marked data-length-hint="min,max" in the page editor:
// shows how long the text is against the recommended range, without blocking anything.
(() => {
  const attach = (field) => {
    if (field.dataset.lengthHintReady) return;
    field.dataset.lengthHintReady = "1";
    const [min, max] = field.dataset.lengthHint.split(",").map(Number);
    const hint = document.createElement("p");
    hint.className = "help length-hint";
    hint.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", hint);
    const template = field.dataset.lengthHintText || "{n} / {min}–{max}";
    const update = () => {
      const n = field.value.trim().length;
      hint.textContent = template.replace("{n}", n).replace("{min}", min).replace("{max}", max);
      hint.style.color = n > max ? "#b3261e" : n >= min ? "#1e7a46" : "";
    };
    field.addEventListener("input", update);
    update();
  };
  const scan = () => document.querySelectorAll("textarea[data-length-hint]").forEach(attach);
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("wagtail:panel-init", scan);
})();
