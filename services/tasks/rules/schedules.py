"""The team schedule's busy periods."""


def merged(intervals):
    """Overlapping (start, end) pairs merged: busy periods tell neither how many tasks nor how
    the work is split."""
    out = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out
