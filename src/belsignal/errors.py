"""The errors belsignal raises, and the exit codes the CLI maps them to."""
from __future__ import annotations

# Exit codes, documented in the README and in `belsignal --help`.
EXIT_OK = 0
EXIT_SKIPPED = 1  # --strict and some input was skipped; `diff`: differences found
EXIT_USAGE = 2  # bad options, missing input, broken rules, an output that cannot be written
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: stdout was closed early (`| head`), the shell convention


class BelsignalError(Exception):
    """Base class: a message fit to print as one line, and the exit code it means."""

    exit_code = EXIT_USAGE


class InputError(BelsignalError):
    """An input path or option the user gave cannot be used."""


class OutputError(BelsignalError):
    """The output named with -o (or stdout) cannot be written; no partial file is left behind."""


class Stopped(BaseException):
    """Ctrl-C or SIGTERM in the CLI. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` swallows it: on its way out temp files are removed and workers ended."""

    def __init__(self, signum: int, name: str) -> None:
        self.exit_code = 128 + signum
        super().__init__(name)


class RuleError(BelsignalError):
    """One mistake in a rule file, located by file, line and rule id."""

    def __init__(self, message: str, file: str = "", line: int = 0, rule: str = "") -> None:
        self.file, self.line, self.rule, self.reason = file, line, rule, message
        where = file + (f":{line}" if line else "") if file else ""
        parts = [p for p in (where, f"rule '{rule}'" if rule else "", message) if p]
        super().__init__(": ".join(parts))


class RuleSetError(BelsignalError):
    """Every mistake found while loading a rule folder (validation does not stop at the first)."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
