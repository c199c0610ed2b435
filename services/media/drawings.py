"""A preview's annotation drawn over a picture with Pillow: the Fabric.js objects Kitsu's player
stores (paths, pressure strokes, rectangles, ellipses, lines, polylines, polygons, texts and
groups of them), scaled from the canvas they were drawn on to the picture. A simple rendering:
positions, sizes, colours, stroke widths and fills; no rotation, shadows or eraser strokes.
Drawn at twice the size then scaled down, for smooth edges."""
import re

from PIL import Image, ImageColor, ImageDraw, ImageFont

SUPERSAMPLE = 2
FONT = "DejaVuSans.ttf"
CURVE_STEPS = 8  # points per Bézier segment
RGBA = re.compile(r"^\s*rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)\s*$", re.IGNORECASE)


def number(value, default=0.0):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def colour(value):
    """A CSS colour as RGBA, None when absent, transparent or unreadable."""
    if not isinstance(value, str) or value in ("", "transparent"):
        return None
    css = RGBA.match(value)
    if css:
        red, green, blue, alpha = css.groups()
        alpha = number(alpha, 1.0) if alpha is not None else 1.0
        return int(red), int(green), int(blue), round(255 * min(1.0, alpha) if alpha <= 1 else min(255, alpha))
    try:
        rgb = ImageColor.getrgb(value)
    except ValueError:
        return None
    return rgb if len(rgb) == 4 else (*rgb, 255)


class Canvas:
    """Where one object lands on the (supersampled) picture."""

    def __init__(self, draw, size, drawn):
        self.draw, self.size = draw, size
        self.scale_x = size[0] / (number(drawn.get("canvasWidth")) or size[0] / SUPERSAMPLE)
        self.scale_y = size[1] / (number(drawn.get("canvasHeight")) or size[1] / SUPERSAMPLE)

    def point(self, x, y):
        return x * self.scale_x, y * self.scale_y

    def width(self, drawn):
        return max(1, round(number(drawn.get("strokeWidth"), 1) * self.scale_x))


def placed(drawn):
    """(left, top, scale x, scale y) of an object."""
    return (number(drawn.get("left")), number(drawn.get("top")),
            number(drawn.get("scaleX"), 1) or 1, number(drawn.get("scaleY"), 1) or 1)


def path_points(drawn):
    """A path's (or pressure stroke's) commands as lists of canvas points, one per sub-path."""
    commands = drawn.get("path") or []
    left, top, scale_x, scale_y = placed(drawn)
    offset = drawn.get("pathOffset") if isinstance(drawn.get("pathOffset"), dict) else None
    if offset:  # the commands are around the path's centre
        centre_x = left + number(drawn.get("width")) * scale_x / 2
        centre_y = top + number(drawn.get("height")) * scale_y / 2

        def at(x, y):
            return (centre_x + (x - number(offset.get("x"))) * scale_x,
                    centre_y + (y - number(offset.get("y"))) * scale_y)
    else:
        def at(x, y):
            return x, y
    lines, current = [], []
    for command in commands:
        if not isinstance(command, list) or not command or not isinstance(command[0], str):
            continue
        letter, values = command[0].upper(), [number(value) for value in command[1:]]
        if letter == "M" and len(values) >= 2:
            if len(current) > 1:
                lines.append(current)
            current = [at(*values[:2])]
        elif letter == "L" and len(values) >= 2:
            current.append(at(*values[:2]))
        elif letter in ("Q", "C") and len(values) >= 4 and current:
            controls = [at(values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)]
            current += bezier(current[-1], controls)
        elif letter == "Z" and current:
            current.append(current[0])
    if len(current) > 1:
        lines.append(current)
    return lines


def bezier(start, controls):
    """Points along a quadratic or cubic Bézier segment from `start`."""
    points = [start, *controls]
    out = []
    for step in range(1, CURVE_STEPS + 1):
        t, level = step / CURVE_STEPS, points
        while len(level) > 1:
            level = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(level, level[1:])]
        out.append(level[0])
    return out


