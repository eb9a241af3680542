"""The 适老化 reading modes in a real browser: opens a built example site from
file:// in headless Chromium (selenium from site-check's environment) and
checks the toolbar the script makes: 大字 enlarges the root font, 高对比度
changes the computed colours, the choice is remembered on reload and on
another page (localStorage), 标准 and a second 高对比度 bring the page back;
the buttons are reached with Tab and pressed with Enter and Space
(aria-pressed follows, focus is visible); axe finds nothing with both modes
on; at 390 px in large text the tables keep columns of five characters at
least (they scroll sideways); with JavaScript off there is no toolbar and the
page is whole.

Usage: python reading_modes_test.py SITE_DIR   (exit 0 pass, 1 fail, 2 tool error)
Uses site-check's lib (browser.py) through harness.py.
"""
import json
import sys
from pathlib import Path

from harness import axe_violations, check, finish, load

browser = load("reading-modes-test")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

HOME = "index.html"
OTHER = "indicators/xg-medical-waste-disposal/index.html"
CORRECTED = "indicators/xg-surface-water-city/index.html"  # its data table has a source and a correction column


def state(drv):
    """What the modes change: <html>'s classes, the root font size, colours, the buttons."""
    return drv.execute_script("""
        var root = document.documentElement, cs = getComputedStyle;
        var bar = document.querySelector('.reading-modes');
        return {
          classes: Array.from(root.classList).sort().join(' '),
          font: parseFloat(cs(root).fontSize),
          ink: cs(document.body).color,
          header: cs(document.querySelector('.site-header')).backgroundColor,
          link: cs(document.querySelector('main a')).color,
          bars: document.querySelectorAll('.reading-modes').length,
          label: bar ? bar.getAttribute('aria-label') + '/' + bar.getAttribute('role') : null,
          buttons: bar ? Array.from(bar.querySelectorAll('button')).map(function (b) {
            return b.textContent + '=' + b.getAttribute('aria-pressed'); }) : [],
        };""")


def focused(drv):
    """The focused element's text and whether its focus outline shows."""
    return drv.execute_script("""
        var e = document.activeElement, s = getComputedStyle(e);
        return [e.textContent.trim(), s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0];""")


def tab(drv, key=Keys.TAB):
    ActionChains(drv).send_keys(key).perform()


def tab_to(drv, name, step):
    """Tab once more: the button `name` has the focus, and its outline shows."""
    tab(drv)
    text, visible = focused(drv)
    check(text == name and visible, f"Tab {step}: {name}, with a visible focus outline ({text!r}, {visible})")


def with_script(site, axe):
    drv = browser.make_driver(1280, 900)
    try:
        drv.get((site / HOME).as_uri())
        s0 = state(drv)
        check(s0["bars"] == 1, f"one toolbar, made by the script ({s0['bars']})")
        check(s0["label"] == "阅读模式/region", f"the toolbar is a region named 阅读模式 ({s0['label']})")
        check(s0["buttons"] == ["大字=false", "标准=true", "高对比度=false"], f"buttons at first {s0['buttons']}")
        check(s0["classes"] == "", f"no mode at first ({s0['classes']!r})")

        # Keyboard: Tab reaches the skip link, then 大字; Enter presses it.
        tab(drv)
        check(drv.execute_script("return document.activeElement.className") == "skip", "Tab 1: the skip link")
        tab_to(drv, "大字", 2)
        tab(drv, Keys.ENTER)
        s1 = state(drv)
        check(s1["classes"] == "large-text", f"大字 (Enter): <html> has large-text ({s1['classes']!r})")
        check(s1["font"] >= s0["font"] * 1.2, f"大字: the root font grows {s0['font']}px -> {s1['font']}px")
        check(s1["buttons"] == ["大字=true", "标准=false", "高对比度=false"], f"大字: aria-pressed follows {s1['buttons']}")

        # Tab on to 高对比度; Space presses it.
        tab(drv)
        check(focused(drv)[0] == "标准", "Tab 3: 标准")
        tab_to(drv, "高对比度", 4)
        tab(drv, Keys.SPACE)
        s2 = state(drv)
        check(s2["classes"] == "high-contrast large-text", f"高对比度 (Space): <html> has high-contrast ({s2['classes']!r})")
        check(s2["ink"] != s0["ink"] and s2["header"] != s0["header"] and s2["link"] != s0["link"],
              f"高对比度: text, header and link colours change ({s0['ink']} {s0['header']} {s0['link']} -> "
              f"{s2['ink']} {s2['header']} {s2['link']})")
        check(s2["buttons"] == ["大字=true", "标准=false", "高对比度=true"], f"高对比度: aria-pressed follows {s2['buttons']}")
        res = axe_violations(drv, axe)
        check(res == [], f"axe: no violations in large text and high contrast {res}")

        # Remembered: on reload, and on another page.
        drv.refresh()
        s3 = state(drv)
        check(s3["classes"] == "high-contrast large-text" and s3["buttons"] == s2["buttons"],
              f"reload: the choice is remembered ({s3['classes']!r}, {s3['buttons']})")
        drv.get((site / OTHER).as_uri())
        s4 = state(drv)
        check(s4["classes"] == "high-contrast large-text" and s4["font"] == s1["font"],
              f"{OTHER}: the choice is remembered ({s4['classes']!r}, {s4['font']}px)")

        # 标准 and 高对比度 again (clicked): back to the page as it was.
        buttons = drv.find_elements(By.CSS_SELECTOR, ".reading-modes button")
        buttons[1].click()
        s5 = state(drv)
        check(s5["classes"] == "high-contrast" and s5["font"] == s0["font"], f"标准: the root font is back ({s5['font']}px)")
        buttons[2].click()
        s6 = state(drv)
        check(s6["classes"] == "" and s6["buttons"] == s0["buttons"], f"高对比度 again: no mode ({s6['classes']!r}, {s6['buttons']})")
        drv.get((site / HOME).as_uri())
        s7 = state(drv)
        check((s7["classes"], s7["font"], s7["ink"], s7["header"], s7["link"]) == (s0["classes"], s0["font"], s0["ink"], s0["header"], s0["link"]),
              "home again: standard text and colours, remembered")
    finally:
        browser.quit_driver(drv)


