"""Forms of the people app."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

# Where the directory backend leaves why it refused a sign-in (lms.people.directory); read
# here by name, so this form works without the optional directory library installed.
DIRECTORY_REFUSAL_ATTRIBUTE = "directory_sign_in_refusal"


class SignInForm(AuthenticationForm):
    """Django's sign-in form, which also says why the company directory refused someone.

    The directory gives a reason only once it accepted the password (account disabled, not
    linked to a staff member, closed) or when it cannot be reached; a wrong password gets
    Django's usual message.
    """

    def get_invalid_login_error(self):
        refusal = getattr(self.request, DIRECTORY_REFUSAL_ATTRIBUTE, None)
        if refusal is not None:
            return ValidationError(refusal, code="directory_refused")
        return super().get_invalid_login_error()
