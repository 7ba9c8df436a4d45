from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

ERROR_WEIGHTS = _("The components' weights add up to %(total)s %%; they must add up to 100 %%.")
ERROR_EXAMPLE_METRIC = _(
    "Worked example “%(example)s” names the metric “%(metric)s”, which is not one of the "
    "components. Use one of: %(known)s."
)


class BonusSchemePageForm(WagtailAdminPageForm):
    """Checks what no single field can: weights add up to 100 and examples name real metrics."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("components")
        if formset is None or not formset.is_valid():
            return cleaned_data
        kept = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        total = sum(data.get("weight") or 0 for data in kept)
        if kept and total != 100:
            self.add_error(None, ERROR_WEIGHTS % {"total": total})
        known = {str(data.get("metric", "")).strip().casefold(): data["metric"] for data in kept}
        for example in cleaned_data.get("examples") or []:
            for actual in example.value["actuals"]:
                if actual["metric"].strip().casefold() not in known:
                    self.add_error(
                        "examples",
                        ERROR_EXAMPLE_METRIC
                        % {
                            "example": example.value["title"],
                            "metric": actual["metric"],
                            "known": ", ".join(known.values()),
                        },
                    )
        return cleaned_data


class BonusCalculatorForm(forms.Form):
    """The what-if calculator: one number per component, named ``c<component id>``."""

    def __init__(self, *args, components, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = list(components)
        for component in self.components:
            self.fields[f"c{component.pk}"] = forms.DecimalField(
                label=component.metric,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                required=False,
                localize=True,
                help_text=_("Target: %(target)s %(unit)s")
                % {"target": floatformat(component.target, -2), "unit": component.unit},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def actuals(self) -> dict[int, object]:
        """The entered results by component id (only the filled-in ones); call after is_valid."""
        return {
            component.pk: self.cleaned_data[f"c{component.pk}"]
            for component in self.components
            if self.cleaned_data.get(f"c{component.pk}") is not None
        }
