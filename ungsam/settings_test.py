"""Settings for the test suite: the production settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("UNGSAM_AUDIT_KEY", "test-only-audit-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("UNGSAM_FIELD_KEY", "test-only-field-key-not-used-anywhere-else-0123456789")

from ungsam.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The tests use synthetic national identity numbers only, as the demo does.
ALLOW_SYNTHETIC_NATIONAL_IDS = True
# Tasks run inside the request or test that queues them (`make test` needs no worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
