from django import forms
from django.utils.translation import gettext_lazy as _

from lms.api.services import TOKEN_NAME_MAX_LENGTH


class ApiTokenCreateForm(forms.Form):
    """The profile page's "new API token" form; ``api_token_create`` checks the name again."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=_("What will use it, so you know which token to revoke, e.g. “Report script”."),
    )
