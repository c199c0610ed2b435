"""Media the tests make: pictures of one colour (Pillow), movies from ffmpeg's test sources, and
the wait for an uploaded preview to be processed."""
import json
import subprocess
import time

import gazu
from PIL import Image


def picture(path, size=(1920, 1080), color=(200, 30, 30), **save):
    """A picture of one colour, saved with Pillow's `save` options (format, icc_profile…)."""
    Image.new("RGB", size, color).save(path, **save)
    return str(path)


def movie(path, seconds=2, size="1280x720", rate=30, audio=False, pattern="testsrc"):
    """A movie of ffmpeg's `pattern` source (testsrc, testsrc2…), with a sine tone when `audio`."""
    inputs = ["-f", "lavfi", "-i", f"{pattern}=size={size}:rate={rate}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", "sine=frequency=440"]
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *inputs, "-t", str(seconds), "-pix_fmt", "yuv420p",
                    str(path)], check=True)
    return str(path)


def probe(content, tmp_path):
    """What ffprobe says of a movie's bytes: {codec, size, fps, duration, audio}."""
    path = tmp_path / "probed.mp4"
    path.write_bytes(content)
    info = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                                      "-show_format", str(path)], capture_output=True, check=True).stdout)
    video = next(stream for stream in info["streams"] if stream["codec_type"] == "video")
    numerator, denominator = video["avg_frame_rate"].split("/")
    return {"codec": video["codec_name"], "size": (video["width"], video["height"]),
            "fps": float(numerator) / float(denominator), "duration": float(info["format"]["duration"]),
            "audio": any(stream["codec_type"] == "audio" for stream in info["streams"])}


def processed(preview_id, timeout=120, api=None):
    """The preview (read with gazu, or with `api`, a tests' Api) once it is no longer `processing`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        preview = api.get(f"/data/preview-files/{preview_id}")[1] if api else gazu.files.get_preview_file(preview_id)
        if preview["status"] != "processing":
            return preview
        time.sleep(0.3)
    raise AssertionError(f"preview {preview_id} still processing after {timeout} s")
