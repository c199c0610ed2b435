"""Sizes of the processed pictures and movies (Zou's): pictures fitted inside a box, padded to it;
movies at the entity's, else the project's resolution and fps."""
PREVIEW_WIDTH = 1200
THUMBNAIL = (150, 100)
SQUARE_THUMBNAIL = (100, 100)
AVATAR = (400, 400)  # persons', projects' and the organisation's pictures
ATTACHMENT_THUMBNAIL = (150, 150)
BACKGROUND_THUMBNAIL = (300, 200)  # a preview background's (HDR) thumbnail
LOW_DEF_WIDTH = 1280
DEFAULT_HEIGHT = 1080
DEFAULT_FPS = 25.0


def fitted(size, box):
    """The size of a picture of `size` scaled (up or down) to fit inside `box`, ratio kept, and
    where it goes in the box (centred: the rest is transparent padding)."""
    (width, height), (box_width, box_height) = size, box
    scale = min(box_width / width, box_height / height)
    new = (max(1, round(width * scale)), max(1, round(height * scale)))
    return new, ((box_width - new[0]) // 2, (box_height - new[1]) // 2)


def preview_box(size):
    """The 1200-px wide preview's box: height by the picture's ratio."""
    width, height = size
    return PREVIEW_WIDTH, max(1, round(PREVIEW_WIDTH * height / width))


def even(value):
    return max(2, int(value) // 2 * 2)


def parse_resolution(text):
    """"1920x1080" -> (1920, 1080); None when absent or malformed."""
    try:
        width, height = (int(part) for part in str(text).lower().split("x"))
    except (TypeError, ValueError):
        return None
    return (even(width), even(height)) if width > 0 and height > 0 else None


def movie_size(size, entity_data=None, project_resolution=None):
    """The normalised movie's size: the entity's `data.resolution`, else the project's, else
    1080 high with the movie's ratio (even numbers, as H.264 wants)."""
    chosen = parse_resolution((entity_data or {}).get("resolution")) or parse_resolution(project_resolution)
    if chosen:
        return chosen
    width, height = size
    return even(DEFAULT_HEIGHT * width / height), DEFAULT_HEIGHT


def low_def_size(size):
    """The low-definition movie: 1280 wide, height by the high-definition's ratio."""
    width, height = size
    return LOW_DEF_WIDTH, even(LOW_DEF_WIDTH * height / width)


def movie_fps(entity_data=None, project_fps=None):
    """The entity's `data.fps`, else the project's, else 25."""
    for value in ((entity_data or {}).get("fps"), project_fps):
        try:
            if value and float(value) > 0:
                return float(value)
        except (TypeError, ValueError):
            continue
    return DEFAULT_FPS
