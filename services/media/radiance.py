"""Radiance HDR pictures (.hdr: RGBE pixels, scanlines run-length encoded), which Pillow does not
read: decoded into a small 8-bit RGB picture for a preview background's thumbnail, tone-mapped as
Zou does (values clamped to 0..1, then gamma 2.2). Every scanline is walked (the encoding leaves
no other way to find the next one) but only every n-th row and column is converted, so that a big
panorama costs little. Malformed data raises ValueError."""
import math

from PIL import Image

MAX_SIDE = 450  # pixels converted along the longer side (the thumbnail is 300x200)
GAMMA = 1 / 2.2


def header(data):
    """(width, height, stored bottom to top, where the pixels start)."""
    if not data.startswith((b"#?RADIANCE", b"#?RGBE")):
        raise ValueError("not a Radiance picture")
    end = data.find(b"\n\n")
    if end < 0:
        raise ValueError("no end of header")
    for line in data[:end].split(b"\n"):
        if line.startswith(b"FORMAT=") and line.strip() != b"FORMAT=32-bit_rle_rgbe":
            raise ValueError(f"unsupported {line.decode(errors='replace')}")
    size_end = data.find(b"\n", end + 2)
    size = data[end + 2:size_end].split()
    # rows then columns: "-Y H +X W" top to bottom, "+Y H +X W" bottom to top (others are rare)
    if size_end < 0 or len(size) != 4 or size[0] not in (b"-Y", b"+Y") or size[2] != b"+X":
        raise ValueError("unsupported orientation")
    height, width = int(size[1]), int(size[3])
    if width <= 0 or height <= 0:
        raise ValueError("empty picture")
    return width, height, size[0] == b"+Y", size_end + 1


def scanline(data, offset, width):
    """(the scanline's R, G, B and exponent bytes, where the next one starts)."""
    encoded = 8 <= width < 32768 and data[offset:offset + 2] == b"\x02\x02" and not data[offset + 2] & 0x80
    if not encoded:  # flat RGBE quadruplets
        flat = data[offset:offset + 4 * width]
        if len(flat) < 4 * width:
            raise ValueError("truncated scanline")
        return [flat[channel::4] for channel in range(4)], offset + 4 * width
    if (data[offset + 2] << 8 | data[offset + 3]) != width:
        raise ValueError("scanline of another width")
    offset += 4
    channels = []
    for _ in range(4):  # each channel run-length encoded on its own
        pieces, count = [], 0
        while count < width:
            code = data[offset]
            if code > 128:  # a run of one byte
                pieces.append(data[offset + 1:offset + 2] * (code - 128))
                count, offset = count + code - 128, offset + 2
            elif code:  # literal bytes
                pieces.append(data[offset + 1:offset + 1 + code])
                count, offset = count + code, offset + 1 + code
            else:
                raise ValueError("empty run")
        channel = b"".join(pieces)
        if len(channel) != width:
            raise ValueError("bad run lengths")
        channels.append(channel)
    return channels, offset


def tone_mapped(mantissa, exponent):
    """One channel of one pixel, 0..255."""
    if not exponent:
        return 0
    value = math.ldexp(mantissa + 0.5, exponent - 136)  # (m + 0.5) / 256 * 2^(e - 128)
    return round(255 * min(1.0, value) ** GAMMA)


def decoded(data, max_side=MAX_SIDE):
    """A Pillow RGB picture of the HDR bytes, at most `max_side` along its longer side."""
    width, height, bottom_up, offset = header(data)
    step = max(1, math.ceil(max(width, height) / max_side))
    columns = range(0, width, step)
    rows = []
    try:
        for y in range(height):
            channels, offset = scanline(data, offset, width)
            if y % step == 0:
                red, green, blue, exponent = channels
                rows.append(bytes(tone_mapped(channel[x], exponent[x])
                                  for x in columns for channel in (red, green, blue)))
    except IndexError:
        raise ValueError("truncated picture") from None
    if bottom_up:
        rows.reverse()
    return Image.frombytes("RGB", (len(columns), len(rows)), b"".join(rows))
