"""Compare two walks of the web app (tests/web/walk.mjs): the reference's and ours.

    python tests/web/compare_walks.py reference.json ours.json > routes.md

Per page, every route the app called: the status each server answered and whether the answers
have the same shape (types, keys; a list's first item). Routes are named as the app calls them."""
import json
import re
import sys

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def by_names(shape):
    """An object's keys, those that are ids ({id: …} maps, as stats answer) folded into one "{id}"
    key with the first one's shape: ids differ between servers, the shape of their values does not."""
    named = {key: value for key, value in shape.items() if not UUID.match(key)}
    ids = [value for key, value in shape.items() if UUID.match(key)]
    return {**named, "{id}": ids[0]} if ids else named


def differences(ref, ours, path=""):
    """Where two shapes differ (as 'path: reference vs ours'), at most a few."""
    if type(ref) is not type(ours):
        if ref == [] or ours == []:
            return []  # an empty list has no item shape to compare
        return [f"{path or '.'}: {short(ref)} vs {short(ours)}"]
    if isinstance(ref, dict):
        ref, ours = by_names(ref), by_names(ours)
        found = []
        missing, extra = sorted(set(ref) - set(ours)), sorted(set(ours) - set(ref))
        if missing:
            found.append(f"{path or '.'} misses {', '.join(missing[:8])}{'…' if len(missing) > 8 else ''}")
        if extra:
            found.append(f"{path or '.'} adds {', '.join(extra[:8])}{'…' if len(extra) > 8 else ''}")
        for key in sorted(set(ref) & set(ours)):
            found += differences(ref[key], ours[key], f"{path}.{key}")
        return found
    if isinstance(ref, list):
        return differences(ref[0], ours[0], path + "[]") if ref and ours else []
    if ref != ours and "null" not in (ref, ours):
        return [f"{path or '.'}: {ref} vs {ours}"]
    return []


def short(shape):
    return "list" if isinstance(shape, list) else "object" if isinstance(shape, dict) else shape


def by_page(walk):
    pages = {}
    for call in walk["calls"]:
        key = (call["method"], call["route"] + (f"?{call['query']}" if call["query"] else ""))
        pages.setdefault(call["page"], {}).setdefault(key, call)
    return pages


def main(reference_file, ours_file):
    reference, ours = json.load(open(reference_file)), json.load(open(ours_file))
    ref_pages, our_pages = by_page(reference), by_page(ours)
    lines, totals = [], {"same": 0, "differs": 0}
    for name, path in [("login", "/login")] + [tuple(page) for page in reference["pages"]]:
        lines.append(f"\n### {name} (`{path}`)\n")
        ref_calls, our_calls = ref_pages.get(name, {}), our_pages.get(name, {})
        for key in sorted(set(ref_calls) | set(our_calls), key=lambda k: (k[1], k[0])):
            ref, our = ref_calls.get(key), our_calls.get(key)
            if ref is None:
                verdict = f"only ours calls it ({our['status']})"
            elif our is None:
                verdict = f"not called on ours (reference {ref['status']})"
            elif ref["status"] != our["status"]:
                verdict = f"DIFFERS: status {ref['status']} vs {our['status']}"
            else:
                found = differences(ref.get("shape"), our.get("shape"))
                verdict = "same" if not found else "DIFFERS: " + "; ".join(found[:4])
            totals["same" if verdict == "same" else "differs"] += 1
            lines.append(f"- `{key[0]} {key[1]}`: {verdict}")
    print(f"{totals['same']} same, {totals['differs']} different or missing (page by page)")
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:3])
