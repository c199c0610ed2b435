"""Path matching for the route table: a segment trie, so lookups cost O(path depth), not O(routes).

Routes are served both at "<path>" and "/api<path>", with or without a trailing slash.
Static segments win over segments with a parameter and literal text ("{id}.png",
"{id}.{extension}": tried in the table's order), which win over "{param}" segments; like
werkzeug, a path that matches some route but not with this method gives 405, and 404 only when
no route matches the path at all.
"""
import re


class Node:
    __slots__ = ("static", "patterns", "param", "methods")

    def __init__(self):
        self.static = {}    # segment -> Node
        self.patterns = {}  # segment template ("{id}.png") -> (compiled pattern, Node)
        self.param = None   # Node for a "{name}" segment
        self.methods = {}   # METHOD -> (route, param names)


def pattern(template):
    """A segment template with parameters and literal text, as a regex: "{id}.{extension}" ->
    id up to the last dot, extension after it."""
    pieces = re.split(r"(\{[^}]+\})", template)
    regex = "".join(r"(.+)" if piece.startswith("{") else re.escape(piece) for piece in pieces if piece)
    return re.compile(regex + "$"), [piece[1:-1] for piece in pieces if piece.startswith("{")]


def split(path):
    return [part for part in path.strip("/").split("/") if part]


def strip_prefix(path):
    """'/api/data/x/' -> '/data/x': the /api prefix is what gazu and Kitsu's nginx use."""
    if path == "/api" or path.startswith("/api/"):
        path = path[4:]
    return path


class Router:
    def __init__(self, routes=()):
        self.root = Node()
        self.routes = []
        for route in routes:
            self.add(route)

    def add(self, route):
        node, names = self.root, []
        for part in split(route.path):
            if part.startswith("{") and part.endswith("}") and part.count("{") == 1:
                names.append(part[1:-1])
                node.param = node.param or Node()
                node = node.param
            elif "{" in part:
                compiled, part_names = pattern(part)
                names.extend(part_names)
                node = node.patterns.setdefault(part, (compiled, Node()))[1]
            else:
                node = node.static.setdefault(part, Node())
        if route.method in node.methods:
            raise ValueError(f"duplicate route {route.method} {route.path}")
        node.methods[route.method] = (route, names)
        self.routes.append(route)

    def _walk(self, node, parts, i, values):
        """Yield (node, values) for every trie leaf matching parts[i:], static branches first."""
        if i == len(parts):
            if node.methods:
                yield node, values
            return
        child = node.static.get(parts[i])
        if child is not None:
            yield from self._walk(child, parts, i + 1, values)
        for compiled, child in node.patterns.values():
            matched = compiled.match(parts[i])
            if matched:
                yield from self._walk(child, parts, i + 1, values + list(matched.groups()))
        if node.param is not None:
            yield from self._walk(node.param, parts, i + 1, values + [parts[i]])

    def match(self, method, path):
        """(route, params) on success; (None, allowed methods) on 405; (None, None) on 404."""
        parts = split(strip_prefix(path))
        lookup = "GET" if method == "HEAD" else method
        allowed = set()
        for node, values in self._walk(self.root, parts, 0, []):
            entry = node.methods.get(lookup)
            if entry is not None:
                route, names = entry
                return route, dict(zip(names, values))
            allowed.update(node.methods)
        if allowed:
            return None, sorted(allowed)
        return None, None
