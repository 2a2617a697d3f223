"""Soak run: 60 s at 64 connections against the production server while an editor saves
articles in parallel. Prints the answers by status, and checks that every save is there.

    make soak                   # or: .venv/bin/python bench/soak.py --seconds 60
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from reversion.models import Version  # noqa: E402

from bench.serving import ROOT, Server, ensure_wrk, own_database, production_environment  # noqa: E402
from news.models import Article  # noqa: E402

CONNECTIONS = 64
# wrk cycles through these (a Lua script picks one per request).
PATHS = [
    "/ru/",
    "/en/",
    "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/",
    "/en/news/moscow-and-innobiz-agree-on-joint-projects/",
    "/en/partners/organisations/innobiz/",
    "/ru/partnery/lyudi/natalya-sergunina/",
    "/en/search/?q=innovative+startups",
    "/ru/novosti/rss/",
    "/sitemap.xml",
]
SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
response = function(status, headers, body)
  if status >= 500 then errors5xx = (errors5xx or 0) + 1 end
end
"""


class Editor(threading.Thread):
    """Saves articles one after another, as an editor in the admin would: each save a
    revision in the history, the headline numbered so that every save can be found."""

    def __init__(self, articles: list[int]):
        super().__init__(daemon=True)
        self.articles, self.saves, self.running, self.error = articles, [], True, None

    def run(self):
        import reversion

        editor = get_user_model().objects.create_user("soak-editor", is_staff=True)
        number = 0
        try:
            while self.running:
                number += 1
                article = Article.objects.get(pk=self.articles[number % len(self.articles)])
                with reversion.create_revision():
                    reversion.set_user(editor)
                    article.headline_en = f"Edited during the soak, save {number}"
                    article.modified_by = editor
                    article.save()
                self.saves.append((article.pk, number))
                time.sleep(1)  # a busy editor: a save a second
        except Exception as error:  # reported, and fails the run
            self.error = error
        finally:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    arguments = parser.parse_args()
    wrk = ensure_wrk()

    with own_database("bench_soak", 200):
        environment = production_environment()
        script = ROOT / "var" / "soak.lua"
        script.write_text(SCRIPT % ", ".join(f'"{path}"' for path in PATHS))
        editor = Editor(list(Article.objects.values_list("pk", flat=True)[:20]))
        with Server(environment) as server:
            editor.start()
            output = subprocess.run(
                [
                    wrk,
                    "-t2",
                    f"-c{CONNECTIONS}",
                    f"-d{arguments.seconds}s",
                    "-s",
                    str(script),
                    server.base,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            editor.running = False
            editor.join()
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        socket_errors = re.search(r"Socket errors: (.*)", output)
        print(output)
        print(f"requests: {requests}; non-2xx/3xx: {non_2xx.group(1) if non_2xx else 0}")
        print(f"socket errors: {socket_errors.group(1) if socket_errors else 'none'}")
        saved = {
            (int(version.object_id), int(version.field_dict["headline_en"].rsplit(" ", 1)[1]))
            for version in Version.objects.get_for_model(Article).filter(
                revision__user__username="soak-editor"
            )
        }
        missing = set(editor.saves) - saved
        print(
            f"editor saves: {len(editor.saves)}; in the history afterwards: {len(saved)}; "
            f"missing: {len(missing)}"
        )
        if editor.error or missing or non_2xx or socket_errors:
            sys.exit(f"FAILED: {editor.error or ''}")
        print("OK: no errors, no 5xx, every save kept")


if __name__ == "__main__":
    main()
