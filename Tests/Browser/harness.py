"""What the browser tests share: site-check's browser lib (selenium and
headless Chromium; found beside the repository in ../shared/tools/site-check/lib,
or at $SITE_CHECK_LIB), a check that prints and counts, and axe."""
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LIB = Path(os.environ.get("SITE_CHECK_LIB", REPO.parent / "shared/tools/site-check/lib"))
sys.path.insert(0, str(LIB))


def load(name):
    """site-check's browser module; exit 2 (a tool error) when it or selenium is missing."""
    try:
        import browser  # noqa: E402
        import selenium  # noqa: E402,F401
        return browser
    except Exception as e:  # noqa: BLE001
        print(f"{name}: ERROR cannot load selenium/site-check lib from {LIB}: {e}")
        sys.exit(2)


failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def axe_violations(drv, axe):
    """axe's WCAG 2.1 A and AA violations on the page as it is now."""
    drv.execute_script(axe)
    return drv.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
        ".then(r => done(r.violations.map(v => v.id + ' ' + v.nodes.map(n => n.target).join(';'))))"
        ".catch(e => done(['error ' + e]));")


def finish(name):
    print(f"{name}: {'FAIL' if failures else 'PASS'} ({len(failures)} failed)")
    return 1 if failures else 0
