"""The names files are downloaded under (Zou's)."""
import re
import unicodedata


def slugified(text, separator="_"):
    """Lower-case ASCII words joined by `separator`."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)


def download_name(names, preview, extension):
    """<project>_<parent>_<entity>_<task type>_v<revision>[-<position>].<extension>."""
    suffix = f"v{preview['revision']}" + (f"-{preview['position']}" if preview["position"] > 1 else "")
    return "_".join([*(slugified(name) for name in names), suffix]) + f".{extension}"
