"""Terraform: parse with python-hcl2's grammar, evaluate each module's expressions to plain values.

python-hcl2's dict output drops line numbers, so this module walks the Lark tree it builds
(which keeps them) and evaluates expressions itself: literals, strings with interpolation,
objects, tuples, heredocs, ``var.x`` defaults and tfvars, ``local.x``, ``jsonencode`` and a few
pure functions, and ``data.aws_iam_policy_document.x.json``. References to resources stay
``Ref`` values, so the resolver can turn them into edges; what cannot be known before deploy
becomes ``Unknown``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scanner.located import LocatedDict, LocatedList, LocatedStr, Mark
from scanner.model import Location, Ref, Resource, Unknown
from scanner.origin import mark_origin

NAMED_BLOCKS = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1}
PSEUDO_ROOTS = {"each", "count", "path", "self", "terraform", "module"}
MAX_INSTANCES = 50  # for_each instances expanded per resource; more stay one unknown instance


class TerraformSyntaxError(ValueError):
    """A file python-hcl2 cannot parse; the message names the line, never the text there."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Attr:
    """An attribute: its unevaluated expression (Lark tree) or, from .tf.json, its value."""

    node: Any
    line: int
    end_line: int
    value: Any = None
    literal: bool = False


@dataclass
class Block:
    """One HCL block with its attributes and nested blocks, in source order."""

    type: str
    labels: list[str]
    file: str
    start_line: int
    end_line: int
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


# --------------------------------------------------------------------------- parsing


def parse(text: str, file: str) -> list[Block]:
    """Parse one .tf file into blocks."""
    import hcl2
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

    try:
        tree = hcl2.parses_to_tree(text)
    except UnexpectedCharacters as err:
        raise TerraformSyntaxError("unexpected character", err.line) from None
    except UnexpectedInput as err:
        line = getattr(err, "line", 0) or 0
        if line <= 0:
            line = text.count("\n") + 1
        raise TerraformSyntaxError("unexpected token (check braces, quotes and heredocs)", line) from None
    except LarkError:
        raise TerraformSyntaxError("could not be parsed as HCL", 1) from None
    except RecursionError:
        raise TerraformSyntaxError("nesting too deep", 1) from None
    return [_block(b, file) for b in _children(tree.children[0], "block")]