def phone_large_text(site):
    """At 390 px in large text the tables scroll sideways in their region instead of
    squeezing their columns: a cell of an indicator's data table or of the home page's
    count tables that wraps is at least five characters wide."""
    drv = browser.make_driver(390, 844)
    try:
        for page, tables in ((CORRECTED, "table.data"), (HOME, "table.counts")):
            drv.get((site / page).as_uri())
            got = drv.execute_script("""
                document.documentElement.classList.add('large-text');
                var font = parseFloat(getComputedStyle(document.documentElement).fontSize);
                var cells = Array.from(document.querySelectorAll(arguments[0] + ' td, ' + arguments[0] + ' th'));
                // A cell squeezed: its text wraps onto more than one line in fewer than five characters' width.
                var squeezed = cells.map(function (c) {
                  var s = getComputedStyle(c), r = document.createRange();
                  r.selectNodeContents(c);
                  var tops = {};
                  Array.from(r.getClientRects()).forEach(function (b) { tops[Math.round(b.top)] = 1; });
                  var width = (c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / font;
                  return Object.keys(tops).length > 1 ? width : 99; });
                return {font: font, cells: cells.length, narrowest: Math.min.apply(null, squeezed)};""", tables)
            check(got["font"] == 20 and got["cells"] > 0, f"{page} at 390 px in large text: {got['cells']} cells at {got['font']} px")
            check(got["narrowest"] >= 5, f"{page} at 390 px in large text: the narrowest {tables} cell that wraps holds {got['narrowest']:.1f} characters a line (>= 5)")
    finally:
        browser.quit_driver(drv)


def without_script(site):
    """Chromium with JavaScript blocked for pages (chromedriver still reads the DOM)."""
    drv = browser.make_driver(1280, 900)
    try:
        drv.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        for page in (HOME, OTHER):
            drv.get((site / page).as_uri())
            got = drv.execute_cdp_cmd("Runtime.evaluate", {"expression": """
                JSON.stringify({bars: document.querySelectorAll('.reading-modes').length,
                  search: document.querySelectorAll('#search-q').length,
                  classes: document.documentElement.className,
                  main: document.querySelector('main').innerText.length})""", "returnByValue": True})
            s = json.loads(got["result"]["value"])
            check(s["search"] == 0, f"{page} without script: scripts really did not run (no search box)")
            check(s["bars"] == 0 and s["classes"] == "", f"{page} without script: no toolbar, no mode ({s})")
            check(s["main"] > 200, f"{page} without script: the main content is there ({s['main']} characters)")
    finally:
        browser.quit_driver(drv)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    site = Path(sys.argv[1]).resolve()
    try:
        axe_path, _ = browser.find_axe()
        axe = Path(axe_path).read_text(encoding="utf-8")
        with_script(site, axe)
        phone_large_text(site)
        without_script(site)
    except browser.ToolError as e:
        print(f"reading-modes-test: ERROR {e}")
        return 2
    return finish("reading-modes-test")


if __name__ == "__main__":
    sys.exit(main())
