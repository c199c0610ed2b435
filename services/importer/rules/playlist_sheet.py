"""The CSV sheet of a playlist, as Zou lays it out: a title line, an empty line, then a line per
entry with its entity, the task its preview belongs to and that task's last comment; dates in the
caller's timezone. Pure: rows in, lines out."""
import datetime
import zoneinfo

from shared.errors import NotFound
from shared.names import slugified

COLUMNS = ["Entity name", "Nb Frames", "Task Type", "Retake count", "Revision", "Task Status",
           "Last comment author", "Last comment date", "Last comment"]
WIDTH = 7  # the title line's and the empty line's cells
FALLBACK_TIMEZONE = "Europe/Paris"  # Zou's default, for a timezone it would not know either


def local_time(moment, timezone):
    """A UTC ISO time as Zou shows it in `timezone`: YYYY-MM-DDTHH:MM:SS."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(FALLBACK_TIMEZONE)
    utc = datetime.datetime.fromisoformat(moment).replace(tzinfo=datetime.timezone.utc)
    return utc.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def file_name(project_name, playlist):
    return "kitsu_%s.csv" % slugified(f"{project_name} playlist {playlist['name']}")


def text(value):
    return "" if value is None else value


def playlist_sheet(playlist, entries, production, tasks, timezone):
    """The lines of `playlist` ({name, for_entity, created_at}) for its `entries` ([{entity_id, task_id,
    revision}]), from production's {project_name, episode_name, entities} and tasks' {task id: cells};
    NotFound when an entry's entity or task is unknown or the task is not the entity's (as Zou)."""
    title = production["project_name"] + (f" - {production['episode_name']}" if production["episode_name"] else "")
    kind = "shots" if playlist["for_entity"] == "shot" else "assets"
    lines = [["Playlist", f"{title} | for {kind}", playlist["name"], local_time(playlist["created_at"], timezone),
              *[""] * (WIDTH - 4)], [""] * WIDTH, COLUMNS]
    for entry in entries:
        entity, task = production["entities"].get(entry["entity_id"]), tasks.get(entry["task_id"])
        if entity is None or task is None or task["entity_id"] != entry["entity_id"]:
            raise NotFound()
        comment = task["last_comment"] or {"author": "", "date": None, "text": ""}
        lines.append([entity["full_name"], text(entity["nb_frames"]), task["task_type_name"], task["retake_count"],
                      entry["revision"], task["task_status_name"], comment["author"],
                      local_time(comment["date"], timezone) if comment["date"] else "", comment["text"]])
    return lines
