"""The names files are downloaded under (Zou's)."""
from shared.names import slugified


def download_name(names, preview, extension):
    """<project>_<parent>_<entity>_<task type>_v<revision>[-<position>].<extension>."""
    suffix = f"v{preview['revision']}" + (f"-{preview['position']}" if preview["position"] > 1 else "")
    return "_".join([*(slugified(name) for name in names), suffix]) + f".{extension}"
