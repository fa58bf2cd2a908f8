from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Compressed and hashed static files (whitenoise). The NL Design System packages ship
    CSS that refers to images they do not include (e.g. `pijltje.svg` in the Utrecht
    tokens); such a reference is left as it is instead of failing collectstatic."""

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is None and not self.exists(self.clean_name(name)):
                return name
            raise
