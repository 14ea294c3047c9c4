"""YAML as belsignal reads it (rule files, front matter): PyYAML's safe loader without aliases.

An alias (`*name`) lets a few hundred bytes stand for gigabytes ("billion laughs"): PyYAML
shares the repeated objects, but whatever walks or prints the result expands them. No rule
file or front matter needs aliases, so they are refused where they appear, with their line.
"""
from __future__ import annotations

import yaml


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
