"""The rule format: shipped rules prove themselves on their examples; broken rule files
produce precise errors naming file, line and rule; new kinds and overrides need no Python."""
from __future__ import annotations

import textwrap

import pytest

import belsignal
from belsignal.checks import run_examples
from belsignal.errors import RuleSetError
from belsignal.rules import load_rules

RULESET = load_rules()
RESULTS = run_examples(RULESET)


@pytest.mark.parametrize("result", RESULTS, ids=[f"{r.rule}:{r.label}" for r in RESULTS])
def test_rule_example(result):
    assert result.ok, "\n".join(result.problems)


@pytest.mark.parametrize("rule", RULESET.rules, ids=[r.id for r in RULESET.rules])
def test_every_rule_has_examples_both_ways(rule):
    assert len(rule.matches) >= 2, f"{rule.where}: needs at least two matching examples"
    assert len(rule.no_matches) >= 1, f"{rule.where}: needs at least one non-matching example"


def test_all_five_kinds_have_rules():
    assert {r.kind for r in RULESET.rules} >= {"troops", "equipment", "poll", "exercise", "denial"}


def write_rules(folder, text: str, name: str = "user.yaml"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


def load_errors(folder) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_rules([folder])
    return [str(e) for e in info.value.errors]


GOOD = """\
  - id: mob.call-up
    kind: troops
    patterns:
      - [{LOWER: call}, {LOWER: "-"}, {LOWER: up}]
"""

BROKEN = {
    "unknown rule key": ("rules:\n" + GOOD + "    colour: red\n",
                         "user.yaml:2: rule 'mob.call-up': unknown key 'colour'"),
    "missing id": ("rules:\n  - kind: troops\n    patterns: [[{LOWER: x}]]\n",
                   "user.yaml:2: rule has no 'id'"),
    "unknown kind": ("rules:\n" + GOOD.replace("kind: troops", "kind: weather"),
                     "user.yaml:2: rule 'mob.call-up': unknown kind 'weather'"),
    "unknown token attribute": ("rules:\n" + GOOD.replace("{LOWER: call}", "{LOWR: call}"),
                                "user.yaml:5: rule 'mob.call-up': unknown token attribute 'LOWR'"),
    "bad operator": ("rules:\n" + GOOD.replace("{LOWER: up}", "{LOWER: up, OP: '++'}"),
                     "user.yaml:5: rule 'mob.call-up': invalid OP '++'"),
    "regex that does not compile": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(up'}}"),
                                    "user.yaml:5: rule 'mob.call-up': regex '(up' does not compile"),
    "regex that could hang": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(a+)+b'}}"),
                              "user.yaml:5: rule 'mob.call-up': regex '(a+)+b' nests unbounded quantifiers"),
    "regex with repeated alternation": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(a|aa)+b'}}"),
                                        "user.yaml:5: rule 'mob.call-up': regex '(a|aa)+b' nests unbounded quantifiers"),
    "regex with a nested group": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '((a+))+$'}}"),
                                  "user.yaml:5: rule 'mob.call-up': regex '((a+))+$' nests unbounded quantifiers"),
    "regex repeating an unbounded one": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(.*a){25}$'}}"),
                                         "user.yaml:5: rule 'mob.call-up': regex '(.*a){25}$' nests unbounded"),
    "regex nesting bounded quantifiers": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(a{1,50}){1,50}$'}}"),
                                          "user.yaml:5: rule 'mob.call-up': regex '(a{1,50}){1,50}$' nests quantifiers"),
    "regex repeating an optional one": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '(a?){25}a{25}'}}"),
                                        "user.yaml:5: rule 'mob.call-up': regex '(a?){25}a{25}' nests quantifiers"),
    "regex with adjacent quantifiers": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '^\\d+,?\\d*$'}}"),
                                        "user.yaml:5: rule 'mob.call-up': regex '^\\\\d+,?\\\\d*$' has adjacent unbounded"),
    "regex nesting groups too deeply": ("rules:\n" + GOOD.replace("{LOWER: up}", "{TEXT: {REGEX: '" + "(" * 600 + "a"
                                                                   + ")" * 600 + "'}}"),
                                        "user.yaml:5: rule 'mob.call-up': regex '((((("),  # was an internal error
    "pattern matching any token": ("rules:\n  - id: any\n    kind: troops\n    patterns:\n      - [{}]\n",
                                   "user.yaml:5: rule 'any': pattern has no constraint"),
    "pattern of wildcards": ("rules:\n  - id: any\n    kind: troops\n    patterns:\n      - [{OP: '+'}, {}]\n",
                             "rule 'any': pattern has no constraint"),
    "YAML alias bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nrules: []\n",
                        "user.yaml:2: bad YAML: aliases (*name) are not allowed"),
    "bad YAML": ("rules:\n  - id: x\n    kind: troops\n   patterns: [\n", "user.yaml:4: bad YAML"),
    "unknown lexicon list": ("rules:\n" + GOOD.replace("{LOWER: call}", "{LOWER: {IN: '@nothing'}}"),
                             "user.yaml:5: rule 'mob.call-up': unknown lexicon list '@nothing'"),
    "unknown top-level key": ("rulez: []\n", "user.yaml:1: unknown key 'rulez'"),
    "unknown passage": ("rules:\n" + GOOD + "    within: editorial\n",
                        "user.yaml:2: rule 'mob.call-up': unknown within 'editorial' (allowed: survey, troop_count, troop_topic, war)"),
    "unknown speaker": ("rules:\n" + GOOD + "    speaker: anyone\n",
                        "user.yaml:2: rule 'mob.call-up': unknown speaker 'anyone' (allowed: any, own)"),
    "lexicon list naming itself": ("lexicon:\n  loop: [a, '@loop']\nrules:\n"
                                   + GOOD.replace("{LOWER: call}", "{LOWER: {IN: '@loop'}}"),
                                   "refers to itself"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_rule_file_error_names_file_line_and_rule(tmp_path, case):
    text, expected = BROKEN[case]
    errors = load_errors(write_rules(tmp_path / "r", text))
    assert len(errors) == 1, errors
    assert errors[0].startswith(str(tmp_path / "r") + "/") or errors[0].startswith("r/") or "/r/" in errors[0]
    assert expected in errors[0], errors[0]


@pytest.mark.parametrize("regex", [r"^\d+(?:,\d{3})*$", "(?>a+)+b", "a++b", r"^[A-Z][a-z]+$", r"\d+,\d+", "(?i)a+B*",
                                   "(?:a{1,50}+){1,50}$"])
def test_safe_regexes_are_accepted(tmp_path, regex):
    folder = write_rules(tmp_path / "r", "rules:\n" + GOOD.replace("{LOWER: up}", f"{{TEXT: {{REGEX: '{regex}'}}}}"))
    assert load_rules([folder]).by_id("mob.call-up")


def test_duplicate_ids_across_user_files(tmp_path):
    folder = write_rules(tmp_path / "r", "rules:\n" + GOOD, "a.yaml")
    write_rules(folder, "rules:\n" + GOOD, "b.yaml")
    (error,) = load_errors(folder)
    assert "b.yaml:2: rule 'mob.call-up': duplicate rule id (first defined at" in error
    assert "a.yaml:2)" in error


def test_pattern_spacy_rejects_is_reported_with_rule(tmp_path):
    folder = write_rules(tmp_path / "r", "rules:\n" + GOOD.replace("{LOWER: up}", "{LENGTH: {'>=': 'x'}}"))
    from belsignal.pipeline import pipeline

    with pytest.raises(RuleSetError) as info:
        pipeline(None, load_rules([folder]))
    assert "user.yaml:2: rule 'mob.call-up': spaCy rejects a pattern" in str(info.value)


def test_yaml_tags_are_not_executed(tmp_path):
    folder = write_rules(tmp_path / "r", "rules: !!python/object/apply:os.system ['echo hacked']\n")
    (error,) = load_errors(folder)
    assert "bad YAML" in error


def test_a_lexicon_list_may_include_another(tmp_path):
    folder = write_rules(tmp_path / "r", "lexicon:\n  base_words: [alpha]\n  more_words: ['@base_words', beta]\n"
                         "rules:\n" + GOOD.replace("{LOWER: call}", "{LOWER: {IN: '@more_words'}}"))
    rule = load_rules([folder]).by_id("mob.call-up")
    assert rule.patterns[0][0]["LOWER"]["IN"] == ["alpha", "beta"]


def test_yes_no_on_are_words_not_booleans():
    assert "no" in RULESET.cue("negated")
    assert "on" in RULESET.cue("not_names")


NEW_KIND = """\
kinds: [mobilisation]
rules:
  - id: mobilisation.readiness
    kind: mobilisation
    patterns:
      - [{LOWER: {IN: [sudden, snap]}}, {LOWER: check}, {LOWER: of}, {OP: "{0,4}"}, {LOWER: readiness}]
      - [{LOWER: call}, {LOWER: "-"}, {LOWER: up}, {LOWER: of}, {LOWER: reservists}]
    examples:
      match:
        - {text: "The ministry announced a call-up of reservists.", span: "call-up of reservists"}
        - {text: "Minsk ordered a sudden check of combat and mobilisation readiness.", actor: belarus}
      no_match: ["The check arrived late."]
"""


def test_new_kind_by_yaml_alone(tmp_path, run_cli):
    rules = write_rules(tmp_path / "rules", NEW_KIND)
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Minsk ordered a sudden check of combat and mobilisation readiness on Tuesday.\n"
                       "The ministry also announced a call-up of reservists.\n", encoding="utf-8")
    result = run_cli("extract", article.parent, "--rules", rules, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    import json

    rows = [json.loads(line) for line in result.stdout.splitlines()]
    mine = [r for r in rows if r["kind"] == "mobilisation"]
    assert [r["text"] for r in mine] == ["sudden check of combat and mobilisation readiness", "call-up of reservists"]
    assert all(list(r) == list(belsignal.COLUMNS) for r in mine)
    assert mine[0]["actor"] == "belarus" and mine[0]["date_text"] == "on Tuesday"
    assert all(r.ok for r in run_examples(load_rules([rules]), only_dirs=[rules]))


def test_user_rule_replaces_builtin_and_is_reported_once(tmp_path, run_cli):
    override = """\
    rules:
      - id: exercise.noun
        kind: exercise
        patterns:
          - [{LOWER: manoeuvres}]
    """
    rules = write_rules(tmp_path / "rules", override)
    ruleset = load_rules([rules])
    assert ruleset.replaced == ["exercise.noun"]
    assert ruleset.by_id("exercise.noun").patterns == [[{"LOWER": "manoeuvres"}]]
    article = tmp_path / "a.txt"
    article.write_text("Belarus held exercises and manoeuvres near Brest.", encoding="utf-8")
    result = run_cli("extract", article, "--rules", rules, "-f", "jsonl")
    assert result.stderr.count("replaces the built-in rule") == 1
    import json

    assert [json.loads(x)["text"] for x in result.stdout.splitlines()] == ["manoeuvres"]


def test_rules_folder_from_environment(tmp_path, monkeypatch):
    rules = write_rules(tmp_path / "rules", NEW_KIND)
    monkeypatch.setenv("BELSIGNAL_RULES", str(rules))
    assert "mobilisation.readiness" in [r.id for r in load_rules().rules]


def test_rules_check_command_passes_on_shipped_rules(run_cli):
    result = run_cli("rules", "check")
    assert result.exit_code == 0, result.stderr
    assert " 0 failed" in result.stderr


def test_rules_check_reports_a_failing_example(tmp_path, run_cli):
    bad = NEW_KIND.replace('span: "call-up of reservists"', 'span: "call-up of reservists", actor: russia')
    rules = write_rules(tmp_path / "rules", bad)
    result = run_cli("rules", "check", rules)
    assert result.exit_code == 1
    assert "FAIL mobilisation.readiness match:0" in result.stderr
    assert "actor: expected 'russia', got" in result.stderr


def test_rules_list_shows_every_rule(run_cli):
    result = run_cli("rules", "list")
    assert result.exit_code == 0
    assert "troops.count" in result.stdout and "equipment.count" in result.stdout


def test_the_rules_readme_example_is_a_working_rule_folder(tmp_path):
    from .conftest import ROOT

    readme = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    block = "kinds: [mobilisation]" + readme.split("```yaml\nkinds: [mobilisation]")[1].split("```")[0]
    folder = write_rules(tmp_path / "r", block)
    results = run_examples(load_rules([folder]), only_dirs=[folder])
    assert len(results) == 3 and all(r.ok for r in results)


# --------------------------------------------------------------------------- issue 10: items 16 and 20


def test_rules_check_fails_a_rule_without_examples(tmp_path, run_cli):
    rules = write_rules(tmp_path / "rules", "rules:\n" + GOOD)
    result = run_cli("rules", "check", rules)
    assert result.exit_code == 1
    assert "FAIL mob.call-up examples" in result.stderr
    assert "user.yaml:2: the rule has no 'match' example" in result.stderr
    assert "user.yaml:2: the rule has no 'no_match' example" in result.stderr


def test_rules_check_fails_a_rule_that_shows_no_text_it_leaves_alone(tmp_path, run_cli):
    """A constraint that constrains nothing (REGEX "."), shown only with texts it matches: the
    check must not pass it, or it emits a row per token."""
    anything = GOOD.replace('{LOWER: call}, {LOWER: "-"}, {LOWER: up}', '{TEXT: {REGEX: "."}}')
    assert anything != GOOD
    rules = write_rules(tmp_path / "rules", "rules:\n" + anything + """    examples:
      match: [{text: "call-up", span: "call-up"}]
""")
    result = run_cli("rules", "check", "--no-builtin", rules)
    assert result.exit_code == 1
    assert "user.yaml:2: the rule has no 'no_match' example" in result.stderr


def test_rules_check_on_the_builtin_folder_named_explicitly(run_cli, monkeypatch):
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = run_cli("rules", "check", "rules/")
    assert result.exit_code == 0, result.stderr
    assert "defined twice" not in result.stderr and "duplicate rule id" not in result.stderr
    assert f"{len(RESULTS)} passed, 0 failed" in result.stderr


def test_a_copy_of_the_builtin_rules_is_loaded_once(tmp_path, monkeypatch, run_cli):
    import shutil

    from belsignal.rules import BUILTIN_RULES

    copy = tmp_path / "copy"
    shutil.copytree(BUILTIN_RULES, copy)
    assert [r.id for r in load_rules([copy]).rules] == [r.id for r in RULESET.rules]
    monkeypatch.setenv("BELSIGNAL_RULES", str(copy))
    assert [r.id for r in load_rules([copy]).rules] == [r.id for r in RULESET.rules]
    result = run_cli("rules", "check", copy)
    assert result.exit_code == 0, result.stderr
    assert f"{len(RESULTS)} passed, 0 failed" in result.stderr


def test_an_edited_copy_of_the_builtin_rules_names_the_way_out(tmp_path, run_cli):
    """A copy that differs (the user edited it) is no longer the built-in folder: its lexicons
    clash with the built-in ones, and the error says where, and how to use the copy alone."""
    import shutil

    from belsignal.rules import BUILTIN_RULES

    copy = tmp_path / "copy"
    shutil.copytree(BUILTIN_RULES, copy)
    with (copy / "troops.yaml").open("a", encoding="utf-8") as f:
        f.write("# my edit\n")
    result = run_cli("rules", "check", copy)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert "is defined twice, first in " in first and f"{BUILTIN_RULES.name}/equipment.yaml (a copy" in first
    assert first.endswith("(a copy of the built-in rules? --no-builtin uses a folder alone)")
    alone = run_cli("rules", "check", "--no-builtin", copy)
    assert alone.exit_code == 0 and f"{len(RESULTS)} passed, 0 failed" in alone.stderr


def test_no_builtin_checks_and_uses_a_folder_alone(tmp_path, run_cli):
    alone = NEW_KIND.replace(", actor: belarus", "")  # no actor gazetteer without the built-in rules
    rules = write_rules(tmp_path / "rules", alone)
    assert [r.id for r in load_rules([rules], builtin=False).rules] == ["mobilisation.readiness"]
    result = run_cli("rules", "check", "--no-builtin", rules)
    assert result.exit_code == 0, result.stderr
    assert "3 passed, 0 failed" in result.stderr
    article = tmp_path / "a.txt"
    article.write_text("Minsk ordered a sudden check of combat readiness. It sent 5,000 troops.", encoding="utf-8")
    extracted = run_cli("extract", article, "--rules", rules, "--no-builtin", "-f", "jsonl")
    assert extracted.exit_code == 0, extracted.stderr
    import json

    assert [json.loads(x)["rule"] for x in extracted.stdout.splitlines()] == ["mobilisation.readiness"]


def test_libyaml_reads_every_built_in_rule_file_as_the_python_loader_does():
    import yaml

    from belsignal import rules

    for path in sorted(rules.BUILTIN_RULES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert rules._load_yaml(text) == yaml.load(text, Loader=rules._LineLoader), path.name


def test_a_lexicon_list_read_in_python_has_its_references_expanded():
    from belsignal import rules

    words = rules.load_rules().words("share_holders")  # share_holders refers to @populace
    assert {"respondents", "belarusians"} <= words and "@populace" not in words and "" not in words


def test_the_rule_set_hash_ignores_lexicon_lists_already_made():
    """RuleSet.words keeps each list it makes: a Dask worker that has used more of them than the
    client must still read the same rule set (rules_hash is what they compare)."""
    from belsignal.rules import load_rules, rules_hash

    fresh, used = load_rules([], builtin=True), load_rules([], builtin=True)
    assert "troops" in used.words("troop_nouns")
    assert rules_hash(used) == rules_hash(fresh)