def parse_json(text: str, file: str) -> list[Block]:
    """Parse one .tf.json file: values are literal, ``${...}`` kept as text."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise TerraformSyntaxError(f"invalid JSON: {err.msg}", err.lineno) from None
    blocks: list[Block] = []
    if not isinstance(doc, dict):
        return blocks
    for btype, body in doc.items():
        depth = NAMED_BLOCKS.get(btype, 0)
        for labels, attrs in _json_labelled(body, depth):
            blocks.append(_json_block(btype, labels, attrs, file))
    return blocks


def _json_labelled(body: Any, depth: int, labels: tuple[str, ...] = ()) -> Iterable[tuple[list[str], Any]]:
    items = body if isinstance(body, list) else [body]
    for item in items:
        if depth == 0 or not isinstance(item, dict):
            yield list(labels), item
            continue
        for key, sub in item.items():
            yield from _json_labelled(sub, depth - 1, (*labels, key))


def _json_block(btype: str, labels: list[str], attrs: Any, file: str) -> Block:
    block = Block(btype, labels, file, 1, 1)
    if isinstance(attrs, dict):
        for name, value in attrs.items():
            block.attrs[name] = Attr(None, 1, 1, value=value, literal=True)
    return block


def _children(tree: Any, name: str) -> list[Any]:
    return [c for c in tree.children if getattr(c, "data", None) == name]


def _label(node: Any) -> str:
    if getattr(node, "data", None) == "string":
        return "".join(str(p.children[0]) for p in node.children if getattr(p, "data", None) == "string_part")
    return str(_first_token(node))


def _first_token(node: Any) -> Any:
    while hasattr(node, "children"):
        node = node.children[0]
    return node


def _block(tree: Any, file: str) -> Block:
    parts = [c for c in tree.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
    body = parts[-1]
    names = [_label(p) for p in parts[:-1]]
    block = Block(names[0], names[1:], file, tree.meta.line, tree.meta.end_line)
    for child in body.children:
        kind = getattr(child, "data", None)
        if kind == "attribute":
            key = _label(child.children[0])
            expr = child.children[-1]
            block.attrs[key] = Attr(expr, child.meta.line, child.meta.end_line)
        elif kind == "block":
            block.blocks.append(_block(child, file))
    return block


# --------------------------------------------------------------------------- evaluation


class Module:
    """The blocks of one Terraform module (one directory), evaluated on demand."""

    def __init__(self, name: str, blocks: list[Block], tfvars: dict[str, Any] | None = None):
        self.name = name
        self.blocks = blocks
        self.variables: dict[str, Block] = {}
        self.locals: dict[str, Attr] = {}
        self.locals_file: dict[str, str] = {}
        self.resources: dict[str, Block] = {}
        self.tfvars = tfvars or {}
        for b in blocks:
            if b.type == "variable" and b.labels:
                self.variables[b.labels[0]] = b
            elif b.type == "locals":
                for k, a in b.attrs.items():
                    self.locals[k] = a
                    self.locals_file[k] = b.file
            elif b.type in ("resource", "data") and len(b.labels) >= 2:
                prefix = "data." if b.type == "data" else ""
                self.resources[f"{prefix}{b.labels[0]}.{b.labels[1]}"] = b
        self.children: dict[str, Module] = {}  # module calls instantiated from this module
        self.outputs: dict[str, Block] = {b.labels[0]: b for b in blocks if b.type == "output" and b.labels}
        self._local_values: dict[str, Any] = {}
        self._in_progress: set[str] = set()
        self._policy_docs: dict[str, Any] = {}

    def to_resources(self) -> list[Resource]:
        """Every resource, data source, provider, variable and output as a Resource."""
        out: list[Resource] = []
        for name, attr in self.locals.items():
            refs: set[Ref] = set()
            value = self.local_value(name, refs)
            attrs = LocatedDict({"value": value}, start=Mark(attr.line - 1, 0), end=Mark(attr.end_line - 1, 1))
            attrs.key_lines["value"] = attr.line
            out.append(
                Resource(
                    format="terraform",
                    type="local",
                    name=name,
                    address=f"local.{name}",
                    module=self.name,
                    location=Location(self.locals_file[name], attr.line, attr.end_line),
                    attributes=attrs,
                    refs=refs,
                )
            )
        for b in self.blocks:
            if b.type not in ("resource", "data", "provider", "variable", "output", "module"):
                continue
            if self.absent(b):
                continue
            instances = self.instances(b) if b.type == "resource" else None
            if instances:
                out.extend(self._resource(b, each) for each in instances)
                continue
            out.append(self._resource(b, None))
        return [r for r in out if r is not None]

    def instances(self, block: Block) -> list[tuple[Any, Any]] | None:
        """``for_each`` over a collection known before deploy: one (each.key, each.value) per element."""
        if "for_each" not in block.attrs:
            return None
        value = Evaluator(self, block.file).attr(block.attrs["for_each"])
        if isinstance(value, dict) and 0 < len(value) <= MAX_INSTANCES:
            return [(str(k), v) for k, v in value.items()]
        if isinstance(value, list) and 0 < len(value) <= MAX_INSTANCES and all(isinstance(v, str) for v in value):
            return [(v, v) for v in value]
        return None

    def _resource(self, b: Block, each: tuple[Any, Any] | None) -> Resource | None:
        ev = Evaluator(self, b.file, each)
        attrs = ev.body(b)
        if b.type == "resource" and len(b.labels) >= 2:
            rtype, name, address = b.labels[0], b.labels[1], f"{b.labels[0]}.{b.labels[1]}"
        elif b.type == "data" and len(b.labels) >= 2:
            rtype, name, address = f"data.{b.labels[0]}", b.labels[1], f"data.{b.labels[0]}.{b.labels[1]}"
        elif b.type == "variable" and b.labels:
            rtype, name, address = b.type, b.labels[0], f"var.{b.labels[0]}"
        elif b.labels:
            rtype, name, address = b.type, b.labels[0], f"{b.type}.{b.labels[0]}"
        else:
            return None
        if each is not None:
            address = f'{address}["{each[0]}"]'
        if b.type == "variable" and b.labels[0] in self.tfvars:
            attrs["tfvars_value"] = self.tfvars[b.labels[0]]
        return Resource(
            format="terraform",
            type=rtype,
            name=name,
            address=address,
            module=self.name,
            location=Location(b.file, b.start_line, b.end_line),
            attributes=attrs,
            refs=ev.refs,
        )

    def absent(self, block: Block) -> bool:
        """A resource whose ``count`` is 0 or ``for_each`` is empty, known before deploy."""
        for key in ("count", "for_each"):
            if key in block.attrs:
                value = Evaluator(self, block.file).attr(block.attrs[key])
                if value == 0 or value is False or (isinstance(value, (list, dict)) and not value):
                    return True
        return False

    def output_value(self, name: str) -> Any:
        """An output's value as its caller sees it: references qualified with this module."""
        block = self.outputs.get(name)
        key = f"output.{name}"
        if block is None or "value" not in block.attrs or key in self._in_progress:
            return Unknown()
        self._in_progress.add(key)
        try:
            return _qualify(Evaluator(self, block.file).attr(block.attrs["value"]), self.name)
        finally:
            self._in_progress.discard(key)

    def variable_value(self, name: str) -> Any:
        """The tfvars value or default of ``var.name``, its strings marked with where they came from."""
        if name in self.tfvars:
            return mark_origin(self.tfvars[name], f"var.{name}")
        block = self.variables.get(name)
        if block is None or "default" not in block.attrs:
            return Ref(f"var.{name}")
        return mark_origin(Evaluator(self, block.file).attr(block.attrs["default"]), f"var.{name}")

    def local_value(self, name: str, refs: set[Ref]) -> Any:
        if name in self._local_values:
            value, local_refs = self._local_values[name]
            refs.update(local_refs)
            return value
        if name not in self.locals or name in self._in_progress:
            return Unknown()
        self._in_progress.add(name)
        ev = Evaluator(self, self.locals_file[name])
        value = ev.attr(self.locals[name])
        self._in_progress.discard(name)
        value = mark_origin(value, f"local.{name}")
        self._local_values[name] = (value, ev.refs)
        refs.update(ev.refs)
        return value

    def policy_document(self, name: str, refs: set[Ref]) -> Any:
        """The JSON document a ``data "aws_iam_policy_document"`` block renders, as data."""
        key = f"data.aws_iam_policy_document.{name}"
        block = self.resources.get(key)
        if block is None or key in self._in_progress:
            return Unknown()
        if key not in self._policy_docs:
            self._in_progress.add(key)
            ev = Evaluator(self, block.file)
            self._policy_docs[key] = (policy_from_document(ev.body(block), block.file), ev.refs)
            self._in_progress.discard(key)
        doc, doc_refs = self._policy_docs[key]
        refs.update(doc_refs)
        return doc


