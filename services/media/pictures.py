"""Pictures with Pillow: a preview's four variants (Zou's), in sRGB, as PNG in the store:
pictures/original (full size), pictures/previews (1200 px wide), pictures/thumbnails (150x100)
and pictures/thumbnails-square (100x100), each fitted inside its box with transparent padding;
avatars and attachment thumbnails are one such picture in pictures/thumbnails.
Called in an OS thread (eventlet.tpool): Pillow works without holding the GIL for long, and the
service's green threads go on meanwhile."""
import io
import shutil

from PIL import Image, ImageCms

from shared import config
from shared.storage import STORE

from . import radiance
from .rules import geometry

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
Image.MAX_IMAGE_PIXELS = None  # checked by `opened` against config.MAX_IMAGE_PIXELS, before decoding
# Pillow reduces by a whole factor (a box filter) first, then resamples what stays past this ratio:
# far cheaper from a full-size picture to a thumbnail, and no visible difference (Pillow's docs)
REDUCING_GAP = 3.0
# PNG chunks that change how the pixels are rendered: an upload with one is re-encoded in sRGB
COLOUR_CHUNKS = ("icc_profile", "gamma", "chromaticity", "transparency")
BOXES = {"pictures/previews": geometry.preview_box, "pictures/thumbnails": lambda size: geometry.THUMBNAIL,
         "pictures/thumbnails-square": lambda size: geometry.SQUARE_THUMBNAIL}


class UnreadablePicture(Exception):
    """Not a picture Pillow reads, or past the pixel-count guard."""


def opened(path):
    """The picture, its size checked before its pixels are decoded."""
    try:
        image = Image.open(path)
    except (OSError, SyntaxError, ValueError) as error:
        raise UnreadablePicture(str(error)) from None
    width, height = image.size
    if width * height > config.MAX_IMAGE_PIXELS:
        image.close()
        raise UnreadablePicture(f"{width}x{height} is more than {config.MAX_IMAGE_PIXELS} pixels")
    return image


def in_srgb(image):
    """RGB or RGBA in sRGB, through the picture's embedded ICC profile when it has one."""
    mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            working = image if image.mode in ("RGB", "CMYK", "L") else image.convert(mode)
            converted = ImageCms.profileToProfile(working, source, SRGB, outputMode=mode)
            if converted is not None:
                return converted
        except ImageCms.PyCMSError:
            pass  # a broken profile: the pixels as they are
    return image.convert(mode)


def stored_as_is(image):
    """Whether the original variant is the uploaded file itself: a one-frame 8-bit RGB or RGBA
    PNG with nothing that changes its colours, whose pixels are already what in_srgb would give
    (re-encoding it would cost more than all the other variants together). Asked before load()."""
    return (image.format == "PNG" and image.mode in ("RGB", "RGBA") and len(image.tile) == 1
            and image.tile[0].args == image.mode  # the raw mode: 8 bits a channel, not 16
            and not getattr(image, "is_animated", False)
            and not any(chunk in image.info for chunk in COLOUR_CHUNKS))


def padded(image, box):
    """The picture fitted inside `box`, centred on a transparent canvas of that size (resized in
    its own mode: an RGB picture made RGBA first would be resized with a needless alpha)."""
    size, offset = geometry.fitted(image.size, box)
    canvas = Image.new("RGBA", box, (0, 0, 0, 0))
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    canvas.paste(resized.convert("RGBA"), offset)
    return canvas


def save_png(image, key, file_id):
    with STORE.writing(key, file_id) as path:
        image.save(path, "PNG", compress_level=1)  # zlib's fastest: a few % bigger, several times faster
    return path.stat().st_size


def store_variants(image, path, file_id):
    """Write the four variants of `image` (any mode, read from `path`) under `file_id`; {width,
    height, file_size} of the original."""
    as_is = stored_as_is(image)
    image.load()
    original = in_srgb(image)
    if as_is:
        with STORE.writing("pictures/original", file_id) as target:
            shutil.copyfile(path, target)
        file_size = target.stat().st_size
    else:
        file_size = save_png(original, "pictures/original", file_id)
    for key, box in BOXES.items():
        save_png(padded(original, box(original.size)), key, file_id)
    return {"width": original.width, "height": original.height, "file_size": file_size}


def process_picture(path, file_id):
    """The variants of the picture at `path` (raises UnreadablePicture)."""
    with opened(path) as image:
        try:
            return store_variants(image, path, file_id)
        except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt pixel data
            raise UnreadablePicture(str(error)) from None


def store_fitted(path, box, key, file_id):
    """The picture at `path` in sRGB, fitted inside `box` (padded), as a PNG under `key` (an
    avatar, an attachment's thumbnail); raises UnreadablePicture."""
    with opened(path) as image:
        try:
            image.load()
            return save_png(padded(in_srgb(image), box), key, file_id)
        except (OSError, SyntaxError, ValueError) as error:
            raise UnreadablePicture(str(error)) from None


def store_hdr_thumbnail(path, box, key, file_id):
    """The thumbnail of the Radiance HDR picture at `path` (a preview background), fitted inside
    `box`; raises UnreadablePicture."""
    try:
        image = radiance.decoded(path.read_bytes())
    except (OSError, ValueError) as error:
        raise UnreadablePicture(str(error)) from None
    return save_png(padded(image, box), key, file_id)