def draw_object(canvas, drawn):
    kind = str(drawn.get("type") or "").lower()
    stroke, fill = colour(drawn.get("stroke")), colour(drawn.get("fill"))
    line = stroke or fill or (0, 0, 0, 255)  # a line, a path: their stroke is what shows
    left, top, scale_x, scale_y = placed(drawn)
    if kind in ("path", "psstroke"):
        for points in path_points(drawn):
            canvas.draw.line([canvas.point(*point) for point in points], fill=line, width=canvas.width(drawn),
                             joint="curve")
    elif kind in ("rect", "circle", "ellipse"):
        if kind == "rect" or drawn.get("rx") is None and drawn.get("radius") is None:
            width, height = number(drawn.get("width")), number(drawn.get("height"))
        else:
            width = 2 * number(drawn.get("rx", drawn.get("radius")))
            height = 2 * number(drawn.get("ry", drawn.get("radius")))
        box = [canvas.point(left, top), canvas.point(left + width * scale_x, top + height * scale_y)]
        if box[1][0] <= box[0][0] or box[1][1] <= box[0][1]:
            return
        shape = canvas.draw.rectangle if kind == "rect" else canvas.draw.ellipse
        shape(box, fill=fill, outline=stroke, width=canvas.width(drawn) if stroke else 0)
    elif kind == "line":
        x1, y1, x2, y2 = (number(drawn.get(key)) for key in ("x1", "y1", "x2", "y2"))
        shift_x, shift_y = left - min(x1, x2) * scale_x, top - min(y1, y2) * scale_y  # drawn from its box
        ends = [canvas.point(shift_x + x * scale_x, shift_y + y * scale_y) for x, y in ((x1, y1), (x2, y2))]
        canvas.draw.line(ends, fill=line, width=canvas.width(drawn))
    elif kind in ("polyline", "polygon"):
        raw = [(number(p.get("x")), number(p.get("y"))) for p in drawn.get("points") or [] if isinstance(p, dict)]
        if len(raw) < 2:
            return
        low_x, low_y = min(x for x, _ in raw), min(y for _, y in raw)
        points = [canvas.point(left + (x - low_x) * scale_x, top + (y - low_y) * scale_y) for x, y in raw]
        if kind == "polygon":
            canvas.draw.polygon(points, fill=fill, outline=stroke, width=canvas.width(drawn) if stroke else 0)
        else:
            canvas.draw.line(points, fill=line, width=canvas.width(drawn), joint="curve")
    elif kind in ("text", "i-text", "textbox"):
        size = max(1, round(number(drawn.get("fontSize"), 40) * scale_y * canvas.scale_y))
        canvas.draw.text(canvas.point(left, top), str(drawn.get("text") or ""), font=font(size),
                         fill=fill or stroke or (0, 0, 0, 255))
    elif kind == "group":  # its objects are placed around its centre
        centre_x = left + number(drawn.get("width")) * scale_x / 2
        centre_y = top + number(drawn.get("height")) * scale_y / 2
        for child in drawn.get("objects") or []:
            if isinstance(child, dict):
                child_left, child_top, child_scale_x, child_scale_y = placed(child)
                draw_object(canvas, {**child, "left": centre_x + child_left * scale_x,
                                     "top": centre_y + child_top * scale_y,
                                     "scaleX": child_scale_x * scale_x, "scaleY": child_scale_y * scale_y})


def font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def annotated(image, annotation):
    """`image` (any mode) with the annotation's objects drawn on it, as RGB."""
    base = image.convert("RGBA")
    size = (base.width * SUPERSAMPLE, base.height * SUPERSAMPLE)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    objects = ((annotation or {}).get("drawing") or {}).get("objects") or []
    for drawn in objects:
        if isinstance(drawn, dict):
            draw_object(Canvas(draw, size, drawn), drawn)
    overlay = overlay.resize(base.size, Image.Resampling.LANCZOS)
    return Image.alpha_composite(base, overlay).convert("RGB")
