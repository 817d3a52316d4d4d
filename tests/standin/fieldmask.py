"""Field masks: ``fields`` of update requests (``userEnteredFormat.textFormat.bold``,
``userEnteredFormat(backgroundColor,textFormat)``, ``gridProperties/rowCount``,
``*``) and the ``fields`` query parameter for partial responses."""

from __future__ import annotations

import copy
from typing import Any

Tree = dict[str, "Tree | None"]  # None = the whole field


class MaskError(ValueError):
    pass


def parse(text: str) -> Tree:
    tree: Tree = {}
    pos = _parse_list(text.replace(" ", ""), 0, tree)
    if pos != len(text.replace(" ", "")):
        raise MaskError(text)
    return tree


def _merge(tree: Tree, path: list[str], sub: Tree | None) -> None:
    node = tree
    for i, name in enumerate(path):
        last = i == len(path) - 1
        if last:
            if sub is None or node.get(name, {}) is None:
                node[name] = None
            else:
                existing = node.setdefault(name, {})
                for k, v in sub.items():
                    _merge(existing, [k], v)
        else:
            child = node.get(name, {})
            if child is None:
                return  # a parent already selects everything
            node[name] = child
            node = child


def _parse_list(text: str, pos: int, tree: Tree) -> int:
    while pos < len(text):
        path: list[str] = []
        name = ""
        while pos < len(text) and text[pos] not in ",()":
            if text[pos] in "./":
                path.append(name)
                name = ""
            else:
                name += text[pos]
            pos += 1
        path.append(name)
        if any(p == "" for p in path):
            raise MaskError(text)
        sub: Tree | None = None
        if pos < len(text) and text[pos] == "(":
            sub = {}
            pos = _parse_list(text, pos + 1, sub)
            if pos >= len(text) or text[pos] != ")":
                raise MaskError(text)
            pos += 1
        _merge(tree, path, sub)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        break
    return pos


def leaf_paths(tree: Tree, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, sub in tree.items():
        if sub is None:
            out.append((*prefix, name))
        else:
            out.extend(leaf_paths(sub, (*prefix, name)))
    return out


def selects(tree: Tree | None, path: tuple[str, ...]) -> bool:
    """Whether the mask selects anything at or below ``path``."""
    node: Tree | None = tree
    for name in path:
        if node is None:
            return True
        if "*" in node and node["*"] is None:
            return True
        if name not in node:
            return False
        node = node[name]
    return True


def filter_response(obj: Any, tree: Tree | None) -> Any:
    """Partial response: keep only the masked fields (lists apply per item)."""
    if tree is None:
        return obj
    if isinstance(obj, list):
        return [filter_response(item, tree) for item in obj]
    if not isinstance(obj, dict):
        return obj
    if "*" in tree and tree["*"] is None:
        return obj
    out = {}
    for key, value in obj.items():
        if key in tree:
            out[key] = filter_response(value, tree[key])
    return out


def _get(obj: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for name in path:
        if not isinstance(obj, dict) or name not in obj:
            return False, None
        obj = obj[name]
    return True, obj


def apply_update(target: dict, source: dict, tree: Tree, star_fields: tuple[str, ...]) -> dict:
    """Return a new ``target`` where every masked path is copied from
    ``source`` (or cleared when ``source`` lacks it). ``*`` expands to
    ``star_fields``."""
    result = copy.deepcopy(target)
    paths = []
    for path in leaf_paths(tree):
        if path == ("*",):
            paths.extend((f,) for f in star_fields)
        else:
            paths.append(path)
    for path in paths:
        present, value = _get(source, path)
        node = result
        for name in path[:-1]:
            child = node.get(name)
            if not isinstance(child, dict):
                if not present:
                    node = None
                    break
                child = {}
                node[name] = child
            node = child
        if node is None:
            continue
        if present and value is not None:
            node[path[-1]] = copy.deepcopy(value)
        else:
            node.pop(path[-1], None)
    _prune_empty(result)
    return result


def _prune_empty(obj: dict) -> None:
    for key in list(obj):
        value = obj[key]
        if isinstance(value, dict):
            _prune_empty(value)
            if not value:
                del obj[key]
