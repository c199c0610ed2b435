"""Movies with ffmpeg (ffmpeg-python builds the command lines): probe, normalise to H.264 in high
and low definition in one pass (de-anamorphosed, fitted and padded to the target size, at the
target fps, with a silent AAC track when the movie has none), first frame as a picture; one frame,
or a tile of them all, on demand.
ffmpeg runs as a child process with a time limit; under eventlet the wait is green."""
import math
import subprocess

import ffmpeg

from .rules import geometry

HIGH_DEF_BITRATE, LOW_DEF_BITRATE = "28M", "6M"
PRESET = "veryfast"
TILE_COLUMNS, TILE_ROWS, TILE_HEIGHT = 8, 480, 100


class BrokenMovie(Exception):
    """ffmpeg could not read or encode the movie, or took longer than allowed."""


def run(arguments, timeout):
    try:
        completed = subprocess.run(arguments, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BrokenMovie(f"ffmpeg took more than {timeout} s") from None
    if completed.returncode != 0:
        raise BrokenMovie(completed.stderr.decode(errors="replace")[-2000:])
    return completed.stdout


def quiet(stream):
    """Overwrite the outputs; errors only on stderr (what a broken movie is reported with)."""
    return stream.overwrite_output().global_args("-hide_banner", "-loglevel", "error")


def probe(path, timeout=60):
    """{width, height (display size, SAR applied), fps, duration, has_audio}."""
    try:
        info = ffmpeg.probe(str(path), timeout=timeout, v="error")
    except (ffmpeg.Error, subprocess.TimeoutExpired) as error:
        raise BrokenMovie(str(getattr(error, "stderr", error))[-2000:]) from None
    video = next((stream for stream in info["streams"] if stream["codec_type"] == "video"), None)
    if video is None:
        raise BrokenMovie("no video stream")
    sar_num, _, sar_den = str(video.get("sample_aspect_ratio") or "1:1").partition(":")
    sar = int(sar_num) / int(sar_den) if sar_num.isdigit() and sar_den.isdigit() and int(sar_den) and int(sar_num) else 1
    rate_num, _, rate_den = str(video.get("avg_frame_rate") or video.get("r_frame_rate") or "25/1").partition("/")
    fps = float(rate_num) / float(rate_den or 1) if float(rate_den or 1) else geometry.DEFAULT_FPS
    duration = float(video.get("duration") or info["format"].get("duration") or 0)
    return {"width": geometry.even(int(video["width"]) * sar), "height": int(video["height"]),
            "fps": fps, "duration": duration,
            "has_audio": any(stream["codec_type"] == "audio" for stream in info["streams"])}


def fitted_video(stream, size):
    width, height = size
    return (stream.filter("scale", "trunc(iw*sar/2)*2", "ih")
            .filter("scale", width, height, force_original_aspect_ratio="decrease")
            .filter("pad", width, height, "(ow-iw)/2", "(oh-ih)/2").filter("setsar", 1))


def normalise(source, high_def, low_def, size, fps, facts, timeout):
    """Write the high-definition (`size`) and low-definition (1280 wide) H.264 movies."""
    movie = ffmpeg.input(str(source))
    audio = (movie.audio if facts["has_audio"]
             else ffmpeg.input("anullsrc=channel_layout=stereo:sample_rate=48000", f="lavfi").audio)
    split = movie.video.filter_multi_output("split")
    common = dict(format="mp4", vcodec="libx264", pix_fmt="yuv420p", r=fps, preset=PRESET, acodec="aac",
                  movflags="+faststart", t=facts["duration"], **{"x264-params": "keyint=2:scenecut=0"})
    outputs = ffmpeg.merge_outputs(
        ffmpeg.output(fitted_video(split[0], size), audio, str(high_def), video_bitrate=HIGH_DEF_BITRATE, **common),
        ffmpeg.output(fitted_video(split[1], geometry.low_def_size(size)), audio, str(low_def),
                      video_bitrate=LOW_DEF_BITRATE, **common))
    run(quiet(outputs).compile(), timeout)


def first_frame(movie, picture, timeout):
    """The movie's first frame as a PNG."""
    run(quiet(ffmpeg.input(str(movie), ss=0).output(str(picture), vframes=1, update=1)).compile(), timeout)


def concatenate(movies, output, size, fps, timeout):
    """Join `movies` [(path, facts from probe)] into one H.264 movie of `size` at `fps`: each
    fitted and padded to the size, with its sound or a silence as long as it."""
    segments = []
    for path, facts in movies:
        movie = ffmpeg.input(str(path))
        audio = (movie.audio if facts["has_audio"] else
                 ffmpeg.input("anullsrc=channel_layout=stereo:sample_rate=48000", f="lavfi", t=facts["duration"]).audio)
        segments += [fitted_video(movie.video, size).filter("fps", fps).filter("format", "yuv420p"),
                     audio.filter("aformat", sample_rates=48000, channel_layouts="stereo")]
    joined = ffmpeg.concat(*segments, v=1, a=1).node
    stream = ffmpeg.output(joined[0], joined[1], str(output), format="mp4", vcodec="libx264", pix_fmt="yuv420p",
                           r=fps, preset=PRESET, acodec="aac", movflags="+faststart")
    run(quiet(stream).compile(), timeout)


PNG = dict(format="image2", vcodec="png", vframes=1, update=1)  # whatever the file's name


def frame_at(movie, picture, seconds, timeout):
    """The movie's frame at `seconds` as a PNG; False when the movie ends before."""
    run(quiet(ffmpeg.input(str(movie), ss=max(0.0, seconds)).output(str(picture), **PNG)).compile(), timeout)
    return picture.is_file() and picture.stat().st_size > 0


def tile(movie, picture, facts, timeout):
    """The movie's frames 100 px high, 8 a row (at most TILE_ROWS rows: frames are skipped
    beyond), as one PNG, what a player shows while scrubbing (Zou's tile)."""
    frames = max(1, int(facts["duration"] * facts["fps"]))
    rows = min(math.ceil(frames / TILE_COLUMNS), TILE_ROWS)
    every = math.ceil(frames / (rows * TILE_COLUMNS))
    width = math.ceil(TILE_HEIGHT * facts["width"] / facts["height"])
    video = ffmpeg.input(str(movie)).video
    if every > 1:
        video = video.filter("select", f"not(mod(n,{every}))").filter("setpts", "N/FRAME_RATE/TB")
    video = video.filter("scale", width, TILE_HEIGHT).filter("tile", f"{TILE_COLUMNS}x{rows}")
    run(quiet(video.output(str(picture), **PNG)).compile(), timeout)
