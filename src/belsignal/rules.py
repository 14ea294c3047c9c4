"""Load and validate the YAML rule files (the schema is documented in rules/README.md).

A rule folder holds `*.yaml` files. Each file may define any of these top-level keys:

- `rules`: extraction rules (id, kind, token patterns and/or phrases, examples);
- `lexicon`: named word lists, referenced in patterns as "@name";
- `kinds`: extra signal kinds that rules may use, beyond the five built-in ones;
- `actors`: the actor gazetteer (actor -> names, adjectives, capitals, leaders);
- `cues`: context cue lists (modality, attribution verbs, ...) used by belsignal.context;
- `units`: unit -> the nouns that name it, for number rules.

Validation collects every mistake and raises one RuleSetError whose lines read
`rules/troops.yaml:42: rule 'troops.count': unknown token attribute 'LOWR'`.
YAML is read with a safe loader that refuses aliases: nothing in a rule file is ever
executed, and no "billion laughs" expands. A pattern must constrain at least one token, and
a REGEX must not be able to backtrack for ever (belsignal.regexes).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError, RuleSetError
from .regexes import HINT, regex_hazard
from .safe_yaml import NoAliasLoader, load as load_yaml
from .signals import KINDS

BUILTIN_RULES = Path(__file__).parent / "rules"  # installed copy (see pyproject force-include)
if not BUILTIN_RULES.is_dir():  # running from a source checkout
    BUILTIN_RULES = Path(__file__).resolve().parents[2] / "rules"
RULES_ENV = "BELSIGNAL_RULES"  # extra rule folders, separated by os.pathsep

TOP_KEYS = {"rules", "lexicon", "kinds", "actors", "cues", "units"}
RULE_KEYS = {
    "id", "kind", "status", "description", "patterns", "phrases", "exclude", "anchor",
    "unit", "count", "requires", "secondary", "anaphoric", "names", "examples", "speaker", "within",
}
WITHIN = {"survey", "war", "troop_count", "troop_topic"}  # passages a rule may be confined to (belsignal.surveys, DocContext.within)
SPEAKERS = {"any", "own"}  # who must be speaking: anyone reported, or a party about its own side
STATUSES = {"stable", "experimental", "deprecated"}
ANCHORS = {"match", "number"}
EXAMPLE_FIELDS = {
    "text", "span", "value", "low", "high", "qualifier", "unit", "actor", "subject", "source",
    "modality", "date", "date_end", "date_text", "location", "published",
}
# Shorthand token attributes, set by the belsignal component on number-phrase tokens.
SHORTHANDS = {"NUMBER": "bs_num", "COUNTS": "bs_counts", "NUM_UNIT": "bs_unit"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_LINE = "__line__"


@dataclass
class Example:
    text: str
    expect: dict[str, Any] = field(default_factory=dict)  # span and field values the row must have
    line: int = 0


@dataclass
class Rule:
    id: str
    kind: str
    file: str
    line: int
    patterns: list[list[dict]] = field(default_factory=list)  # spaCy Matcher patterns, expanded
    phrases: list[str] = field(default_factory=list)
    exclude: list[list[dict]] = field(default_factory=list)
    anchor: str = "match"
    unit: str = ""
    requires: list[str] = field(default_factory=list)  # the sentence must contain one of these words
    secondary: bool = False  # only emits when no primary rule of its kind matched the sentence
    anaphoric: bool = False  # only emits after a row of its kind earlier in the document
    count: float | None = None  # what a match with no quantity in it counts ("deployed the 38th brigade": 1)
    names: bool = False  # later mentions of a name a row of its kind introduced are rows of this rule
    speaker: str = ""  # "any": only in reported speech; "own": a party speaking about its own side
    within: str = ""  # only inside a passage of this type (one of WITHIN)
    status: str = "stable"
    description: str = ""
    matches: list[Example] = field(default_factory=list)
    no_matches: list[Example] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class RuleSet:
    rules: list[Rule]
    lexicon: dict[str, list[str]]
    kinds: tuple[str, ...]
    actors: dict[str, list[str]]
    cues: dict[str, list[str]]
    units: dict[str, list[str]]
    replaced: list[str] = field(default_factory=list)  # ids of built-in rules a user rule replaced
    _words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)  # words() made once

    def by_id(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def cue(self, name: str) -> list[str]:
        return self.cues.get(name, [])

    def words(self, name: str) -> frozenset[str]:
        """A lexicon list, lower-cased, with its "@name" references expanded (checked when loaded);
        made once per rule set, so callers need not keep their own copies."""
        found = self._words.get(name)
        if found is None:
            def invalid(message: str) -> None:
                raise ValueError(message)
            found = self._words[name] = frozenset(
                w.lower() for w in _expand_words(self.lexicon.get(name, []), self.lexicon, invalid) if w)
        return found

    @property
    def key(self) -> tuple:
        """Identity of the rule set, for caching matchers built from it."""
        return tuple((r.id, r.file, r.line) for r in self.rules)


class _LineLoader(NoAliasLoader):
    """A safe loader (without aliases) that remembers the line of every mapping, for error messages, and reads
    yes/no/on/off as words (YAML 1.2): word lists are full of "no" and "on"."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=True)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def _load_yaml(text: str) -> Any:
    """A rule file's data, as _LineLoader reads it (parsed by libyaml where PyYAML has it)."""
    return load_yaml(text, _LineLoader)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != _LINE}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def rule_dirs(extra: list[str | os.PathLike] | None = None, builtin: bool = True) -> list[Path]:
    """The rule folders in load order: built-in, then $BELSIGNAL_RULES, then `extra`. A folder
    already in the list (the same folder, or a copy with the same files, such as `rules/` named
    in the repository) is loaded once."""
    candidates = [BUILTIN_RULES] if builtin else []
    env = os.environ.get(RULES_ENV, "")
    candidates += [Path(p) for p in env.split(os.pathsep) if p]
    candidates += [Path(p) for p in extra or []]
    dirs: list[Path] = []
    for folder in candidates:
        if loaded_as(folder, dirs) is None:
            dirs.append(folder)
    return dirs


