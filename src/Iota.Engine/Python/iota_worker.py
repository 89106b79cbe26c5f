"""Iota's Python rule worker: loads a rule library once, then evaluates batches of events on request.

The host talks to it over stdin/stdout in frames: a 4-byte big-endian length, then that many bytes of
UTF-8 JSON. stdout carries nothing else, so rule print() output is sent to stderr, which the host logs.
One request, one answer, in order:

  {"type": "load", "rule_dirs": [path], "cache_db": path,
   "yaml_files": [{"path": path, "content": <the .yml as JSON, parsed by the host>}]}
    -> {"type": "loaded", "rules": [{"id", "source", "dialect", "severity", "log_types",
        "dedup_period_minutes", "threshold", "description", "runbook", "reference", "tags", "enabled",
        "test_count"}], "errors": [{"file", "line" (int or null), "message"}]}
  {"type": "evaluate", "batch_id": n, "events": [{"log_type": str, "event": {...}}]}
    -> {"type": "evaluated", "batch_id": n, "results": [one per event, in order:
        {"matches": [{"rule_id", "title", "dedup", "severity", "alert_context" (object or null),
                      optional "description", "runbook", "reference", "destinations"}],
         "errors": [{"rule_id", "message"}]}]}
  {"type": "test", "rule_ids": [id] (empty: all)}
    -> {"type": "tested", "results": [{"rule_id", "test_name", "expected", "matched", "passed",
        "error", "title", "dedup", "severity", "alert_context"}]}
  {"type": "shutdown"} -> {"type": "bye"}, then exit.
Anything else (or evaluate/test before load) -> {"type": "error", "message"}.
"""

import contextlib
import importlib.util
import inspect
import json
import os
import struct
import sys
import traceback
from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Tuple
from unittest.mock import MagicMock, patch

from rule_event import DataModel, PantherEvent, parse_path, to_plain


def _take_frame_streams():
    """Move the frame pipes off fds 0 and 1, so nothing a rule does (print, os.write(1, ...), a subprocess that
    inherits stdout, reading stdin) can interleave with or swallow a frame."""
    frames_in = os.fdopen(os.dup(0), "rb")
    frames_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return frames_in, frames_out


FRAMES_IN, FRAMES_OUT = _take_frame_streams()

MAX_TEXT_SIZE = 1000
MAX_ALERT_CONTEXT_SIZE = 200 * 1024
TRUNCATED_SUFFIX = "... (truncated)"
SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")
SEVERITY_DEFAULT = "DEFAULT"
IOTA_LOG_TYPE = "AWS.CloudTrail"
HELPER_DIRS = ("helpers", "global_helpers")
SKIPPED_DIRS = HELPER_DIRS + ("data_models", "__pycache__")
# Panther analysis items that carry no event rule; they are part of a library, not errors.
IGNORED_ANALYSIS_TYPES = ("global", "pack", "saved_query", "lookup_table", "datamodel")


class RuleLoadFailure(Exception):
    def __init__(self, file: str, line: Optional[int], message: str):
        super().__init__(message)
        self.file = file
        self.line = line
        self.message = message


def read_frame() -> Optional[dict]:
    header = FRAMES_IN.read(4)
    if len(header) < 4:
        return None
    (length,) = struct.unpack(">I", header)
    body = FRAMES_IN.read(length)
    if len(body) < length:
        return None
    return json.loads(body.decode("utf-8"))


def write_frame(message: dict) -> None:
    # A lone surrogate from a \\ud800 escape in an event cannot be UTF-8; replacing it beats losing the batch.
    body = json.dumps(message, ensure_ascii=False, allow_nan=False, default=_json_default).encode("utf-8", errors="replace")
    FRAMES_OUT.write(struct.pack(">I", len(body)))
    FRAMES_OUT.write(body)
    FRAMES_OUT.flush()


def _json_default(value: Any) -> Any:
    plain = to_plain(value)
    if plain is value:
        return str(value)
    return plain


def truncate(text: str) -> str:
    if len(text) > MAX_TEXT_SIZE:
        return text[: MAX_TEXT_SIZE - len(TRUNCATED_SUFFIX)] + TRUNCATED_SUFFIX
    return text


