"""Search in a real browser: opens a built example site from file:// in headless
Chromium (selenium from site-check's environment), types 饮用水 and then PM2.5,
and checks the results (indicator and plan section found, links to existing
files and anchors, status announced, arrow keys, axe on the result list,
long queries),
from the home page, a plan page two folders down and search/index.html?q=.

Usage: python search_test.py SITE_DIR [--shots DIR]   (exit 0 pass, 1 fail, 2 tool error)
Uses site-check's lib (browser.py) through harness.py.
"""
import argparse
import os
import sys
import time
import urllib.parse
from pathlib import Path

from harness import axe_violations, check, finish, load

browser = load("search-test")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


def results(drv, query, timeout=10.0):
    """Types `query` into the search box; returns (status text, [(kind, text, href, meta)])."""
    box = drv.find_element(By.ID, "search-q")
    box.clear()
    drv.execute_script("document.getElementById('search-status').textContent = ''")
    box.send_keys(query)
    end = time.time() + timeout
    status = ""
    while time.time() < end:
        status = drv.find_element(By.ID, "search-status").text
        if status:
            break
        time.sleep(0.05)
    hits = drv.execute_script("""
        return Array.from(document.querySelectorAll('.search-list li')).map(function (li) {
          var a = li.querySelector('a'), k = li.querySelector('.search-kind'), m = li.querySelector('.search-meta');
          return [k ? k.textContent : '', a.textContent, a.href, m ? m.textContent : '',
                  li.querySelector('.badge') ? 1 : 0];
        });""")
    return status, hits


def target_exists(site, href):
    """The file an href names exists, and so does its #fragment's id."""
    parts = urllib.parse.urlsplit(href)
    path = Path(urllib.parse.unquote(parts.path))
    if not path.is_file() or not str(path).startswith(str(site)):
        return False
    if parts.fragment:
        frag = urllib.parse.unquote(parts.fragment)
        return f'id="{frag}"' in path.read_text(encoding="utf-8")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--shots", help="write screenshots of the results here (1280 and 390 px)")
    a = ap.parse_args()
    site = Path(a.site).resolve()
    try:
        drv = browser.make_driver(1280, 900)
        axe_path, _ = browser.find_axe()
    except Exception as e:  # noqa: BLE001
        print(f"search-test: ERROR {e}")
        return 2
    axe = Path(axe_path).read_text(encoding="utf-8")
    try:
        for page in ("index.html", "plans/xiaogan-2022/index.html"):
            drv.get((site / page).as_uri())
            check(len(drv.find_elements(By.ID, "search-q")) == 1, f"{page}: search box added by the script")

            status, hits = results(drv, "饮用水")
            check("饮用水" in status or any(c.isdigit() for c in status), f"{page}: 饮用水 status announced: {status!r}")
            ind = [h for h in hits if h[2].endswith("/indicators/xg-drinking-water/index.html")]
            check(len(ind) == 1, f"{page}: 饮用水 finds indicator xg-drinking-water")
            if ind:
                check(ind[0][4] == 1 and "县级及以上城市集中式饮用水水源水质达标率" in ind[0][1],
                      f"{page}: indicator result has its name and a status badge")
                check("2022年全市生态环境工作要点" in ind[0][3], f"{page}: indicator result names its plan: {ind[0][3]!r}")
            sec = [h for h in hits if "/plans/guangxi-2022/index.html#" in h[2] and "碧水" in h[1]]
            check(len(sec) == 1, f"{page}: 饮用水 finds the section (六)深入打好碧水保卫战")
            check(hits and all(target_exists(site, h[2]) for h in hits), f"{page}: every result links to an existing file and anchor")
            # Names before bodies: the first results have 饮用水 in their title.
            check(hits and "饮用水" in hits[0][1], f"{page}: a title match comes first: {hits[0][1] if hits else None!r}")

            status, hits = results(drv, "ＰＭ2.5")
            sec = [h for h in hits if "/plans/guangxi-2022/index.html#" in h[2] and "蓝天" in h[1]]
            check(len(sec) == 1, f"{page}: PM2.5 (typed full-width) finds the section (五)深入打好蓝天保卫战: {status!r}")
            check(all(target_exists(site, h[2]) for h in hits), f"{page}: PM2.5 results link to existing anchors")

        # Long queries load a bounded part of the index (SearchScript.maxShards,
        # fileBudget) and still find: a pasted indicator name (18 pairs), and
        # six terms of mixed scripts.
        status, hits = results(drv, "县级及以上城市集中式饮用水水源水质达标率")
        check(any(h[2].endswith("/indicators/xg-drinking-water/index.html") for h in hits),
              f"a pasted indicator name finds it: {status!r}")
        status, hits = results(drv, "臭氧 碧水 PM2.5 蓝天 饮用水 水质")
        check(any(h[2].endswith("/indicators/xg-drinking-water/index.html") for h in hits)
              and all(target_exists(site, h[2]) for h in hits), f"six terms find the indicator: {status!r}")

        # Keyboard: arrow down from the box to the first result, up back to the box.
        status, hits = results(drv, "饮用水")
        box = drv.find_element(By.ID, "search-q")
        box.send_keys(Keys.ARROW_DOWN)
        first = drv.execute_script("return document.activeElement.href")
        check(first == hits[0][2], "ArrowDown moves to the first result")
        drv.switch_to.active_element.send_keys(Keys.ARROW_UP)
        check(drv.execute_script("return document.activeElement.id") == "search-q", "ArrowUp goes back to the box")
        live = drv.execute_script("var s = document.getElementById('search-status');"
                                  "return s.getAttribute('role') + ' ' + s.getAttribute('aria-live')")
        check(live == "status polite", "the count is in a polite live region")

        # axe on the page with its result list shown.
        res = axe_violations(drv, axe)
        check(res == [], f"axe: no violations with results shown {res}")

        # The search page takes ?q=.
        drv.get((site / "search/index.html").as_uri() + "?q=PM2.5")
        end = time.time() + 10
        while time.time() < end and not drv.find_element(By.ID, "search-status").text:
            time.sleep(0.05)
        links = drv.execute_script("return Array.from(document.querySelectorAll('.search-list a')).map(a => a.href)")
        check(any("guangxi-2022/index.html#" in h for h in links), "search/index.html?q=PM2.5 shows results")

        if a.shots:
            os.makedirs(a.shots, exist_ok=True)
            for width in (1280, 390):
                drv.quit()
                drv = browser.make_driver(width, 900, mobile=width < 600)
                drv.get((site / "index.html").as_uri())
                results(drv, "饮用水")
                drv.save_screenshot(os.path.join(a.shots, f"search-{width}.png"))
    finally:
        drv.quit()
    return finish("search-test")


if __name__ == "__main__":
    sys.exit(main())
