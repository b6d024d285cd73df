# ruff: noqa: E501  (msgids are the libraries' own, character for character)
"""Messages of allauth and Django that Ungsam words itself, in its own catalog (locale/), which
takes precedence over the libraries' catalogs: their Bokmål says "Vennligst", "Endre Passord",
"Tofaktorautentisering", and Django 5.2's password-length message has no Bokmål at all.

Nothing imports this module: it is here so that `make messages` (makemessages) finds these
msgids in Ungsam's source and keeps their entries. tests/web/test_account_wording.py checks
that every message of the allauth pages Ungsam serves is in Ungsam's catalog."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Account Inactive"),
    gettext_noop("This account is inactive."),
    gettext_noop("Alternative options"),
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Sign Out"),
    gettext_noop("Change Password"),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Reset My Password"),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Bad Token"),
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Confirm"),
    gettext_noop("Enter your password:"),
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    gettext_noop("Incorrect code."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
    gettext_noop("Use a security key"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Sign In"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:"
    ),
    gettext_noop("Authenticator code"),
    gettext_noop("Code"),
    gettext_noop("Enter an authenticator code:"),
    gettext_noop("Add"),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("Authenticator App"),
    gettext_noop("Deactivate"),
    gettext_noop("Download"),
    gettext_noop("Generate"),
    gettext_noop("Manage"),
    gettext_noop("No recovery codes set up."),
    gettext_noop("No security keys have been added."),
    gettext_noop("Recovery Codes"),
    gettext_noop("View"),
    gettext_noop("Are you sure?"),
    gettext_noop("This action will invalidate your existing codes."),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("Download codes"),
    gettext_noop("Generate new codes"),
    gettext_noop("I have saved my recovery codes"),
    gettext_noop("Unused codes"),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("Trust this Browser?"),
    gettext_noop(
        "If you choose to trust this browser, you will not be asked for a verification code the next time you sign in."
    ),
    gettext_noop("Trust for %(period)s"),
    gettext_noop("Add Security Key"),
    gettext_noop("Are you sure you want to remove this security key?"),
    gettext_noop("Remove Security Key"),
    gettext_noop("Added on %(created_at)s"),
    gettext_noop("Edit"),
    gettext_noop("Key"),
    gettext_noop("Last used %(last_used)s"),
    gettext_noop("Passkey"),
    gettext_noop("Remove"),
    gettext_noop("Unspecified"),
    gettext_noop("Usage"),
    gettext_noop("Edit Security Key"),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop("Security key added."),
    gettext_noop("Security key removed."),
    gettext_noop("Browser"),
    gettext_noop("Current"),
    gettext_noop("IP Address"),
    gettext_noop("Last seen at"),
    gettext_noop("Sign Out Other Sessions"),
    gettext_noop("Started At"),
    gettext_noop("Signed out of all other sessions."),
    gettext_noop("Password Reset Email"),
]

PLURALS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
    ),
    ngettext_lazy(
        "You have added %(count)s security key.", "You have added %(count)s security keys."
    ),
]