class Evaluator:
    """Evaluates expressions of one block; collects every reference it meets in ``refs``."""

    def __init__(self, module: Module, file: str, each: tuple[Any, Any] | None = None):
        self.module = module
        self.file = file
        self.each = each  # (each.key, each.value) of a for_each instance
        self.scope: dict[str, Any] = {}  # names bound by an enclosing for expression
        self.refs: set[Ref] = set()

    def body(self, block: Block) -> LocatedDict:
        out = LocatedDict(start=Mark(block.start_line - 1, 0), end=Mark(block.end_line - 1, 1))
        for key, attr in block.attrs.items():
            out[key] = self.attr(attr)
            out.key_lines[key] = attr.line
        for nested in block.blocks:
            if nested.type == "dynamic" and nested.labels:
                content = next((b for b in nested.blocks if b.type == "content"), None)
                if content is None:
                    continue
                name, value = nested.labels[0], self.body(content)
                for key in ("for_each", "iterator"):
                    if key in nested.attrs:
                        self.attr(nested.attrs[key])
            else:
                name, value = nested.type, self.body(nested)
                if nested.labels:
                    value["__labels__"] = list(nested.labels)
            bucket = out.setdefault(name, LocatedList(start=Mark(nested.start_line - 1, 0)))
            if isinstance(bucket, list):
                bucket.append(value)
            out.key_lines.setdefault(name, nested.start_line)
        return out

    def attr(self, attr: Attr) -> Any:
        if attr.literal:
            return attr.value
        try:
            return self.expr(attr.node)
        except RecursionError:
            return Unknown()

    # Expressions ---------------------------------------------------------------

    def expr(self, node: Any) -> Any:
        kind = getattr(node, "data", None)
        handler = self._HANDLERS.get(kind) if kind else None
        if handler is not None:
            return handler(self, node)
        if kind is None:
            return str(node)
        return self._unknown(node)

    def _unknown(self, node: Any) -> Unknown:
        """Unknown, but remembering what it refers to: a key passed through a function still flows."""
        outer, self.refs = self.refs, set()
        for child in getattr(node, "children", []):
            if hasattr(child, "data"):
                self.expr(child)
        inner, self.refs = self.refs, outer
        outer.update(inner)
        return Unknown(tuple(sorted(inner, key=str)))

    def _expr_term(self, node: Any) -> Any:
        inner = [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        return self.expr(inner[0]) if inner else Unknown()

    def _int(self, node: Any) -> int:
        return int(str(node.children[0]))

    def _float(self, node: Any) -> float:
        return float(str(node.children[0]))

    def _literal(self, node: Any) -> Any:
        return {"true": True, "false": False, "null": None}.get(str(node.children[0]))

    def _string(self, node: Any) -> Any:
        parts: list[Any] = []
        for part in node.children:
            if getattr(part, "data", None) != "string_part":
                continue
            inner = part.children[0]
            if hasattr(inner, "data"):
                if inner.data == "interpolation":
                    parts.append(self.expr(inner.children[1]))
                else:
                    self._unknown(inner)
                    parts.append(Unknown())
            elif inner.type == "ESCAPED_INTERPOLATION":
                parts.append(str(inner)[1:])
            elif inner.type == "ESCAPED_DIRECTIVE":
                parts.append(str(inner)[1:])
            else:
                parts.append(unescape(str(inner)))
        if len(parts) == 1 and not isinstance(parts[0], str):
            return parts[0]  # "${x}" is x itself
        text = "".join(_as_text(p) for p in parts)
        origin = next((p.origin for p in parts if hasattr(p, "origin")), None)
        if origin:
            return mark_origin(text, origin)
        return LocatedStr(text, Mark(node.meta.line - 1, node.meta.column - 1), Mark(node.meta.end_line - 1, 0))

    def _heredoc(self, node: Any) -> str:
        """The body of a heredoc, located at its first line (so a line inside it can be pointed at)."""
        raw = str(node.children[0])
        lines = raw.split("\n")
        body = lines[1:-2] if len(lines) >= 3 else []
        if node.data == "heredoc_template_trim":
            indent = min((len(x) - len(x.lstrip()) for x in body if x.strip()), default=0)
            body = [x[indent:] for x in body]
        text = "\n".join(line.rstrip("\r") for line in body)
        text = _HEREDOC_REF.sub(lambda m: _as_text(self.traverse(m.group(1).split("."))), text)
        located = LocatedStr(text, Mark(node.meta.line, 0))  # 0-based: the line after the opener
        located.text_starts_at = True
        return located

    def _tuple(self, node: Any) -> LocatedList:
        out = LocatedList(start=Mark(node.meta.line - 1, node.meta.column - 1), end=Mark(node.meta.end_line - 1, 1))
        for child in node.children:
            if hasattr(child, "data") and child.data != "new_line_or_comment":
                out.append(self.expr(child))
        return out

    def _object(self, node: Any) -> LocatedDict:
        out = LocatedDict(start=Mark(node.meta.line - 1, node.meta.column - 1), end=Mark(node.meta.end_line - 1, 1))
        out.file = self.file
        for elem in node.children:
            if getattr(elem, "data", None) != "object_elem":
                continue
            key_node, value_node = elem.children[0], elem.children[-1]
            key = self._object_key(key_node)
            out[key] = self.expr(value_node)
            out.key_lines[key] = elem.meta.line
        return out

    def _object_key(self, node: Any) -> str:
        term = node.children[0]
        inner = term.children[0] if getattr(term, "data", None) == "expr_term" else term
        if getattr(inner, "data", None) == "identifier":
            return str(inner.children[0])
        if getattr(inner, "data", None) == "keyword":
            return str(inner.children[0])
        return _as_text(self.expr(term))

    def _traversal(self, node: Any) -> Any:
        steps: list[Any] = []
        cur = node
        while getattr(cur, "data", None) in (
            "get_attr_expr_term",
            "index_expr_term",
            "attr_splat_expr_term",
            "full_splat_expr_term",
        ):
            op = cur.children[1]
            if op.data == "get_attr":
                steps.append(_label(op.children[1]))
            elif op.data in ("braces_index", "short_index"):
                idx = [c for c in op.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
                steps.append(self.expr(idx[0]) if idx else int(str(op.children[-1])))
            else:  # splats: keep the attribute names after them
                steps.append("*")
                for sub in op.children[1:]:
                    if getattr(sub, "data", None) == "get_attr":
                        steps.append(_label(sub.children[1]))
            cur = cur.children[0]
            if getattr(cur, "data", None) == "expr_term" and len(cur.children) == 1:
                cur = cur.children[0]
        steps.reverse()
        if getattr(cur, "data", None) == "identifier":
            return self.traverse([str(cur.children[0]), *steps])
        base = self.expr(cur)
        return _walk(base, steps)

    def _identifier(self, node: Any) -> Any:
        return self.traverse([str(node.children[0])])

    def traverse(self, steps: list[Any]) -> Any:
        """Resolve ``root.a.b[0]`` against variables, locals, data and resources."""
        root = steps[0]
        rest = steps[1:]
        m = self.module
        if root in self.scope:
            return _walk(self.scope[root], rest)
        if root == "var" and rest and isinstance(rest[0], str):
            self.refs.add(Ref(f"var.{rest[0]}"))
            return _walk(m.variable_value(rest[0]), rest[1:])
        if root == "local" and rest and isinstance(rest[0], str):
            self.refs.add(Ref(f"local.{rest[0]}"))
            return _walk(m.local_value(rest[0], self.refs), rest[1:])
        if root == "module" and rest and isinstance(rest[0], str):
            child = m.children.get(rest[0])
            if child is not None and len(rest) >= 2 and isinstance(rest[1], str):
                value = child.output_value(rest[1])
                self.refs.update(_refs_in(value))
                return _walk(value, rest[2:])
            ref = Ref(f"module.{rest[0]}", _attr_name(rest[1:]))
            self.refs.add(ref)
            return ref
        if root == "data" and len(rest) >= 2 and all(isinstance(s, str) for s in rest[:2]):
            dtype, dname, after = rest[0], rest[1], _skip_index(rest[2:])
            if dtype == "aws_iam_policy_document" and after[:1] in (["json"], ["minified_json"]):
                self.refs.add(Ref(f"data.{dtype}.{dname}", after[0]))
                return m.policy_document(dname, self.refs)
            ref = Ref(f"data.{dtype}.{dname}", _attr_name(after))
            self.refs.add(ref)
            return ref
        if root == "each" and self.each is not None and rest[:1] in (["key"], ["value"]):
            return _walk(self.each[0] if rest[0] == "key" else self.each[1], rest[1:])
        if root in PSEUDO_ROOTS:
            return Unknown()
        if rest and isinstance(rest[0], str) and f"{root}.{rest[0]}" in m.resources:
            ref = Ref(f"{root}.{rest[0]}", _attr_name(_skip_index(rest[1:])))
            self.refs.add(ref)
            return ref
        if rest and isinstance(rest[0], str) and "_" in root:
            ref = Ref(f"{root}.{rest[0]}", _attr_name(_skip_index(rest[1:])))
            self.refs.add(ref)
            return ref
        return Unknown()

    def _function(self, node: Any) -> Any:
        names = [str(c.children[0]) for c in node.children if getattr(c, "data", None) == "identifier"]
        args_node = next((c for c in node.children if getattr(c, "data", None) == "arguments"), None)
        args = []
        if args_node is not None:
            args = [self.expr(c) for c in args_node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        fn = FUNCTIONS.get(names[-1]) if len(names) == 1 else None
        try:
            result = fn(*args) if fn is not None else Unknown()
        except Exception:  # a function of unknown arguments has an unknown result
            result = Unknown()
        if isinstance(result, Unknown) and not result.refs:
            result = Unknown(tuple(sorted(_refs_in(args), key=str)))
        return result

    def _for(self, node: Any) -> Any:
        """``[for x in xs : f(x) if c]`` and ``{for k, v in m : k => v}`` over a known collection."""
        parts = [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        intro, body = parts[0], parts[1:]
        cond = body.pop() if body and body[-1].data == "for_cond" else None
        names = [str(c.children[0]) for c in intro.children if getattr(c, "data", None) == "identifier"]
        source_node = [
            c for c in intro.children if hasattr(c, "data") and c.data not in ("identifier", "new_line_or_comment")
        ]
        collection = self.expr(source_node[0]) if source_node else Unknown()
        if isinstance(collection, dict):
            pairs = list(collection.items())
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            return self._unknown(node)
        if len(pairs) > MAX_INSTANCES * 20:
            return Unknown()
        is_object = node.data == "for_object_expr"
        result: Any = {} if is_object else []
        saved = dict(self.scope)
        try:
            for key, value in pairs:
                if len(names) == 2:
                    self.scope[names[0]], self.scope[names[1]] = key, value
                elif names:
                    self.scope[names[0]] = value
                if cond is not None:
                    keep = self.expr([c for c in cond.children if hasattr(c, "data")][0])
                    if keep is not True:
                        if keep is False:
                            continue
                        return Unknown()
                if is_object:
                    k, v = self.expr(body[0]), self.expr(body[1])
                    if not isinstance(k, str):
                        return Unknown()
                    result[k] = v
                else:
                    result.append(self.expr(body[0]))
        finally:
            self.scope = saved
        return result

    def _conditional(self, node: Any) -> Any:
        """``c ? a : b``: the branch when ``c`` is known (a count of 0 removes a resource)."""
        parts = [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        if len(parts) != 3:
            return self._unknown(node)
        condition = self.expr(parts[0])
        if isinstance(condition, bool):
            chosen, other = (parts[1], parts[2]) if condition else (parts[2], parts[1])
            outer, self.refs = self.refs, set()
            self.expr(other)  # for its references only
            self.refs = outer | self.refs
            return self.expr(chosen)
        return self._unknown(node)

    def _binary(self, node: Any) -> Any:
        parts = [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        if len(parts) != 2:
            return self._unknown(node)
        term = [c for c in parts[1].children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        if len(term) != 2:
            return self._unknown(node)
        left, op, right = self.expr(parts[0]), str(term[0].children[0]), self.expr(term[1])
        known = all(isinstance(v, (bool, int, float, str)) or v is None for v in (left, right))
        if not known:
            return Unknown(tuple(sorted(_refs_in([left, right]), key=str)))
        try:
            return _OPERATORS[op](left, right)
        except (KeyError, TypeError, ZeroDivisionError):
            return Unknown()

    def _unary(self, node: Any) -> Any:
        op = str(node.children[0])
        value = self.expr(node.children[1])
        if op == "!" and isinstance(value, bool):
            return not value
        if op == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        return Unknown(tuple(sorted(_refs_in(value), key=str)))

    _HANDLERS: dict[str, Callable[[Evaluator, Any], Any]] = {}


Evaluator._HANDLERS = {
    "expr_term": Evaluator._expr_term,
    "int_lit": Evaluator._int,
    "float_lit": Evaluator._float,
    "literal_value": Evaluator._literal,
    "string": Evaluator._string,
    "heredoc_template": Evaluator._heredoc,
    "heredoc_template_trim": Evaluator._heredoc,
    "tuple": Evaluator._tuple,
    "object": Evaluator._object,
    "identifier": Evaluator._identifier,
    "get_attr_expr_term": Evaluator._traversal,
    "index_expr_term": Evaluator._traversal,
    "attr_splat_expr_term": Evaluator._traversal,
    "full_splat_expr_term": Evaluator._traversal,
    "function_call": Evaluator._function,
    "conditional": Evaluator._conditional,
    "for_tuple_expr": Evaluator._for,
    "for_object_expr": Evaluator._for,
    "binary_op": Evaluator._binary,
    "unary_op": Evaluator._unary,
}

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "&&": lambda a, b: a and b if isinstance(a, bool) and isinstance(b, bool) else Unknown(),
    "||": lambda a, b: a or b if isinstance(a, bool) and isinstance(b, bool) else Unknown(),
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "+": lambda a, b: a + b if not isinstance(a, str) and not isinstance(b, str) else Unknown(),
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b if not isinstance(a, str) and not isinstance(b, str) else Unknown(),
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
}

_HEREDOC_REF = re.compile(r"\$\{\s*((?:var|local|data|aws|google|azurerm|azuread|kubernetes)[\w-]*(?:\.[\w-]+)+)\s*\}")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    """HCL string escapes: \\n \\t \\r \\" \\\\ \\uNNNN \\UNNNNNNNN."""
    if "\\" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        s = m.group(1)
        if s[0] in "uU":
            try:
                return chr(int(s[1:], 16))
            except ValueError:
                return m.group(0)
        return _ESCAPES.get(s, s)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", repl, text)


def _qualify(value: Any, module: str) -> Any:
    """References that leave their module carry it with them."""
    if isinstance(value, Ref):
        return value if value.module else Ref(value.target, value.attr, module)
    if isinstance(value, Unknown):
        return Unknown(tuple(_qualify(r, module) for r in value.refs))
    if isinstance(value, dict):
        return {k: _qualify(v, module) for k, v in value.items()}
    if isinstance(value, list):
        return [_qualify(v, module) for v in value]
    return value


def _refs_in(value: Any) -> set[Ref]:
    """References inside an evaluated value (for results that cannot be known)."""
    if isinstance(value, Ref):
        return {value}
    if isinstance(value, Unknown):
        return set(value.refs)
    if isinstance(value, dict):
        return set().union(*(_refs_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_refs_in(v) for v in value)) if value else set()
    return set()


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return "" if value is None else str(value)


def _attr_name(steps: list[Any]) -> str:
    return ".".join(s for s in _skip_index(steps) if isinstance(s, str) and s != "*")


def _skip_index(steps: list[Any]) -> list[Any]:
    return [s for s in steps if isinstance(s, str) and s != "*"]


def _walk(value: Any, steps: list[Any]) -> Any:
    for step in steps:
        if isinstance(value, (Ref, Unknown)):
            if isinstance(value, Ref) and isinstance(step, str) and step != "*":
                value = Ref(value.target, f"{value.attr}.{step}" if value.attr else step)
            continue
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return Unknown()
    return value


# --------------------------------------------------------------------------- functions


def _jsondecode(text: Any) -> Any:
    if not isinstance(text, str):
        return Unknown()
    return json.loads(text)


def _concat(*lists: Any) -> list[Any]:
    out: list[Any] = []
    for item in lists:
        if not isinstance(item, list):
            return Unknown()  # type: ignore[return-value]
        out.extend(item)
    return out


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in maps:
        if not isinstance(item, dict):
            return Unknown()  # type: ignore[return-value]
        out.update(item)
    return out


def _flatten(value: Any) -> list[Any]:
    out: list[Any] = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _text(fn: Callable[[str], str]) -> Callable[[Any], Any]:
    return lambda v: fn(v) if isinstance(v, str) else Unknown()


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": lambda v: v,  # the document itself: rules read policies as data
    "jsondecode": _jsondecode,
    "tolist": lambda v: list(v) if isinstance(v, list) else Unknown(),
    "toset": lambda v: list(v) if isinstance(v, list) else Unknown(),
    "tomap": lambda v: v if isinstance(v, dict) else Unknown(),
    "tostring": lambda v: v if isinstance(v, str) else Unknown(),
    "concat": _concat,
    "merge": _merge,
    "flatten": _flatten,
    "compact": lambda v: [x for x in v if x not in ("", None)],
    "distinct": lambda v: list(dict.fromkeys(v)),
    "lower": _text(str.lower),
    "upper": _text(str.upper),
    "trimspace": _text(str.strip),
    "sensitive": lambda v: v,
    "nonsensitive": lambda v: v,
    "coalesce": lambda *v: next((x for x in v if x not in (None, "")), Unknown()),
}


# --------------------------------------------------------------------------- policy documents


def policy_from_document(body: dict[str, Any], file: str) -> dict[str, Any]:
    """Render a ``data "aws_iam_policy_document"`` body as the IAM JSON it produces."""
    statements: list[Any] = []
    by_sid: dict[str, int] = {}

    def add(stmt: Any) -> None:
        sid = stmt.get("Sid") if isinstance(stmt, dict) else None
        if isinstance(sid, str) and sid in by_sid:
            statements[by_sid[sid]] = stmt
            return
        if isinstance(sid, str) and sid:
            by_sid[sid] = len(statements)
        statements.append(stmt)

    for key in ("source_policy_documents", "source_json"):
        for doc in _as_list(body.get(key)):
            for stmt in _statements_of(doc):
                add(stmt)
    for block in _as_list(body.get("statement")):
        if isinstance(block, dict):
            add(_statement_from_block(block, file))
    for key in ("override_policy_documents", "override_json"):
        for doc in _as_list(body.get(key)):
            for stmt in _statements_of(doc):
                add(stmt)
    if body.get("source_policy_documents") is not None and isinstance(body.get("source_policy_documents"), Unknown):
        statements.append(Unknown())
    return {"Version": body.get("version", "2012-10-17"), "Statement": statements}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _statements_of(doc: Any) -> list[Any]:
    if isinstance(doc, str):
        try:
            doc = json.loads(doc)
        except json.JSONDecodeError:
            return []
    if isinstance(doc, dict):
        stmts = doc.get("Statement")
        return stmts if isinstance(stmts, list) else [stmts] if isinstance(stmts, dict) else []
    return []


_STATEMENT_KEYS = {
    "sid": "Sid",
    "effect": "Effect",
    "actions": "Action",
    "not_actions": "NotAction",
    "resources": "Resource",
    "not_resources": "NotResource",
}


def _statement_from_block(block: LocatedDict, file: str) -> LocatedDict:
    stmt = LocatedDict(start=block.start_mark, end=block.end_mark)
    stmt.file = file
    stmt["Effect"] = "Allow"
    for key, out_key in _STATEMENT_KEYS.items():
        if key in block:
            stmt[out_key] = block[key]
            stmt.key_lines[out_key] = block.key_lines.get(key, block.start_mark.line + 1)
    for key, out_key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        if key in block:
            principals: dict[str, list[Any]] = {}
            for p in _as_list(block[key]):
                if isinstance(p, dict):
                    ptype = p.get("type")
                    idents = p.get("identifiers")
                    principals.setdefault(str(ptype), []).extend(_as_list(idents))
            stmt[out_key] = principals
            stmt.key_lines[out_key] = block.key_lines.get(key, block.start_mark.line + 1)
    if "condition" in block:
        cond: dict[str, dict[str, Any]] = {}
        for c in _as_list(block["condition"]):
            if isinstance(c, dict):
                cond.setdefault(str(c.get("test")), {})[str(c.get("variable"))] = c.get("values")
        stmt["Condition"] = cond
    return stmt


def parse_tfvars(text: str, file: str) -> dict[str, Any]:
    """Literal values of a .tfvars file (references there are not allowed by Terraform)."""
    if file.endswith(".json"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise TerraformSyntaxError(f"invalid JSON: {err.msg}", err.lineno) from None
        return doc if isinstance(doc, dict) else {}
    import hcl2
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        tree = hcl2.parses_to_tree(text)
    except UnexpectedInput as err:
        raise TerraformSyntaxError("unexpected token", getattr(err, "line", 1) or 1) from None
    except LarkError:
        raise TerraformSyntaxError("could not be parsed as HCL", 1) from None
    module = Module("", [])
    ev = Evaluator(module, file)
    out = LocatedDict()
    for child in tree.children[0].children:
        if getattr(child, "data", None) == "attribute":
            key = _label(child.children[0])
            out[key] = ev.expr(child.children[-1])
            out.key_lines[key] = child.meta.line
    return out
