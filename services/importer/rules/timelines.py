"""Shots from an editorial timeline (OTIO, or an EDL read by OTIO's CMX 3600 adapter): each clip
named after the studio's naming convention gives a shot, its sequence (and episode) and its frame
range at the project's frame rate, counted from the timeline's first frame."""
import re

import opentimelineio as otio

from .shotgun import BadRecord

PROJECT_CONVENTION = "${project_name}_${sequence_name}-${shot_name}"
EPISODE_CONVENTION = "${project_name}_${episode_name}-${sequence_name}-${shot_name}"
PARTS = ("project_name", "episode_name", "sequence_name", "shot_name")


def name_pattern(convention, match_case=True):
    """A regex of a naming convention: ${part} placeholders become named groups."""
    pattern = re.escape(convention)
    for part in PARTS:
        pattern = pattern.replace(re.escape("${" + part + "}"), f"(?P<{part}>.+?)")
    return re.compile(f"^{pattern}$", 0 if match_case else re.IGNORECASE)


def timeline(content, file_name, fps):
    name = file_name.lower()
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        if name.endswith(".edl"):
            return otio.adapters.read_from_string(text, adapter_name="cmx_3600", rate=float(fps))
        return otio.adapters.read_from_string(text, adapter_name="otio_json")
    except Exception as error:  # OTIO raises many kinds of errors on a malformed file
        raise BadRecord(f"The timeline cannot be read: {error}") from None


def shots(content, file_name, fps, convention, project_name, match_case=True):
    """[{episode, sequence, name, nb_frames, frame_in, frame_out}] of the timeline's clips, in order."""
    pattern = name_pattern(convention, match_case)
    found, edit = [], timeline(content, file_name, fps)  # kept: clips only know their parent weakly
    for clip in edit.find_clips():
        match = pattern.match(re.sub(r"\.\w+$", "", clip.name or ""))
        if match is None or ("project_name" in match.groupdict()
                             and match["project_name"].lower() != project_name.lower()):
            continue
        place = clip.range_in_parent()
        start = place.start_time.rescaled_to(float(fps)).to_frames()
        duration = place.duration.rescaled_to(float(fps)).to_frames()
        parts = match.groupdict()
        found.append({"episode": parts.get("episode_name"), "sequence": parts["sequence_name"],
                      "name": parts["shot_name"], "nb_frames": duration,
                      "frame_in": start, "frame_out": start + duration - 1})
    if not found:
        raise BadRecord("No matched value while extracting shot informations.")
    return found
