"""Pictures made on demand from a preview (GET /actions/preview-files/{id}/extract-…): one frame of
its movie (ffmpeg), the tile of all its frames (kept in pictures/tiles, which /movies/tiles/…
serves from then on), and its annotations drawn over the frames they were drawn on (or over the
picture): one as a PNG, all of them as a zip or a PDF. What is made for one request goes to
files/extracts: the gateway sends it once and removes it. Frames are numbered from 1, at the
preview's frame rate; an annotation is on the frame its time falls in."""
import contextlib
import os
import pathlib
import tempfile
import uuid
import zipfile

from eventlet import tpool
from PIL import Image

from shared import permissions
from shared.application import UseCases, answers
from shared.crud.store import integer
from shared.errors import ApiError, NotFound, ValidationError, WrongParameter
from shared.storage import STORE

from .. import movies
from ..drawings import annotated
from ..models.preview_files import PREVIEW_FILES
from ..replicas import ACCESS, ENTITIES
from ..rules import geometry
from ..rules.formats import PICTURES
from ..rules.names import download_name
from .preview_downloads import PreviewDownloads

EXTRACTS, TILES, PICTURE = "files/extracts", "pictures/tiles", "pictures/previews"
MOVIE_STORES = ("movies/previews", "movies/lowdef", "movies/source")
TIME_LIMIT = 120  # seconds an ffmpeg call may take while the caller waits
NO_BINARY = "Preview file binary is not available."
PDF_RESOLUTION = 150.0
AT_LEAST_ONE = "Input should be greater than or equal to 1"