def loaded_as(folder: str | os.PathLike, dirs: list[Path]) -> Path | None:
    """The folder of dirs that folder duplicates (same path, or same rule files), or None."""
    folder = Path(folder)
    for kept in dirs:
        try:
            if folder.resolve() == kept.resolve() or _rule_files(folder) == _rule_files(kept):
                return kept
        except OSError:
            continue
    return None


def _rule_files(folder: Path) -> tuple:
    """(name, content) of a folder's rule files; raises OSError if it cannot be read."""
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not folder.is_dir() or not files:
        raise OSError(f"no rule files in {folder}")
    return tuple((f.name, f.read_bytes()) for f in files)


def load_rules(extra: list[str | os.PathLike] | None = None, builtin: bool = True) -> RuleSet:
    """Load built-in rules plus user folders. Cached per process, keyed by files and mtimes."""
    dirs = rule_dirs(extra, builtin)
    files = []
    for d in dirs:
        if not d.is_dir():
            raise RuleSetError([RuleError("rule folder not found", str(d))])
        files += sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml"))
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _load_files(stamp, tuple(str(d) for d in dirs))


@lru_cache(maxsize=8)
def _load_files(stamp: tuple, dirs: tuple[str, ...]) -> RuleSet:
    builtin = str(BUILTIN_RULES)
    docs, errors = [], []
    for path, _ in stamp:
        label = _label(Path(path))
        try:
            data = _load_yaml(Path(path).read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reason = getattr(exc, "problem", None) or str(exc)
            errors.append(RuleError(f"bad YAML: {reason}", label, mark.line + 1 if mark else 0))
            continue
        except (ValueError, TypeError, RecursionError) as exc:  # e.g. a timestamp with no such day
            errors.append(RuleError(f"bad YAML: {exc}", label))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RuleError(f"cannot read: {exc}", label))
            continue
        if not isinstance(data, dict):
            errors.append(RuleError("a rule file must be a mapping with a 'rules' key", label, 1))
            continue
        docs.append((label, str(Path(path).parent) == builtin, data))
    ruleset = _build(docs, errors)
    if errors:
        raise RuleSetError(errors)
    return ruleset


