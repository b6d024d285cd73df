from django.conf import settings
from django.core.checks import Error, Warning, register

NO_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. `make run` makes a development key; production must set one."
)


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [Error(NO_KEY_MESSAGE, id="ungsam.E001")]


@register(deploy=True)
def audit_key_is_set(app_configs, **kwargs):
    from ungsam.access.keys import key_source

    source = key_source()
    if source == "environment":
        return []
    if source == "development file":
        return [
            Warning(
                "The audit key comes from the development file .dev-audit-key in the project "
                "folder. Production sets UNGSAM_AUDIT_KEY or UNGSAM_AUDIT_KEY_FILE, kept apart "
                "from the database and its backups (docs/operations.md).",
                id="ungsam.W002",
            )
        ]
    return [
        Error(
            "UNGSAM_AUDIT_KEY is not set: the audit log cannot be written or verified.",
            id="ungsam.E002",
        )
    ]


@register(deploy=True)
def field_key_is_set(app_configs, **kwargs):
    from ungsam.lib.field_crypto import field_key_source

    source = field_key_source()
    if source == "environment":
        return []
    if source == "development file":
        return [
            Warning(
                "The field key comes from the development file .dev-field-key in the project "
                "folder. Production sets UNGSAM_FIELD_KEY or UNGSAM_FIELD_KEY_FILE, kept apart "
                "from the database and its backups, and backed up itself (docs/operations.md).",
                id="ungsam.W004",
            )
        ]
    return [
        Error(
            "UNGSAM_FIELD_KEY is not set: national identity numbers cannot be stored or shown.",
            id="ungsam.E004",
        )
    ]


@register
def role_settings_name_roles(app_configs, **kwargs):
    """A misspelt role in UNGSAM_MFA_REQUIRED_ROLES would silently let that role in without a
    second factor; in UNGSAM_PROTECTED_ADDRESS_ROLES it would hide addresses from a role meant
    to see them."""
    from ungsam.org.models import Role

    errors = []
    for setting, variable in (
        ("MFA_REQUIRED_ROLES", "UNGSAM_MFA_REQUIRED_ROLES"),
        ("PROTECTED_ADDRESS_ROLES", "UNGSAM_PROTECTED_ADDRESS_ROLES"),
    ):
        unknown = sorted(set(getattr(settings, setting)) - set(Role.values))
        if unknown:
            errors.append(
                Error(
                    f"{variable} names no role: {', '.join(unknown)}. "
                    f"Roles: {', '.join(Role.values)}.",
                    id="ungsam.E003",
                )
            )
    return errors


@register
def attachment_settings(app_configs, **kwargs):
    """Journal attachments are served only through the access policy: a folder that the static
    files or the templates come from would hand them to anyone who guesses a name."""
    from pathlib import Path

    folder = Path(settings.ATTACHMENT_DIR).resolve()
    served = [
        Path(settings.STATIC_ROOT),
        *(Path(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS),
    ]
    served += [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    errors = []
    for root in served:
        root = root.resolve()
        if folder == root or root in folder.parents or folder in root.parents:
            errors.append(
                Error(
                    f"UNGSAM_ATTACHMENT_DIR ({folder}) lies in or around {root}, which is served "
                    "or read as pages; put the attachments outside it (docs/operations.md).",
                    id="ungsam.E005",
                )
            )
    if settings.ATTACHMENT_MAX_MB < 1:
        errors.append(Error("UNGSAM_ATTACHMENT_MAX_MB must be at least 1.", id="ungsam.E006"))
    return errors


@register
def disclosure_exceptions_are_known(app_configs, **kwargs):
    """A misspelt code in UNGSAM_DISCLOSURE_EXCEPTIONS would quietly take a legal ground away
    from the workers (the duty to inform child welfare, say)."""
    from ungsam.collab.exceptions import CODES

    unknown = sorted(set(settings.DISCLOSURE_EXCEPTIONS) - set(CODES))
    if not unknown:
        return []
    return [
        Error(
            f"UNGSAM_DISCLOSURE_EXCEPTIONS names no exception: {', '.join(unknown)}. "
            f"Exceptions: {', '.join(CODES)}.",
            id="ungsam.E007",
        )
    ]
