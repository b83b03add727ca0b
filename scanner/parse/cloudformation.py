"""CloudFormation (and SAM): decode with cfn-lint's template decoder, resolve intrinsics to data.

``Ref`` and ``Fn::GetAtt`` become ``Ref`` values (edges for the resolver), ``Fn::Sub`` a string
that keeps its ``${Name}`` placeholders, ``Fn::Join`` a string when every part is known;
other functions become ``Unknown`` after their references are recorded.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.located import LocatedDict, LocatedList, LocatedStr, Mark, span
from scanner.model import Location, Ref, Resource, Suppression, Unknown
from scanner.origin import mark_origin

PSEUDO = re.compile(r"^AWS::")
_SUB_VAR = re.compile(r"\$\{(?!!)([^}]+)\}")


class TemplateError(ValueError):
    """A template the decoder rejects; the message never quotes the template."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def decode(text: str, is_json: bool) -> Any:
    """The template as cfn-lint's located nodes."""
    from cfnlint.decode import cfn_json, cfn_yaml

    try:
        if is_json:
            return cfn_json.loads(text)
        return cfn_yaml.loads(text)
    except RecursionError:
        raise TemplateError("nesting too deep", 1) from None
    except Exception as err:  # the decoder raises several error types, all meaning "not a template"
        raise TemplateError(_describe(err), _error_line(err)) from None


def _describe(err: Exception) -> str:
    problem = getattr(err, "problem", None)
    if isinstance(problem, str) and len(problem) < 120:
        return problem
    matches = getattr(err, "matches", None)
    if matches:
        return "invalid template syntax"
    if err.__class__.__name__ == "JSONDecodeError":
        return f"invalid JSON: {getattr(err, 'msg', 'syntax error')}"
    return "invalid template syntax"


def _error_line(err: Exception) -> int:
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    if getattr(err, "lineno", None):
        return int(err.lineno)  # type: ignore[attr-defined]
    matches = getattr(err, "matches", None)
    if matches:
        return getattr(matches[0], "linenumber", 1) or 1
    return 1


def to_resources(template: Any, file: str) -> list[Resource]:
    """Parameters and resources of a decoded template, intrinsics resolved."""
    if not isinstance(template, dict):
        return []
    params = template.get("Parameters") if isinstance(template.get("Parameters"), dict) else {}
    resources = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
    names: dict[str, Any] = {str(n): _RESOURCE for n in resources}
    for n, body in params.items():
        default = body.get("Default") if isinstance(body, dict) else None
        names[str(n)] = default if isinstance(default, (str, list)) else _RESOURCE
    out: list[Resource] = []
    for name, body in params.items():
        out.append(_resource("Parameter", name, body, file, names))
    for name, body in resources.items():
        if not isinstance(body, dict):
            continue
        rtype = body.get("Type")
        out.append(_resource(str(rtype) if isinstance(rtype, str) else "Unknown", name, body, file, names))
    return out


_RESOURCE = object()  # a name that stands for a resource, or a parameter without a default


def _resource(rtype: str, name: Any, body: Any, file: str, names: dict[str, Any]) -> Resource:
    refs: set[Ref] = set()
    attrs = resolve(body, names, refs)
    if not isinstance(attrs, dict):
        attrs = LocatedDict()
    first, last = span(body) or (1, 1)
    key_mark = getattr(name, "start_mark", None)  # the logical id's own line starts the block
    res = Resource(
        format="cloudformation",
        type=rtype,
        name=str(name),
        address=str(name),
        module=file,
        location=Location(file, key_mark.line + 1 if key_mark else first, last),
        attributes=attrs,
        refs=refs,
    )
    res.suppressions.extend(metadata_suppressions(attrs.get("Metadata")))
    return res


