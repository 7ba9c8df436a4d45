"""Columns for admin listings shared by the apps.

Wagtail shows a yes/no field named in ``list_display`` as the raw ``True``/``False``; its
``BooleanColumn`` draws an icon whose title is still ``True``/``False``. ``YesNoColumn`` says it
in words, in the reader's language.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A yes/no field in a listing: «Да» / «Нет» (an empty value shows as a dash). The label
    is the field's verbose name when ``model`` is given."""

    def __init__(self, name, *, model=None, label=None, **kwargs):
        if label is None and model is not None:
            label = capfirst(model._meta.get_field(name).verbose_name)
        kwargs.setdefault("sort_key", name)
        super().__init__(name, label=label, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None or value == "":
            return "—"
        return gettext("Yes") if value else gettext("No")
