"""Playlist rules (Zou's): the names of a playlist's downloads."""
from .names import slugified


def download_context(project, playlist, episode_name=None):
    """The project's name, and for a TV show the playlist's episode (or what it covers)."""
    name = slugified(project["name"])
    if project.get("production_type") != "tvshow":
        return name
    if playlist.get("episode_id"):
        covered = episode_name or ""
    elif playlist.get("is_for_all"):
        covered = "all assets" if playlist.get("for_entity") == "asset" else "all shots"
    else:
        covered = "main pack"
    return f"{name}_{slugified(covered)}"


def movie_download_name(created_at, context, playlist_name):
    """<job date as YYYYMMDD_HHMMSS>_<context>_<playlist>.mp4."""
    date = slugified(created_at, separator="").replace("t", "_")
    return f"{date}_{context}_{slugified(playlist_name)}.mp4"