def metadata_suppressions(metadata: Any) -> list[Suppression]:
    """``Metadata: {npe-scan: {ignore: [{id, reason, until}]}}`` on a resource."""
    out: list[Suppression] = []
    if not isinstance(metadata, dict):
        return out
    block = metadata.get("npe-scan")
    items = block.get("ignore") if isinstance(block, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            reason = item.get("reason")
            until = item.get("until")
            out.append(
                Suppression(
                    rule_id=item["id"],
                    reason=str(reason) if reason else "",
                    until=str(until) if until else None,
                )
            )
    return out


def resolve(value: Any, names: dict[str, Any], refs: set[Ref]) -> Any:
    """Intrinsic functions to data, keeping source marks; a parameter's default stands for it."""
    if isinstance(value, dict):
        if len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref" and isinstance(arg, str):
                if PSEUDO.match(arg):
                    return "${" + arg + "}"
                ref = Ref(arg)
                refs.add(ref)
                default = names.get(arg, _RESOURCE)
                if default is not _RESOURCE:
                    derived = mark_origin([str(v) for v in default] if isinstance(default, list) else str(default), arg)
                    if isinstance(derived, str):  # located where the Ref stands, like the value it replaces
                        derived.start_mark = _mark(value, "start_mark")
                        derived.end_mark = _mark(value, "end_mark")
                    return derived
                return ref
            if fn == "Fn::GetAtt":
                parts = arg.split(".", 1) if isinstance(arg, str) else arg
                if isinstance(parts, list) and parts and isinstance(parts[0], str):
                    attr = ".".join(str(p) for p in parts[1:]) if len(parts) > 1 else ""
                    ref = Ref(parts[0], attr)
                    refs.add(ref)
                    return ref
            if fn == "Fn::Sub":
                return _sub(arg, names, refs)
            if fn == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
                # Scan the branch that adds something: a finding must not hide behind a condition.
                branch, other = (arg[2], arg[1]) if _is_no_value(arg[1]) else (arg[1], arg[2])
                resolve(other, names, refs)  # for its references only
                return resolve(branch, names, refs)
            if fn == "Fn::Base64":  # the text before encoding is what the template wrote
                return resolve(arg, names, refs)
            if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
                sep, items = arg[0], resolve(arg[1], names, refs)
                if isinstance(sep, str) and isinstance(items, list):
                    return sep.join(str(i) for i in items)
                return Unknown()
            if isinstance(fn, str) and fn.startswith("Fn::") or fn == "Condition":
                resolve(arg, names, refs)
                return Unknown()
        out = LocatedDict(start=_mark(value, "start_mark"), end=_mark(value, "end_mark"))
        for k, v in value.items():
            out[str(k)] = resolve(v, names, refs)
            line = getattr(getattr(k, "start_mark", None), "line", None)
            if line is not None:
                out.key_lines[str(k)] = line + 1
        return out
    if isinstance(value, list):
        out_list = LocatedList(start=_mark(value, "start_mark"), end=_mark(value, "end_mark"))
        out_list.extend(resolve(v, names, refs) for v in value)
        return out_list
    if isinstance(value, str):
        mark = _mark(value, "start_mark")
        return LocatedStr(str(value), mark, _mark(value, "end_mark")) if mark else str(value)
    return value


def _is_no_value(value: Any) -> bool:
    return isinstance(value, dict) and value.get("Ref") == "AWS::NoValue"


def _mark(value: Any, attr: str) -> Mark | None:
    m = getattr(value, attr, None)
    return Mark(m.line, m.column) if m is not None else None


def _sub(arg: Any, names: dict[str, Any], refs: set[Ref]) -> Any:
    if isinstance(arg, list) and arg and isinstance(arg[0], str):
        text, variables = arg[0], arg[1] if len(arg) > 1 and isinstance(arg[1], dict) else {}
    elif isinstance(arg, str):
        text, variables = arg, {}
    else:
        return Unknown()
    resolved_vars = {str(k): resolve(v, names, refs) for k, v in variables.items()}

    def repl(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name in resolved_vars:
            v = resolved_vars[name]
            return v if isinstance(v, str) else str(v)
        base, _, attr = name.partition(".")
        if base in names:
            ref = Ref(base, attr)
            refs.add(ref)
            default = names[base]
            return default if isinstance(default, str) and not attr else str(ref)
        return m.group(0)

    return _SUB_VAR.sub(repl, str(text))
