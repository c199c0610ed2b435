"""What an uploaded preview is, by its extension (Zou's lists): a picture, a movie, another file
stored as is, or a wrong format."""
import os

PICTURES = frozenset({"jpg", "jpeg", "jpe", "png"})
MOVIES = frozenset({"avi", "m4v", "mkv", "mov", "mp4", "webm", "wmv"})
FILES = frozenset({"abc", "ai", "blend", "clip", "exr", "fbx", "gif", "glb", "gltf", "hdr", "kra", "ma",
                   "mb", "mp3", "obj", "ogg", "pdf", "procreate", "psd", "rar", "sbsar", "spp", "svg",
                   "tga", "tif", "tiff", "usd", "usda", "usdc", "usdz", "wav", "webp", "zip", "7z"})
WRONG_FORMAT = "Wrong file format"


def kind_of(extension):
    """"picture", "movie", "file", or None (Zou: 400 "Wrong file format")."""
    extension = (extension or "").lower()
    if extension in PICTURES:
        return "picture"
    if extension in MOVIES:
        return "movie"
    if extension in FILES:
        return "file"
    return None


def original_name(file_name):
    """The uploaded file's name as Zou keeps it: without folders and extension."""
    return os.path.splitext(os.path.basename(file_name or ""))[0]