def describe_exception(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def failure_location(exc: BaseException, path: str) -> Optional[int]:
    """The line in the rule file where an import-time exception happened, or None if it never got there."""
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if os.path.abspath(frame.f_code.co_filename) == path:
            line = lineno
    return line


def load_module(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuleLoadFailure(path, None, "not a loadable Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # any import-time failure belongs to this file only
        del sys.modules[name]
        raise RuleLoadFailure(path, failure_location(exc, path), describe_exception(exc)) from exc
    return module


class RuleFunction:
    """A rule's optional function, called with the event only when it declares a parameter for it."""

    def __init__(self, module: Any, name: str):
        self.module = module
        self.name = name
        function = getattr(module, name, None)
        self.present = callable(function)
        self.takes_event = False
        if self.present:
            try:
                self.takes_event = len(inspect.signature(function).parameters) > 0
            except (TypeError, ValueError):
                self.takes_event = True

    def __call__(self, event: Any) -> Any:
        # Looked up per call so test mocks that replace module-level names take effect.
        function = getattr(self.module, self.name)
        return function(event) if self.takes_event else function()


class Rule:
    def __init__(self, rule_id: str, source: str, dialect: str, module: Any, meta: Dict[str, Any]):
        self.rule_id = rule_id
        self.source = source
        self.dialect = dialect
        self.module = module
        self.severity = meta["severity"]
        self.log_types: List[str] = meta["log_types"]
        self.enabled: bool = meta["enabled"]
        self.display_name: str = meta.get("display_name") or rule_id
        self.tests: List[Dict[str, Any]] = meta.get("tests", [])
        self.meta = meta
        self.functions = {
            name: RuleFunction(module, name)
            for name in ("rule", "title", "severity", "dedup", "alert_context",
                         "description", "runbook", "reference", "destinations")
        }
        if not self.functions["rule"].present:
            raise RuleLoadFailure(source, None, "the module defines no rule(event) function")
        self.rule_takes_event = self.functions["rule"].takes_event

    def describe(self) -> Dict[str, Any]:
        meta = self.meta
        return {
            "id": self.rule_id,
            "source": self.source,
            "dialect": self.dialect,
            "severity": self.severity,
            "log_types": self.log_types,
            "dedup_period_minutes": meta.get("dedup_period_minutes", 60),
            "threshold": meta.get("threshold", 1),
            "description": meta.get("description", ""),
            "runbook": meta.get("runbook", ""),
            "reference": meta.get("reference", ""),
            "tags": meta.get("tags", []),
            "enabled": self.enabled,
            "test_count": len(self.tests),
        }

    def matches(self, event: PantherEvent) -> bool:
        # Called for every rule on every event, so without RuleFunction in between; still looked up per call, so
        # a test's mocks of module-level names take effect.
        function = self.module.rule
        result = function(event) if self.rule_takes_event else function()
        if self.dialect == "panther" and not isinstance(result, bool):
            raise TypeError(f"rule returned {type(result).__name__}, expected bool")
        return bool(result)

    def outputs(self, event: PantherEvent) -> Tuple[Dict[str, Any], List[str]]:
        """Everything an alert carries. A failing output function falls back to its default and is reported,
        as panther does, so a bug in title() never hides a detection."""
        errors: List[str] = []

        def run(name: str, expected: type) -> Any:
            function = self.functions[name]
            if not function.present:
                return None
            try:
                value = function(event)
            except (Exception, SystemExit) as exc:
                errors.append(f"{name}(): {describe_exception(exc)}")
                return None
            if value is not None and not isinstance(value, expected):
                errors.append(f"{name}() returned {type(value).__name__}, expected {expected.__name__}")
                return None
            return value

        title = run("title", str)
        title = truncate(title) if title else self.display_name
        dedup = run("dedup", str)
        if not dedup:
            dedup = title if self.dialect == "panther" else self.rule_id
        severity = self._severity(run("severity", str), errors)
        output: Dict[str, Any] = {
            "rule_id": self.rule_id,
            "title": title,
            "dedup": truncate(dedup),
            "severity": severity,
            "alert_context": self._alert_context(run("alert_context", Mapping), errors),
        }
        for name in ("description", "runbook", "reference"):
            text = run(name, str)
            if text:
                output[name] = truncate(text)
        destinations = run("destinations", list)
        if destinations:
            output["destinations"] = [str(d) for d in destinations]
        return output, errors

    def _severity(self, value: Optional[str], errors: List[str]) -> str:
        if value is None:
            return self.severity
        upper = value.upper()
        if upper == SEVERITY_DEFAULT:
            return self.severity
        if upper not in SEVERITIES:
            errors.append(f"severity() returned '{value}', expected one of {', '.join(SEVERITIES)} or DEFAULT")
            return self.severity
        return upper

    @staticmethod
    def _alert_context(value: Optional[Mapping], errors: List[str]) -> Optional[Dict[str, Any]]:
        if value is None:
            return None
        try:
            serialized = json.dumps(to_plain(value), allow_nan=False, default=str)
        except Exception as exc:
            errors.append(f"alert_context(): {describe_exception(exc)}")
            return {"_error": repr(exc)}
        if len(serialized) > MAX_ALERT_CONTEXT_SIZE:
            return {
                "_error": f"alert_context size is [{len(serialized)}] characters,"
                f" bigger than maximum of [{MAX_ALERT_CONTEXT_SIZE}] characters"
            }
        return json.loads(serialized)


def _severity_text(value: Any, file: str) -> str:
    text = str(value or "INFO").upper()
    if text not in SEVERITIES:
        raise RuleLoadFailure(file, None, f"Severity '{value}' is not one of {', '.join(SEVERITIES)}")
    return text


def _whole_number(doc: Dict[str, Any], name: str, default: int, file: str) -> int:
    value = doc.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleLoadFailure(file, None, f"{name} must be a whole number, got '{value}'")
    return value


def _text_list(value: Any) -> List[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


class Library:
    """Every rule and data model found in the rule folders, indexed by the log types they apply to."""

    def __init__(self) -> None:
        self.rules: Dict[str, Rule] = {}
        self.rules_by_log_type: Dict[str, List[Rule]] = {}
        self.data_models: Dict[str, DataModel] = {}
        self.errors: List[Dict[str, Any]] = []
        self.cache_db = ":memory:"
        self._module_count = 0

    def error(self, failure: RuleLoadFailure) -> None:
        self.errors.append({"file": failure.file, "line": failure.line, "message": failure.message})

    def _module_name(self, kind: str, stem: str) -> str:
        self._module_count += 1
        safe = "".join(c if c.isalnum() else "_" for c in stem)
        return f"_iota_{kind}_{self._module_count}_{safe}"

    def load(self, rule_dirs: List[str], yaml_files: List[Dict[str, Any]]) -> None:
        rule_dirs = [os.path.abspath(d) for d in rule_dirs]
        for folder in rule_dirs:
            for root, dirs, _ in os.walk(folder):
                for name in dirs:
                    if name in HELPER_DIRS:
                        helper = os.path.join(root, name)
                        if helper not in sys.path:
                            sys.path.insert(0, helper)
        documents = {os.path.abspath(f["path"]): f["content"] for f in yaml_files}
        panther_sources = self._load_data_models_and_panther_rules(documents)
        for folder in rule_dirs:
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if not name.endswith(".py") or name == "__init__.py" or path in panther_sources:
                        continue
                    try:
                        sibling = _sibling_yaml(path)
                        if sibling is not None:
                            if sibling not in documents:
                                # The host could not parse the .yml and has reported it; running the .py with
                                # iota defaults instead would silently change what the rule does.
                                continue
                            raise RuleLoadFailure(path, None, f"{os.path.basename(sibling)} beside it does not declare a rule with Filename: {name}")
                        self._load_iota_rule(path)
                    except RuleLoadFailure as failure:
                        self.error(failure)
                    except Exception as exc:  # e.g. a file that is not UTF-8; it must not stop the others loading
                        self.error(RuleLoadFailure(path, None, describe_exception(exc)))
        for rule in self.rules.values():
            if rule.enabled:
                for log_type in rule.log_types:
                    self.rules_by_log_type.setdefault(log_type, []).append(rule)

    def _load_data_models_and_panther_rules(self, documents: Dict[str, Any]) -> set:
        """Data models first, because rules may be tested against them; returns the .py files claimed."""
        claimed = set()
        ordered = sorted(documents.items(), key=lambda item: _analysis_type(item[1]) != "datamodel")
        for path, doc in ordered:
            kind = _analysis_type(doc)
            filename = doc.get("Filename") if isinstance(doc, dict) else None
            py_path = os.path.join(os.path.dirname(path), filename) if isinstance(filename, str) else None
            if py_path:
                claimed.add(os.path.abspath(py_path))
            try:
                if kind == "rule":
                    if not py_path:
                        raise RuleLoadFailure(path, None, "rule has no Filename naming its .py file")
                    self._load_panther_rule(path, os.path.abspath(py_path), doc)
                elif kind == "datamodel":
                    self._load_data_model(path, py_path and os.path.abspath(py_path), doc)
                elif kind is None:
                    continue
                elif kind not in IGNORED_ANALYSIS_TYPES:
                    raise RuleLoadFailure(path, None, f"AnalysisType '{kind}' is not supported; only rule and datamodel run in iota")
            except RuleLoadFailure as failure:
                self.error(failure)
            except Exception as exc:  # e.g. DedupPeriodMinutes: soon; one bad .yml must not stop the others loading
                self.error(RuleLoadFailure(path, None, describe_exception(exc)))
        return claimed

    def _load_panther_rule(self, yml_path: str, py_path: str, doc: Dict[str, Any]) -> None:
        rule_id = doc.get("RuleID")
        if not isinstance(rule_id, str) or not rule_id:
            raise RuleLoadFailure(yml_path, None, "missing RuleID")
        if not os.path.isfile(py_path):
            raise RuleLoadFailure(yml_path, None, f"Filename '{doc.get('Filename')}' does not exist beside the .yml")
        meta = {
            "severity": _severity_text(doc.get("Severity"), yml_path),
            "log_types": _text_list(doc.get("LogTypes")),
            "enabled": doc.get("Enabled", True) is not False,
            "dedup_period_minutes": _whole_number(doc, "DedupPeriodMinutes", 60, yml_path),
            "threshold": _whole_number(doc, "Threshold", 1, yml_path),
            "description": str(doc.get("Description") or ""),
            "runbook": str(doc.get("Runbook") or ""),
            "reference": str(doc.get("Reference") or ""),
            "tags": _text_list(doc.get("Tags")),
            "display_name": doc.get("DisplayName"),
            "tests": [t for t in doc.get("Tests") or [] if isinstance(t, dict)],
        }
        self._add(Rule(rule_id, py_path, "panther", load_module(self._module_name("rule", rule_id), py_path), meta))

    def _load_iota_rule(self, path: str) -> None:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if "def rule(" not in text:
            raise RuleLoadFailure(path, None, "not a rule: no rule(event) function and no .yml naming this file")
        rule_id = os.path.splitext(os.path.basename(path))[0]
        module = load_module(self._module_name("rule", rule_id), path)
        meta = {"severity": "INFO", "log_types": [IOTA_LOG_TYPE], "enabled": True}
        self._add(Rule(rule_id, path, "iota", module, meta))

    def _add(self, rule: Rule) -> None:
        existing = self.rules.get(rule.rule_id)
        if existing is not None:
            raise RuleLoadFailure(rule.source, None, f"rule id '{rule.rule_id}' is already defined by {existing.source}")
        self.rules[rule.rule_id] = rule

    def _load_data_model(self, yml_path: str, py_path: Optional[str], doc: Dict[str, Any]) -> None:
        model_id = str(doc.get("DataModelID") or os.path.basename(yml_path))
        module = None
        if py_path:
            if not os.path.isfile(py_path):
                raise RuleLoadFailure(yml_path, None, f"Filename '{doc.get('Filename')}' does not exist beside the .yml")
            module = load_module(self._module_name("datamodel", model_id), py_path)
        paths: Dict[str, Any] = {}
        methods: Dict[str, Callable] = {}
        for mapping in doc.get("Mappings") or []:
            name = mapping.get("Name") if isinstance(mapping, dict) else None
            if not name:
                raise RuleLoadFailure(yml_path, None, "a Mapping has no Name")
            if "Path" in mapping:
                try:
                    paths[name] = parse_path(str(mapping["Path"]))
                except (ValueError, IndexError) as exc:
                    raise RuleLoadFailure(yml_path, None, f"mapping '{name}': bad Path: {exc}") from exc
            elif "Method" in mapping:
                method = getattr(module, str(mapping["Method"]), None) if module else None
                if not callable(method):
                    raise RuleLoadFailure(yml_path, None, f"mapping '{name}': Method '{mapping['Method']}' is not defined in the data model's .py")
                methods[name] = method
            else:
                raise RuleLoadFailure(yml_path, None, f"mapping '{name}' needs a Path or a Method")
        if doc.get("Enabled", True) is False:
            return
        for log_type in _text_list(doc.get("LogTypes")):
            self.data_models[log_type] = DataModel(model_id, paths, methods)

    def event(self, data: Dict[str, Any], log_type: str) -> PantherEvent:
        return PantherEvent(data, self.data_models.get(log_type))


def _sibling_yaml(py_path: str) -> Optional[str]:
    stem = os.path.splitext(py_path)[0]
    for extension in (".yml", ".yaml"):
        if os.path.isfile(stem + extension):
            return stem + extension
    return None


def _analysis_type(doc: Any) -> Optional[str]:
    if not isinstance(doc, dict) or "AnalysisType" not in doc:
        return None
    return str(doc["AnalysisType"]).lower()


def evaluate_event(library: Library, data: Any, log_type: str) -> Dict[str, Any]:
    matches: List[Dict[str, Any]] = []
    errors: List[Dict[str, str]] = []
    if not isinstance(data, dict):
        return {"matches": [], "errors": [{"rule_id": "", "message": "event is not a JSON object"}]}
    event = library.event(data, log_type)
    for rule in library.rules_by_log_type.get(log_type, []):
        try:
            if not rule.matches(event):
                continue
        except (Exception, SystemExit) as exc:
            errors.append({"rule_id": rule.rule_id, "message": f"rule(): {describe_exception(exc)}"})
            continue
        output, output_errors = rule.outputs(event)
        matches.append(output)
        errors.extend({"rule_id": rule.rule_id, "message": m} for m in output_errors)
    return {"matches": matches, "errors": errors}


def run_test_case(library: Library, rule: Rule, case: Dict[str, Any]) -> Dict[str, Any]:
    from panther_detection_helpers import caching

    name = str(case.get("Name", "(unnamed)"))
    expected = case.get("ExpectedResult") is True
    result: Dict[str, Any] = {
        "rule_id": rule.rule_id, "test_name": name, "expected": expected, "matched": False,
        "passed": False, "error": None, "title": None, "dedup": None, "severity": None, "alert_context": None,
    }
    log = case.get("Log")
    if not isinstance(log, dict):
        result["error"] = "test case has no Log object"
        return result
    log_type = log.get("p_log_type") or (rule.log_types[0] if len(rule.log_types) == 1 else "")
    mocks = {
        str(m["objectName"]): MagicMock(return_value=m["returnValue"])
        for m in case.get("Mocks") or []
        if isinstance(m, dict) and "objectName" in m and "returnValue" in m
    }
    # Each case starts from empty caching state, so tests neither see nor disturb production counters.
    caching.use_database(":memory:")
    try:
        with patch.multiple(rule.module, **mocks) if mocks else contextlib.nullcontext():
            event = library.event(log, log_type)
            matched = rule.matches(event)
            result["matched"] = matched
            errors: List[str] = []
            if matched:
                output, errors = rule.outputs(event)
                for key in ("title", "dedup", "severity", "alert_context"):
                    result[key] = output[key]
        if errors:
            result["error"] = "; ".join(errors)
        elif matched != expected:
            result["error"] = f"expected rule() to return {expected}, got {matched}"
        result["passed"] = not errors and matched == expected
    except (Exception, SystemExit) as exc:
        result["error"] = describe_exception(exc)
    finally:
        caching.use_database(library.cache_db)
    return result


def run_tests(library: Library, rule_ids: List[str]) -> List[Dict[str, Any]]:
    wanted = set(rule_ids)
    results = []
    for rule in library.rules.values():
        if wanted and rule.rule_id not in wanted:
            continue
        for case in rule.tests:
            results.append(run_test_case(library, rule, case))
    return results


def main() -> int:
    library: Optional[Library] = None
    while True:
        request = read_frame()
        if request is None:
            return 0
        kind = request.get("type")
        if kind == "load":
            from panther_detection_helpers import caching

            library = Library()
            library.cache_db = request.get("cache_db") or ":memory:"
            caching.use_database(library.cache_db)
            library.load(request.get("rule_dirs", []), request.get("yaml_files", []))
            write_frame({
                "type": "loaded",
                "rules": [r.describe() for r in library.rules.values()],
                "errors": library.errors,
            })
        elif kind == "evaluate" and library is not None:
            results = [evaluate_event(library, e.get("event"), e.get("log_type", "")) for e in request.get("events", [])]
            write_frame({"type": "evaluated", "batch_id": request.get("batch_id"), "results": results})
        elif kind == "test" and library is not None:
            write_frame({"type": "tested", "results": run_tests(library, request.get("rule_ids") or [])})
        elif kind == "shutdown":
            write_frame({"type": "bye"})
            return 0
        else:
            write_frame({"type": "error", "message": f"unexpected request '{kind}' (load must come first)"})


if __name__ == "__main__":
    sys.exit(main())
