from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.notifications.selectors import KindSetting


class NotificationSettingsForm(forms.Form):
    """Which kinds come by email (and count on the badge), and the language of the emails.

    Only kinds that may be muted are choices: a mandatory kind is always on, whatever is
    posted, and posting an unknown one is an error."""

    kinds = forms.MultipleChoiceField(
        label=_("Email me about"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        required=False,
        help_text=_("The admin uses it too."),
    )

    def __init__(self, *args, kind_settings: list[KindSetting], **kwargs):
        super().__init__(*args, **kwargs)
        self.optional_keys = [s.key for s in kind_settings if not s.kind.mandatory]
        self.fields["kinds"].choices = [
            (s.key, s.kind.label) for s in kind_settings if not s.kind.mandatory
        ]
        self.fields["language"].choices = [("", _("The site's language (Russian)"))] + [
            (code, name) for code, name in settings.LANGUAGES
        ]

    def muted_kinds(self) -> list[str]:
        """The optional kinds left unticked."""
        wanted = set(self.cleaned_data["kinds"])
        return [key for key in self.optional_keys if key not in wanted]
