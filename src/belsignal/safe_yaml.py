"""YAML as belsignal reads it (rule files, front matter): PyYAML's safe loader without aliases.

An alias (`*name`) lets a few hundred bytes stand for gigabytes ("billion laughs"): PyYAML
shares the repeated objects, but whatever walks or prints the result expands them. No rule
file or front matter needs aliases, so they are refused where they appear, with their line.

`load` parses with libyaml when PyYAML has it (a tenth of the time: every CLI run loads the
rule files, and a corpus may hold thousands of front matters) and builds the same objects.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml: the Python loaders alone
    CParser = None


class NoAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader that raises a ComposerError (a YAMLError) at the first alias."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


class PlainLoader(NoAliasLoader):
    """NoAliasLoader that leaves dates as strings: `published: 2022-02-30` is not an error
    in the YAML library but a date belsignal checks (and warns about) itself."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in NoAliasLoader.yaml_implicit_resolvers.items()
}
PlainLoader.yaml_constructors = {
    tag: constructor for tag, constructor in NoAliasLoader.yaml_constructors.items()
    if tag != "tag:yaml.org,2002:timestamp"
}


def load(text: str, loader: type[NoAliasLoader]) -> Any:
    """yaml.load(text, Loader=loader). libyaml composes the text; an alias there is a node met
    twice, refused before anything is built from it. A text libyaml cannot read, or with an
    alias, is read again by `loader`, whose error names the line."""
    if CParser is None:
        return yaml.load(text, Loader=loader)
    try:
        parser = _on_libyaml(loader)(text)
        try:
            node = parser.get_single_node()
            if node is None:
                return None
            _refuse_aliases(node)
            return parser.construct_document(node)
        finally:
            parser.dispose()
    except (yaml.YAMLError, _Alias):
        return yaml.load(text, Loader=loader)


class _Alias(Exception):
    """The text has an alias: read it again with the Python loader, which refuses it at its line."""


@lru_cache(maxsize=None)
def _on_libyaml(loader: type[NoAliasLoader]) -> type:
    """`loader` with libyaml's parser: CParser first in the bases, so its C methods replace the
    Python reader, scanner, parser and composer; the constructor and resolver are the loader's."""
    def __init__(self, stream) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    return type(f"C{loader.__name__}", (CParser, loader), {"__init__": __init__})


def _refuse_aliases(root) -> None:
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _Alias
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
