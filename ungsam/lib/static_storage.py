"""Static files as whitenoise serves them in production, with each file's address worked out
once per process.

Every page links the same nine files; for each, `{% static %}` looked up the hashed name in the
manifest, joined it to STATIC_URL and quoted it again (about 0.2 ms of a dashboard request).
The manifest is read when the process starts and does not change while it runs (a deployment
runs `collectstatic` and restarts), so the answer for a name cannot change either."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:  # collectstatic's own post-processing asks with force: never from the memo
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            # A name missing from the manifest raises here, every time, as before.
            url = self._urls[name] = super().url(name)
            return url
