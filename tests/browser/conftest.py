"""A real browser (Debian's chromium, driven by Playwright) on the live test server."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = settings.BASE_DIR / "artifacts"
VNU = settings.BASE_DIR / "var" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing(what: str, how: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {what}: {how}")
    pytest.skip(f"{what} is not installed: {how}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        missing("Debian's chromium", "sudo apt-get install chromium (make test does it as root)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def screenshot(page, request):
    """``screenshot(name)`` saves the page (or another one, ``screenshot(name, page)``)
    under artifacts/screenshots/<test>/<name>.png."""
    folder = ARTIFACTS / "screenshots" / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str, of=None) -> None:
        (of or page).screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def problems(page):
    """Console errors and failed requests, collected while the test runs."""
    found: list[str] = []

    def console(message):
        # A failed load is reported below, with its address (and the 404 pages that are
        # meant to be 404 left out).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            found.append(message.text)

    def failed(request):
        if request.failure != "net::ERR_ABORTED":  # a request cut short by leaving the page
            found.append(f"failed: {request.url} ({request.failure})")

    page.on("console", console)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("does-not-exist/")
            and found.append(f"{response.status}: {response.url}")
        ),
    )
    return found


@pytest.fixture(scope="session")
def vnu():
    """The W3C Nu HTML Checker (npm vnu-jar), run with the machine's Java."""
    if not shutil.which("java"):
        missing("Java", "sudo apt-get install default-jre-headless")
    if not VNU.exists():
        missing("vnu-jar", "make test installs it with npm into var/vnu/")

    def check(html_files: list[Path]) -> str:
        result = subprocess.run(
            ["java", "-jar", str(VNU), "--errors-only", *map(str, html_files)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        return result.stderr.strip()

    return check
