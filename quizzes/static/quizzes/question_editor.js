// The question editor shows only the parts and fields of the chosen type. The type select
// carries the map (data-question-type-parts, JSON: type code -> names); each panel of a part
// or field carries data-question-part. Without this script every panel stays visible.
(function () {
    "use strict";

    function panelsOf(root) {
        return root.querySelectorAll("[data-question-part]");
    }

    function apply(select) {
        var map;
        try {
            map = JSON.parse(select.getAttribute("data-question-type-parts") || "{}");
        } catch (error) {
            return;
        }
        var shown = map[select.value];
        panelsOf(select.form || document).forEach(function (panel) {
            // No type chosen yet: show everything rather than hide what the author may need.
            var visible = !shown || shown.indexOf(panel.getAttribute("data-question-part")) !== -1;
            panel.hidden = !visible;
        });
    }

    function init() {
        document.querySelectorAll("select[data-question-type-parts]").forEach(function (select) {
            apply(select);
            select.addEventListener("change", function () {
                apply(select);
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
