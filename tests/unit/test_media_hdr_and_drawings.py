"""Media's picture helpers without I/O: the Radiance HDR reader (run-length encoded and flat
scanlines, both orientations, malformed files refused) and the annotation drawing."""
import math

import pytest
from PIL import Image

from services.media import drawings, radiance


def rgbe(value):
    """One pixel's (r, g, b, e) bytes for a grey `value` (> 0)."""
    exponent = math.frexp(value)[1]
    mantissa = int(value / 2 ** exponent * 256)
    return bytes((mantissa, mantissa, mantissa, exponent + 128))


def hdr(rows, encoded=True, orientation=b"-Y"):
    """A Radiance file of `rows` (lists of grey values), its scanlines run-length encoded in
    literal runs of at most 128 bytes (or flat)."""
    width = len(rows[0])
    out = [b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n", orientation + b" %d +X %d\n" % (len(rows), width)]
    for row in rows:
        pixels = [rgbe(value) for value in row]
        if not encoded:
            out.append(b"".join(pixels))
            continue
        out.append(bytes((2, 2, width >> 8, width & 0xFF)))
        for channel in range(4):
            data = bytes(pixel[channel] for pixel in pixels)
            for start in range(0, width, 128):
                chunk = data[start:start + 128]
                out.append(bytes((len(chunk),)) + chunk)
    return b"".join(out)


def test_an_encoded_hdr_is_clamped_and_gamma_corrected():
    picture = radiance.decoded(hdr([[0.25] * 16, [4.0] * 16]))
    assert picture.size == (16, 2)
    assert abs(picture.getpixel((3, 0))[0] - round(255 * 0.25 ** (1 / 2.2))) <= 2
    assert picture.getpixel((3, 1)) == (255, 255, 255)  # above 1: clamped


def test_flat_and_bottom_up_scanlines_and_subsampling():
    flat = radiance.decoded(hdr([[0.5] * 4, [1.0] * 4], encoded=False, orientation=b"+Y"))
    assert flat.getpixel((0, 0))[0] == 255 and flat.getpixel((0, 1))[0] < 255  # stored bottom row first
    big = radiance.decoded(hdr([[0.5] * 200] * 20), max_side=50)
    assert big.size == (50, 5)


@pytest.mark.parametrize("data", [b"not an hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 1 +X 1\n\x00\x00\x00\x00",
                                  hdr([[0.5] * 16] * 4)[:-20], b"#?RADIANCE\n\n+X 2 -Y 2\n"])
def test_malformed_hdrs_are_refused(data):
    with pytest.raises(ValueError):
        radiance.decoded(data)


def test_annotation_objects_are_drawn_at_the_pictures_scale():
    picture = Image.new("RGB", (400, 200), (0, 0, 0))
    annotation = {"time": 0, "drawing": {"objects": [
        {"type": "rect", "left": 10, "top": 10, "width": 20, "height": 20, "fill": "rgba(255,0,0,1)",
         "canvasWidth": 200, "canvasHeight": 100},
        {"type": "path", "stroke": "#00ff00", "strokeWidth": 4, "canvasWidth": 200, "canvasHeight": 100,
         "path": [["M", 100, 10], ["L", 100, 90]]},
        {"type": "unknown"}, "not an object", {"type": "path", "path": "garbage"}]}}
    drawn = drawings.annotated(picture, annotation)
    assert drawn.size == (400, 200) and drawn.mode == "RGB"
    assert drawn.getpixel((40, 40)) == (255, 0, 0)  # the rect, twice its canvas size
    assert drawn.getpixel((200, 100))[1] > 200  # the stroke, down the middle
    assert drawn.getpixel((300, 150)) == (0, 0, 0)


def test_css_colours():
    assert drawings.colour("rgba(10, 20, 30, 0.5)") == (10, 20, 30, 128)
    assert drawings.colour("#ff0000") == (255, 0, 0, 255)
    assert drawings.colour("transparent") is None and drawings.colour("nonsense") is None
