"""The Wagtail peer's article (../shared/peer-wagtail), measured as `bench/render.py`
measures the portal's pages: in-process, through Django's WSGI handler, CPU time of this
process only (PostgreSQL's own time not in it), so that the two compare in one sitting.

Run with the peer's own Python, after its `./setup.sh`, with the database it made running
(`pgctl.py start` prints its DATABASE_URL):

    PEER=../shared/peer-wagtail PEER_CACHE=/tmp/peer-wagtail
    export PEER_CACHE DATABASE_URL=$($PEER_CACHE/venv/bin/python $PEER/pgctl.py start)
    $PEER_CACHE/venv/bin/python bench/peer_render.py $PEER [--runs 200]

Nothing of the portal is imported: the peer's settings, models and templates only.
"""

import argparse
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("peer", help="the peer's folder (../shared/peer-wagtail)")
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    sys.path.insert(0, os.path.abspath(options.peer))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersite.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    from news.models import NewsPage

    handler = WSGIHandler()
    pages = sorted(NewsPage.objects.live(), key=lambda page: page.locale.language_code != "ru")

    def measure(address: str) -> float:
        environ = RequestFactory().get(address, SERVER_NAME="127.0.0.1").environ
        statuses = []

        def request():
            body = handler(dict(environ), lambda status, headers: statuses.append(status))
            b"".join(body)
            body.close()

        for _ in range(10):  # warm: templates compiled, connection open
            request()
        if not statuses[-1].startswith("200"):
            sys.exit(f"{address} answered {statuses[-1]}")
        start = time.process_time()
        for _ in range(options.runs):
            request()
        return (time.process_time() - start) / options.runs * 1000

    print(f"Wagtail peer, CPU per request of this process, {options.runs} requests each\n")
    print(f"{'floor: /robots.txt':<46}{measure('/robots.txt'):>8.2f}ms")
    for page in pages:
        label = f"peer article ({page.locale.language_code})"
        print(f"{label:<46}{measure(page.url):>8.2f}ms")


if __name__ == "__main__":
    main()
