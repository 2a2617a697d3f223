"""Web-quality audit: Lighthouse on the production server, every page type that matters,
both languages, mobile and desktop. Prints the four category scores per page, and for
the article with images (bench/content.py) what the issue's bar asks of it: the first
view's transferred weight and layout shift on a 375 px phone, and Lighthouse's own.

Uses npm's lighthouse@12.2.3 (installed into var/lighthouse/) with Debian's chromium, and
Playwright (a dependency of the browser tests) for the 375 px phone. The server is
`make serve-proxy`'s: gunicorn behind nginx, which serves the pictures from disk.

    make audit                 # or: .venv/bin/python bench/audit.py --only images
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(ROOT / "var" / "bench-media"))

import django  # noqa: E402

django.setup()

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import content, production  # noqa: E402
from bench.serving import Server, own_database, production_environment  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE = ROOT / "var" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
PAGES = [
    ("home", "/ru/", "/en/"),
    (
        "article",
        "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
        "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
    ),
    ("organisation", "/ru/partnery/organizacii/innobiz/", "/en/partners/organisations/innobiz/"),
    ("article+images", content.PATH_RU, content.PATH_EN),
]
# The phone: 375 CSS px wide, at the pixel densities such phones have.
PHONE = {"width": 375, "height": 812}
DENSITIES = (1, 2, 3)
BUDGET_KB = 200
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install lighthouse")
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(LIGHTHOUSE.parents[2]),
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )


def audit(url: str, device: str) -> dict[str, int]:
    arguments = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if device == "desktop":
        arguments.append("--preset=desktop")
    # Now and then chromium's trace misses the navigation's start (NO_NAVSTART): once more.
    for _attempt in range(2):
        result = subprocess.run(
            arguments,
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
        if result.returncode == 0:
            break
    else:
        raise RuntimeError(result.stderr[-2000:])
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    measured = {
        "weight_kb": report["audits"]["total-byte-weight"]["numericValue"] / 1024,
        "cls": report["audits"]["cumulative-layout-shift"]["numericValue"],
        "lcp_s": report["audits"]["largest-contentful-paint"]["numericValue"] / 1000,
    }
    failing = [
        audit_id
        for audit_id, item in report["audits"].items()
        if item.get("score") is not None
        and item["score"] < 1
        and item.get("scoreDisplayMode") == "binary"
    ]
    return {**scores, **measured, "failing": failing}


# Layout shifts as the Layout Instability API reports them (those right after input aside).
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


def first_view(browser, url: str, density: int) -> dict:
    """What a 375 px phone at ``density`` fetches for ``url`` before its reader scrolls:
    bytes on the wire (headers and encoded bodies), the pictures among them and where the
    pictures are, the layout shift so far; then the layout shift once the reader has
    scrolled to the end.

    Chromium fetches a lazy picture once it is within 1 250 px of the screen (on 4G; 2 500
    px on slower networks): the view's weight counts the pictures it fetches that way. With
    Lighthouse's slow 4G emulated (Network.emulateNetworkConditions) it fetched the same."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=density)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    first = list(requests)
    sizes = [request.sizes() for request in first]
    weight = sum(size["responseHeadersSize"] + size["responseBodySize"] for size in sizes)
    pictures = [
        (request.url.rsplit("/", 1)[-1], size["responseBodySize"])
        for request, size in zip(first, sizes, strict=True)
        if request.resource_type == "image"
    ]
    tops = page.evaluate("[...document.images].map(i => Math.round(i.getBoundingClientRect().top))")
    in_view = sum(1 for top in tops if top < PHONE["height"])
    shift_before = page.evaluate(LAYOUT_SHIFT)
    height = page.evaluate("document.documentElement.scrollHeight")
    for _step in range(0, height, PHONE["height"] // 2):
        page.mouse.wheel(0, PHONE["height"] // 2)
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    shift_after = page.evaluate(LAYOUT_SHIFT)
    total_pictures = sum(1 for request in requests if request.resource_type == "image")
    context.close()
    return {
        "weight_kb": weight / 1024,
        "requests": len(first),
        "pictures": pictures,
        "in_view": in_view,
        "tops": tops,
        "cls_before": shift_before,
        "cls_after": shift_after,
        "pictures_after_scroll": total_pictures,
    }


def print_first_views(base: str) -> None:
    _name, russian, english = PAGES[-1]
    print(
        f"\nFirst view of the article with images, {PHONE['width']}x{PHONE['height']} px, "
        f"no scrolling (budget {BUDGET_KB} KB)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROME_FLAGS.replace("--headless=new ", "").split()
        )
        for language, path in (("ru", russian), ("en", english)):
            for density in DENSITIES:
                view = first_view(browser, base + path, density)
                verdict = "within" if view["weight_kb"] < BUDGET_KB else "OVER"
                print(
                    f"  {language} at {density}x: "
                    f"{view['weight_kb']:6.1f} KB in {view['requests']} requests "
                    f"({verdict} budget); {len(view['pictures'])} pictures fetched "
                    f"({view['in_view']} in view): "
                    + ", ".join(f"{size / 1024:.0f}" for _name, size in view["pictures"])
                    + f" KB; pictures' tops at {view['tops']} px"
                )
                print(
                    f"{'':<8}CLS {view['cls_before']:.3f} before scrolling, "
                    f"{view['cls_after']:.3f} after scrolling to the end "
                    f"({view['pictures_after_scroll']} pictures fetched by then)"
                )
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["images"], help="only the article with images")
    parser.add_argument("--phone-only", action="store_true", help="no Lighthouse")
    arguments = parser.parse_args()
    pages = PAGES[-1:] if arguments.only else PAGES
    ensure_lighthouse()
    with own_database("bench_audit"), tempfile.TemporaryDirectory() as nginx_directory:
        environment = production_environment()
        print(
            f"Lighthouse {LIGHTHOUSE_VERSION}, production server "
            "(gunicorn behind nginx, DJANGO_DEBUG off)"
        )
        print(
            f"{'page':<24}{'device':<9}"
            + "".join(f"{name:>16}" for name in CATEGORIES)
            + f"{'weight':>10}{'CLS':>7}{'LCP':>7}"
        )
        with (
            Server(environment) as server,
            production.nginx(server.base.removeprefix("http://"), Path(nginx_directory)) as proxy,
        ):
            base = f"http://{proxy}"
            # A server in service is warm: its database connections open, its pages cached
            # (and the pictures' renditions made, on the first request).
            for _name, russian, english in pages:
                for path in (russian, english):
                    for _ in range(10):
                        urllib.request.urlopen(base + path).read()
            for name, russian, english in [] if arguments.phone_only else pages:
                for language, path in (("ru", russian), ("en", english)):
                    for device in ("mobile", "desktop"):
                        scores = audit(base + path, device)
                        print(
                            f"{name + ' (' + language + ')':<24}{device:<9}"
                            + "".join(f"{scores[category]:>16}" for category in CATEGORIES)
                            + f"{scores['weight_kb']:>7.0f} KB{scores['cls']:>7.3f}"
                            f"{scores['lcp_s']:>6.1f}s"
                        )
                        if scores["failing"]:
                            print(f"{'':<33}failing: {', '.join(scores['failing'])}")
            print_first_views(base)


if __name__ == "__main__":
    main()
