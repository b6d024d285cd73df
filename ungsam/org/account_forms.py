"""Forms of the user's own account pages: choosing one's own password, naming a security key."""

from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _


class OwnPasswordForm(SetPasswordForm):
    """A new password, twice, through Django's password validators. The old one is not asked:
    the user typed it to log in a moment ago."""

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        # The person who made the account knows the password they gave.
        if self.user.check_password(password):
            raise forms.ValidationError(
                _("Choose a password other than the one you were given."), code="same_password"
            )
        return password


class AddSecurityKeyForm(AddWebAuthnForm):
    """allauth's form, whose name field has no label of its own (it showed "Name")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
