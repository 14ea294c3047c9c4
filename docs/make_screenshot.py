"""Make docs/report.png, the README's screenshot of `belsignal report`, from the seed articles.

    python docs/make_screenshot.py

Runs the weekly workflow on copies of seeds/ in a temporary folder: week 1 is the two dated
seeds (000, 002), week 2 the three undated ones, dated 2024-06-26 with --published (a demo
date; the articles carry none). Then `belsignal report` and a screenshot of the top of the
page in Debian's headless Chromium (apt-get install -y chromium; pip install -e '.[dev]').
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from belsignal.cli import main; main()"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for week, names, extra in (("week1", ("000_", "002_"), []),
                                   ("week2", ("001_", "003_", "004_"), ["--published", "2024-06-26"])):  # fmt: skip
            (work / week).mkdir()
            for seed in seeds:
                if seed.name.startswith(names):
                    shutil.copy(seed, work / week / seed.name)
            subprocess.run([*CLI, "extract", str(work / week), "-o", str(work / "signals.db"), "-q", *extra], check=True)
        report = work / "report.html"
        subprocess.run([*CLI, "report", "signals.db", "-o", str(report)], check=True, cwd=work)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1500}, offline=True)
            page.goto(report.as_uri())
            page.evaluate("window.belsignalReady.then(() => true)")
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            browser.close()
    print(ROOT / "docs" / "report.png")


if __name__ == "__main__":
    main()
