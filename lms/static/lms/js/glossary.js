// Glossary terms in text: on a touch screen the first tap shows the definition and the second
// follows the link; Escape or a tap elsewhere closes it. Hover and keyboard focus need no
// script (CSS shows the tooltip).
(() => {
  let open = null;
  const close = () => {
    if (open) open.classList.remove("is-open");
    open = null;
  };
  const place = (tip) => {
    tip.classList.remove("is-right");
    const box = tip.getBoundingClientRect();
    if (box.right > window.innerWidth - 8) tip.classList.add("is-right");
  };
  document.addEventListener("pointerdown", (event) => {
    if (!event.target.closest(".glossary-wrap")) close();
  });
  document.addEventListener("click", (event) => {
    const term = event.target.closest(".glossary-term");
    if (!term) return;
    const tip = term.nextElementSibling;
    if (!tip || !tip.classList.contains("glossary-tip")) return;
    const touch = window.matchMedia("(hover: none)").matches;
    if (touch && open !== tip) {
      event.preventDefault();
      close();
      tip.classList.add("is-open");
      place(tip);
      open = tip;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    close();
    // Hide whatever tip hover or focus shows, without moving focus, until the pointer or
    // focus leaves the term.
    document.querySelectorAll(".glossary-wrap:hover, .glossary-wrap:focus-within").forEach((wrap) => {
      wrap.classList.add("is-dismissed");
    });
  });
  const undismiss = (event) => {
    const wrap = event.target.closest && event.target.closest(".glossary-wrap");
    if (wrap) wrap.classList.remove("is-dismissed");
  };
  document.addEventListener("mouseout", undismiss);
  document.addEventListener("focusout", undismiss);
  document.addEventListener("mouseover", (event) => {
    const term = event.target.closest(".glossary-term");
    if (term && term.nextElementSibling) place(term.nextElementSibling);
  });
})();