class FrameExtracts(UseCases):
    def preview(self, actor, preview_file_id, manager=True):
        """The preview and its task: the project's managers (the tile: who may read the task)."""
        row = self.crud.row(PREVIEW_FILES, preview_file_id)
        task = self.platform.tasks_rows.task(row["task_id"])
        if manager:
            permissions.check_manager_project_access(actor, ACCESS.project(self.session, task["project_id"]))
        else:
            ACCESS.check_task_access(self.session, actor, task)
        return row, task

    def movie(self, row):
        """The stored movie: high definition, else low, else as uploaded."""
        if row["extension"] != "mp4":
            raise NotFound()
        for store in MOVIE_STORES:
            if path := STORE.readable(store, row["id"]):
                return path
        raise ApiError({"error": True, "message": NO_BINARY}, 404)

    def fps(self, row, task):
        """The movie's rate (as normalised), else the entity's, the project's or 25 (Zou's)."""
        rate = (row["data"] or {}).get("fps") if isinstance(row["data"], dict) else None
        if rate:
            return geometry.movie_fps({"fps": rate})
        entity = self.session.execute(ENTITIES.select().where(ENTITIES.c.id == task["entity_id"])).mappings().first()
        project = ACCESS.project(self.session, task["project_id"])
        return geometry.movie_fps(entity["data"] if entity else None, project.get("fps"))

    @contextlib.contextmanager
    def made(self, mimetype, name):
        """A new file in files/extracts (stored when the block ends without an error), and the
        gateway's answer to send it once."""
        file_id = str(uuid.uuid4())
        with STORE.writing(EXTRACTS, file_id) as path:
            yield path, {"id": file_id, "mimetype": mimetype, "name": name,
                         "inline": mimetype == "image/png", "temporary": True}

    def frame(self, movie, fps, frame_number, target):
        """Write the movie's frame `frame_number` at `target`; False past its end."""
        self.session.rollback()  # no connection held while ffmpeg works
        try:
            return movies.frame_at(movie, target, (frame_number - 1) / fps, TIME_LIMIT)
        except movies.BrokenMovie:
            raise ApiError({"error": True, "message": NO_BINARY}, 404) from None

    @answers("extract_frame")
    def extract_frame(self, actor, preview_file_id, query):
        """?frame_number=n: that frame of the movie as a PNG."""
        frame_number = integer(query, "frame_number", 0)
        row, task = self.preview(actor, preview_file_id)
        movie, fps = self.movie(row), self.fps(row, task)
        with self.made("image/png", f"{row['id']}_{frame_number}.png") as (path, answer):
            if not self.frame(movie, fps, frame_number, path):
                path.unlink(missing_ok=True)
                raise NotFound()
        return answer

    @answers("extract_tile")
    def extract_tile(self, actor, preview_file_id):
        """The tile of the movie, made again and kept."""
        row, _ = self.preview(actor, preview_file_id, manager=False)
        movie = self.movie(row)
        self.session.rollback()
        try:
            with STORE.writing(TILES, row["id"]) as target:
                movies.tile(movie, target, movies.probe(movie), TIME_LIMIT)
        except movies.BrokenMovie:
            raise ApiError({"error": True, "message": NO_BINARY}, 404) from None
        return {"id": row["id"], "stores": [TILES], "mimetype": "image/png", "inline": True}

    # -- annotations drawn over their frames ---------------------------------------------------
    def annotations(self, row):
        if row["extension"] != "mp4" and row["extension"] not in PICTURES:
            raise WrongParameter(f"Cannot extract annotated frames from preview with extension '{row['extension']}'")
        return [frame for frame in row["annotations"] or [] if isinstance(frame, dict)]

    def picture(self, row):
        """The preview's picture (its 1200-px wide variant), which annotations are drawn over."""
        path = STORE.readable(PICTURE, row["id"])
        if path is None:
            raise ApiError({"error": True, "message": NO_BINARY}, 404)
        return path

    def drawn_frames(self, row, task, annotations, folder):
        """[(frame number, annotated PNG in `folder`)] for each annotation (a movie's
        annotations whose frame is past its end are left out)."""
        drawn = []
        if row["extension"] != "mp4":
            for index, annotation in enumerate(annotations, start=1):
                target = folder / f"{index}.png"
                tpool.execute(draw_over, self.picture(row), annotation, target)
                drawn.append((index, target))
            return drawn
        movie, fps = self.movie(row), self.fps(row, task)
        for annotation in annotations:
            time = annotation_time(annotation)
            if time is None:
                continue
            frame_number = max(1, round(time * fps) + 1)
            frame = folder / f"frame-{frame_number}.png"
            if self.frame(movie, fps, frame_number, frame):
                target = folder / f"{frame_number}.png"
                tpool.execute(draw_over, frame, annotation, target)
                drawn.append((frame_number, target))
        return drawn

    @answers("extract_annotated_frame")
    def extract_annotated_frame(self, actor, preview_file_id, query):
        """?frame_number=n (movies): that frame with its annotation drawn on it; a picture with
        its first annotation."""
        frame_number = query.get("frame_number")
        if frame_number is not None:
            try:
                frame_number = int(frame_number)
            except (TypeError, ValueError):
                frame_number = 0
            if frame_number < 1:
                raise ValidationError([{"field": "frame_number", "message": AT_LEAST_ONE}])
        row, task = self.preview(actor, preview_file_id)
        annotations = self.annotations(row)
        if row["extension"] == "mp4":
            if frame_number is None:
                raise WrongParameter("frame_number is required for movie previews")
            fps = self.fps(row, task)
            at = (frame_number - 1) / fps
            annotation = next((frame for frame in annotations if annotation_time(frame) is not None
                               and abs(annotation_time(frame) - at) <= 1 / (2 * fps)), None)
            if annotation is None:
                raise WrongParameter(f"No annotation found for frame {frame_number}")
        elif annotations:
            annotation = annotations[0]
        else:
            raise WrongParameter("No annotation found on picture preview")
        with self.made("image/png", f"{row['id']}_{frame_number or 1}.png") as (path, answer):
            if row["extension"] == "mp4":
                if not self.frame(self.movie(row), fps, frame_number, path):
                    path.unlink(missing_ok=True)
                    raise NotFound()
                tpool.execute(draw_over, path, annotation, path)
            else:
                tpool.execute(draw_over, self.picture(row), annotation, path)
        return answer

    def bundle(self, actor, preview_file_id, extension, mimetype, write):
        """Every annotation drawn over its frame, bundled by `write(frames, path)`."""
        row, task = self.preview(actor, preview_file_id)
        annotations = self.annotations(row)
        if not annotations:
            raise WrongParameter("Preview file has no annotations")
        names = self.platform.part(PreviewDownloads).names(task)
        base = os.path.splitext(download_name(names, row, extension))[0]
        with tempfile.TemporaryDirectory() as folder:
            frames = self.drawn_frames(row, task, annotations, pathlib.Path(folder))
            if not frames:
                raise WrongParameter("No annotated frame could be extracted from this preview")
            with self.made(mimetype, f"{base}_annotated_frames.{extension}") as (path, answer):
                tpool.execute(write, [(f"{base}_frame_{number}.png", frame) for number, frame in frames], path)
        return {**answer, "inline": False}

    @answers("extract_annotated_frames")
    def extract_annotated_frames(self, actor, preview_file_id):
        """A zip of every annotated frame."""
        return self.bundle(actor, preview_file_id, "zip", "application/zip", write_zip)

    @answers("extract_annotated_frames_pdf")
    def extract_annotated_frames_pdf(self, actor, preview_file_id):
        """A PDF of every annotated frame, one a page."""
        return self.bundle(actor, preview_file_id, "pdf", "application/pdf", write_pdf)


def annotation_time(annotation):
    try:
        return max(0.0, float(annotation.get("time")))
    except (TypeError, ValueError):
        return None


def draw_over(source, annotation, target):
    """The picture at `source` with the annotation drawn on it, as a PNG at `target`."""
    with Image.open(source) as image:
        drawn = annotated(image, annotation)
    drawn.save(target, "PNG", compress_level=1)


def write_zip(frames, path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames:
            archive.write(frame, arcname=name)


def write_pdf(frames, path):
    """One page per frame (PDF has no transparency: RGB), at 150 dpi as Zou."""
    pages = [Image.open(frame).convert("RGB") for _, frame in frames]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=PDF_RESOLUTION)