def _label(path: Path) -> str:
    """A short file name for messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _build(docs: list[tuple[str, bool, dict]], errors: list[RuleError]) -> RuleSet:
    lexicon: dict[str, list[str]] = {}
    kinds = list(KINDS)
    actors: dict[str, list[str]] = {}
    cues: dict[str, list[str]] = {}
    units: dict[str, list[str]] = {}
    defined: dict[str, tuple[str, bool]] = {}  # lexicon name -> (file, built-in) that defined it
    for label, is_builtin, data in docs:
        for key in data:
            if key != _LINE and key not in TOP_KEYS:
                errors.append(RuleError(f"unknown key '{key}' (allowed: {', '.join(sorted(TOP_KEYS))})",
                                        label, data.get(_LINE, 0)))
        _merge_lists(data.get("lexicon"), lexicon, "lexicon", label, errors, defined=defined, builtin=is_builtin)
        _merge_lists(data.get("actors"), actors, "actors", label, errors, extend=True)
        _merge_lists(data.get("cues"), cues, "cues", label, errors, extend=True)
        _merge_lists(data.get("units"), units, "units", label, errors, extend=True)
        for kind in data.get("kinds") or []:
            if not isinstance(kind, str) or not ID_RE.match(kind):
                errors.append(RuleError(f"bad kind name {kind!r}", label))
            elif kind not in kinds:
                kinds.append(kind)

    rules: dict[str, Rule] = {}
    replaced: list[str] = []
    for label, is_builtin, data in docs:
        raw_rules = data.get("rules") or []
        if not isinstance(raw_rules, list):
            errors.append(RuleError("'rules' must be a list", label, data.get(_LINE, 0)))
            continue
        for raw in raw_rules:
            rule = _parse_rule(raw, label, lexicon, kinds, errors)
            if rule is None:
                continue
            old = rules.get(rule.id)
            if old is not None:
                if is_builtin or not _is_builtin_label(old.file, docs):
                    errors.append(RuleError(f"duplicate rule id (first defined at {old.where})",
                                            label, rule.line, rule.id))
                    continue
                replaced.append(rule.id)
            rules[rule.id] = rule
    return RuleSet(list(rules.values()), lexicon, tuple(kinds), actors, cues, units, replaced)


def _is_builtin_label(label: str, docs) -> bool:
    return any(lbl == label and builtin for lbl, builtin, _ in docs)


def _merge_lists(section, into: dict, name: str, label: str, errors: list, extend: bool = False,
                 defined: dict | None = None, builtin: bool = False) -> None:
    if section is None:
        return
    if not isinstance(section, dict):
        errors.append(RuleError(f"'{name}' must be a mapping of name -> list of strings", label))
        return
    line = section.get(_LINE, 0)
    for key, words in section.items():
        if key == _LINE:
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            errors.append(RuleError(f"{name} '{key}' must be a list of strings", label, line))
            continue
        if key in into and not extend:
            first, first_builtin = (defined or {}).get(key, ("", False))
            hint = " (a copy of the built-in rules? --no-builtin uses a folder alone)" if first_builtin else ""
            errors.append(RuleError(f"{name} '{key}' is defined twice" + (f", first in {first}" if first else "")
                                    + hint, label, line))
            continue
        if defined is not None:
            defined[key] = (label, builtin)
        into.setdefault(key, []).extend(words)


def _parse_rule(raw: Any, label: str, lexicon: dict, kinds: list, errors: list) -> Rule | None:
    if not isinstance(raw, dict):
        errors.append(RuleError("each rule must be a mapping", label))
        return None
    line = raw.get(_LINE, 0)
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        errors.append(RuleError("rule has no 'id'", label, line))
        return None

    def err(msg: str, at: int = 0) -> None:
        errors.append(RuleError(msg, label, at or line, rid))

    n_before = len(errors)
    if not ID_RE.match(rid):
        err("id must be lower-case letters, digits, '.', '-' or '_'")
    for key in raw:
        if key != _LINE and key not in RULE_KEYS:
            err(f"unknown key '{key}' (allowed: {', '.join(sorted(RULE_KEYS))})")
    kind = raw.get("kind")
    if kind not in kinds:
        err(f"unknown kind {kind!r} (known: {', '.join(kinds)}; declare new ones under 'kinds:')")
    status = raw.get("status", "stable")
    if status not in STATUSES:
        err(f"unknown status {status!r} (allowed: {', '.join(sorted(STATUSES))})")
    anchor = raw.get("anchor", "match")
    if anchor not in ANCHORS:
        err(f"unknown anchor {anchor!r} (allowed: {', '.join(sorted(ANCHORS))})")
    patterns = [_expand_pattern(p, lexicon, err) for p in _as_list(raw.get("patterns"), "patterns", err)]
    exclude = [_expand_pattern(p, lexicon, err) for p in _as_list(raw.get("exclude"), "exclude", err)]
    phrases = _expand_words(_as_list(raw.get("phrases"), "phrases", err), lexicon, err)
    if not patterns and not phrases:
        err("rule has neither 'patterns' nor 'phrases'")
    requires = _expand_words(_as_list(raw.get("requires"), "requires", err), lexicon, err)
    count = raw.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, (int, float)) or count < 0):
        err(f"count must be a number of at least 0, got {count!r}")
    elif count is not None and anchor != "number":
        err("count needs anchor: number")
    within = raw.get("within", "")
    if within and within not in WITHIN:
        err(f"unknown within {within!r} (allowed: {', '.join(sorted(WITHIN))})")
    speaker = raw.get("speaker", "")
    if speaker and speaker not in SPEAKERS:
        err(f"unknown speaker {speaker!r} (allowed: {', '.join(sorted(SPEAKERS))})")
    matches, no_matches = _parse_examples(raw.get("examples"), err)
    if len(errors) > n_before:
        return None
    return Rule(
        id=rid, kind=kind, file=label, line=line, patterns=patterns, phrases=phrases,
        exclude=exclude, anchor=anchor, unit=str(raw.get("unit") or ""),
        requires=[w.lower() for w in requires], secondary=bool(raw.get("secondary", False)),
        anaphoric=bool(raw.get("anaphoric", False)), names=bool(raw.get("names", False)),
        count=float(count) if count is not None else None,
        speaker=speaker, within=within,
        status=status, description=str(raw.get("description") or ""),
        matches=matches, no_matches=no_matches,
    )


def _as_list(value: Any, name: str, err) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        err(f"'{name}' must be a list")
        return []
    return value


def _expand_words(words: list, lexicon: dict, err, seen: tuple = ()) -> list[str]:
    """Words with "@name" references replaced by that lexicon list (which may refer to others)."""
    out: list[str] = []
    for w in words:
        if not isinstance(w, str):
            err(f"expected a string, got {w!r}")
        elif w.startswith("@"):
            if w[1:] not in lexicon:
                err(f"unknown lexicon list '{w}'")
            elif w[1:] in seen:
                err(f"lexicon list '{w}' refers to itself")
            else:
                out += _expand_words(lexicon[w[1:]], lexicon, err, seen + (w[1:],))
        else:
            out.append(w)
    return out


# Token attributes spaCy's Matcher accepts (spacy.schemas.TokenPattern), checked here so that
# loading rules does not import spaCy; spaCy validates the patterns again when it builds matchers.
TOKEN_ATTRS = {
    "ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "POS", "TAG", "MORPH", "DEP", "LEMMA", "SHAPE",
    "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
    "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT", "IS_CURRENCY", "IS_STOP", "IS_SENT_START", "SENT_START", "SPACY", "LIKE_NUM",
    "LIKE_URL", "LIKE_EMAIL", "OP", "_",
}
PREDICATES = {"IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS", "REGEX", "FUZZY",
              "==", "!=", ">=", "<=", ">", "<"}
OP_RE = re.compile(r"^(?:[!?+*]|\{\d*,?\d*\})$")


def _check_token(spec: dict, err) -> None:
    for key, value in spec.items():
        if key not in TOKEN_ATTRS:
            err(f"unknown token attribute '{key}'")
        elif key == "OP":
            if not isinstance(value, str) or not OP_RE.match(value):
                err(f"invalid OP {value!r} (use !, ?, +, * or {{n,m}})")
        elif isinstance(value, dict) and key != "_":
            for pred in value:
                if pred not in PREDICATES and not str(pred).startswith("FUZZY"):
                    err(f"unknown predicate '{pred}' on {key} (allowed: {', '.join(sorted(PREDICATES))})")
                elif pred in ("IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS") \
                        and not isinstance(value[pred], list):
                    err(f"{key}.{pred} needs a list, got {value[pred]!r}")
        elif isinstance(value, (list, tuple)):
            err(f"{key} needs a value or a {{IN: [...]}} mapping, not a bare list")


def _expand_pattern(pattern: Any, lexicon: dict, err) -> list[dict]:
    """Validate one token pattern and expand shorthands and "@lexicon" references for spaCy."""
    if not isinstance(pattern, list) or not pattern:
        err("a pattern must be a non-empty list of token dicts")
        return []
    out = []
    for tok in pattern:
        if not isinstance(tok, dict):
            err(f"a pattern token must be a mapping, got {tok!r}")
            return []
        line = tok.get(_LINE, 0)
        spec: dict[str, Any] = {}
        for key, value in tok.items():
            if key == _LINE:
                continue
            value = _expand_value(_strip_lines(value), lexicon, lambda m: err(m, line))
            if key in SHORTHANDS:
                spec.setdefault("_", {})[SHORTHANDS[key]] = value
            else:
                spec[key] = value
        _check_token(spec, lambda m: err(m, line))
        _check_regexes(spec, lambda m: err(m, line))
        out.append(spec)
    if all(set(spec) <= {"OP"} for spec in out):
        err("pattern has no constraint: it would match any token (give a token an attribute such as LOWER)",
            pattern[0].get(_LINE, 0) if isinstance(pattern[0], dict) else 0)
    return out


def _expand_value(value: Any, lexicon: dict, err) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return _expand_words([value], lexicon, err)
    if isinstance(value, dict):
        return {k: _expand_value(v, lexicon, err) for k, v in value.items()}
    if isinstance(value, list) and any(isinstance(v, str) and v.startswith("@") for v in value):
        return _expand_words(value, lexicon, err)
    return value


def _check_regexes(spec: dict, err) -> None:
    for value in spec.values():
        if isinstance(value, dict):
            if "REGEX" in value:
                regex = value["REGEX"]
                try:
                    re.compile(regex)
                    hazard = regex_hazard(regex)
                except (re.error, TypeError) as exc:
                    err(f"regex {regex!r} does not compile: {exc}")
                    continue
                except RecursionError:  # re's parser recurses once per nested group
                    err(f"regex {regex[:40]!r}... nests groups too deeply")
                    continue
                if hazard:
                    err(f"regex {regex!r} {hazard} {HINT}")
            _check_regexes(value, err)


def _parse_examples(raw: Any, err) -> tuple[list[Example], list[Example]]:
    if raw is None:
        return [], []
    if not isinstance(raw, dict):
        err("'examples' must be a mapping with 'match' and 'no_match' lists")
        return [], []
    for key in raw:
        if key not in (_LINE, "match", "no_match"):
            err(f"unknown key 'examples.{key}' (allowed: match, no_match)", raw.get(_LINE, 0))
    matches = []
    for ex in raw.get("match") or []:
        if isinstance(ex, str):
            matches.append(Example(ex))
        elif isinstance(ex, dict) and isinstance(ex.get("text"), str):
            for key in ex:
                if key != _LINE and key not in EXAMPLE_FIELDS:
                    err(f"unknown example field '{key}' (allowed: {', '.join(sorted(EXAMPLE_FIELDS))})",
                        ex.get(_LINE, 0))
            expect = {k: v for k, v in ex.items() if k not in (_LINE, "text")}
            matches.append(Example(ex["text"], expect, ex.get(_LINE, 0)))
        else:
            err(f"a match example needs a 'text': {_strip_lines(ex)!r}")
    no_matches = []
    for ex in raw.get("no_match") or []:
        if isinstance(ex, str):
            no_matches.append(Example(ex))
        else:
            err(f"a no_match example must be a string: {_strip_lines(ex)!r}")
    return matches, no_matches


def rules_hash(ruleset: RuleSet | None) -> str:
    """A short hash of everything in a rule set that changes what is extracted (not where the
    rules were read from): two rule sets with the same hash extract the same rows."""
    if ruleset is None:
        return ""
    data = {f.name: getattr(ruleset, f.name) for f in fields(ruleset) if f.compare and f.name != "replaced"}  # not caches
    data["rules"] = [{k: v for k, v in asdict(r).items() if k not in ("file", "line")} for r in ruleset.rules]
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
