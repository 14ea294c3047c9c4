"""belsignal: a folder of articles -> one normalized table of Belarus war-entry signals.

    import belsignal
    for row in belsignal.extract(["Russia sent about 30,000 troops into Belarus."]):
        print(row.kind, row.value, row.actor)

The heavy modules (spaCy, dateparser) load on first use, so `import belsignal` is cheap.
"""
from __future__ import annotations

from .extract import extract  # binds the function over the submodule of the same name

__version__ = "0.1.0"
__all__ = ["extract", "Signal", "Document", "read_documents", "load_rules", "COLUMNS"]


def __getattr__(name: str):
    if name in ("Signal", "COLUMNS"):
        from . import signals

        return getattr(signals, name)
    if name in ("Document", "read_documents"):
        from . import documents

        return getattr(documents, name)
    if name == "load_rules":
        from .rules import load_rules

        return load_rules
    raise AttributeError(f"module 'belsignal' has no attribute {name!r}")
