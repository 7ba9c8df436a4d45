// Live length hint for textareas marked data-length-hint="min,max" in the page editor:
// shows how long the text is against the recommended range, without blocking anything.
// data-length-hint-forms holds the words for each plural category ({"one": …, "few": …,
// "many": …, "other": …}); Intl.PluralRules picks the one the count needs in the page's language.
(() => {
  const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  const attach = (field) => {
    if (field.dataset.lengthHintReady) return;
    field.dataset.lengthHintReady = "1";
    const [min, max] = field.dataset.lengthHint.split(",").map(Number);
    const hint = document.createElement("p");
    hint.className = "help length-hint";
    hint.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", hint);
    const forms = field.dataset.lengthHintForms ? JSON.parse(field.dataset.lengthHintForms) : {};
    const update = () => {
      const n = field.value.trim().length;
      const template = forms[plurals.select(n)] || forms.other || "{n} / {min}–{max}";
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
