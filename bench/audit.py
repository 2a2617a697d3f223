"""Web-quality audit: Lighthouse on the production server, every page type that matters,
both languages, mobile and desktop. Prints the four category scores per page.

Uses npm's lighthouse@12.2.3 (installed into var/lighthouse/) with Debian's chromium.

    make audit
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()


from bench.serving import ROOT, Server, own_database, production_environment  # noqa: E402

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
]
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
    result = subprocess.run(
        arguments,
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit_id
        for audit_id, item in report["audits"].items()
        if item.get("score") is not None
        and item["score"] < 1
        and item.get("scoreDisplayMode") == "binary"
    ]
    return {**scores, "failing": failing}


def main() -> None:
    ensure_lighthouse()
    with own_database("bench_audit"):
        environment = production_environment()
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, production server (gunicorn, DJANGO_DEBUG off)")
        print(f"{'page':<22}{'device':<9}" + "".join(f"{name:>16}" for name in CATEGORIES))
        with Server(environment) as server:
            # A server in service is warm: its database connections open, its pages cached.
            for _name, russian, english in PAGES:
                for path in (russian, english):
                    for _ in range(10):
                        urllib.request.urlopen(server.base + path).read()
            for name, russian, english in PAGES:
                for language, path in (("ru", russian), ("en", english)):
                    for device in ("mobile", "desktop"):
                        scores = audit(server.base + path, device)
                        print(
                            f"{name + ' (' + language + ')':<22}{device:<9}"
                            + "".join(f"{scores[category]:>16}" for category in CATEGORIES)
                        )
                        if scores["failing"]:
                            print(f"{'':<31}failing: {', '.join(scores['failing'])}")


if __name__ == "__main__":
    main()
