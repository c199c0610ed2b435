"""The names files are downloaded under: Zou's slugs."""
import re
import unicodedata


def slugified(text, separator="_"):
    """Lower-case ASCII words joined by `separator`."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)
