"""Where a page's time goes when it is rendered afresh (the page cache off), in-process.

Builds a database of its own (the portal's content plus 1 000 generated articles), runs
Django with the production settings (DJANGO_DEBUG off, cached template loader, kept
database connection) and measures CPU per request through the whole WSGI handler for each
page of every type in both languages (the pages issue 21 sets a target for), then splits
the article page into its stages: the ORM (the article, its body and its partners), the
view's context, and the template. CPU time of this process only, so the figures hold on a
busy machine; PostgreSQL's own time is not in them.

    make bench-render          # or: .venv/bin/python bench/render.py
    .venv/bin/python bench/render.py --profile /ru/   # where one page's time goes (cProfile)
    .venv/bin/python bench/render.py --only /ru/ --runs 50   # one page
    .venv/bin/python bench/render.py --keep ...   # keep the database for the next run
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="portal.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "r" * 64),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    PORTAL_ORIGIN="http://127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="false",
    PORTAL_PAGE_CACHE="false",
)
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(ROOT / "var" / "bench-media"))

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import translation  # noqa: E402

from bench import content  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.serving import own_database  # noqa: E402
from news.models import Article  # noqa: E402

RUNS = 200
ARTICLE_RU = "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"
ARTICLE_EN = "/en/news/moscow-and-innobiz-agree-on-joint-projects/"
# Every page type issue 21 sets a target for, in both languages.
PAGES = [
    ("floor: /robots.txt", "/robots.txt"),
    ("home (ru)", "/ru/"),
    ("home (en)", "/en/"),
    ("article (ru)", ARTICLE_RU),
    ("article (en)", ARTICLE_EN),
    # A lead image and five in the body (bench/content.py).
    ("article+images (ru)", content.PATH_RU),
    ("article+images (en)", content.PATH_EN),
    ("section page (ru)", "/ru/rubriki/innovacii/"),
    ("section page (en)", "/en/sections/innovation/"),
    ("tag page (ru)", "/ru/temy/yuzhnaya-koreya/"),
    ("tag page (en)", "/en/topics/south-korea/"),
    ("partner page (ru)", "/ru/partnery/organizacii/innobiz/"),
    ("partner page (en)", "/en/partners/organisations/innobiz/"),
    ("author page (ru)", "/ru/avtory/redakciya/"),
    ("author page (en)", "/en/authors/newsroom/"),
    ("search (en)", "/en/search/?q=innovative+startups"),
]


def cpu_ms(action, runs: int = RUNS) -> float:
    for _ in range(10):  # warm: templates compiled, connection open
        action()
    start = time.process_time()
    for _ in range(runs):
        action()
    return (time.process_time() - start) / runs * 1000


def through_wsgi(handler: WSGIHandler, address: str):
    environ = RequestFactory().get(address, SERVER_NAME="127.0.0.1").environ
    statuses = []

    def request():
        body = handler(dict(environ), lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()

    request()
    if not statuses[-1].startswith("200"):
        sys.exit(f"{address} answered {statuses[-1]}")
    return request


def article_stages(address: str) -> list[tuple[str, float]]:
    """The article view's stages, each on its own."""
    match = resolve(address)
    request = RequestFactory().get(address, HTTP_HOST="127.0.0.1")
    request.session, request.COOKIES = {}, {}
    view = match.func.view_class()
    view.setup(request, **match.kwargs)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    with CaptureQueriesContext(connection) as queries:
        view.get_object()
    return [
        (f"ORM: article, body, partners ({len(queries)} queries)", cpu_ms(view.get_object)),
        ("view context (links, structured data)", cpu_ms(lambda: view.get_context_data())),
        (
            "template",
            cpu_ms(lambda: TemplateResponse(request, view.template_name, context).render()),
        ),
    ]


@contextmanager
def kept_database(name: str, articles: int):
    """The benchmark's database as ``own_database`` makes it, left in place afterwards and
    reused as it is when there (for profiling one change after another; a code change
    that needs a migration needs a fresh one)."""
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, keepdb=True)
    if not Article.objects.exists():
        call_command("load_content", verbosity=0, stdout=StringIO())
        content.image_article()
        generate(articles)
    yield


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="measure this address alone")
    parser.add_argument("--profile", nargs="+", help="profile these addresses with cProfile")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for the next run, and reuse it"
    )
    options = parser.parse_args()
    with (kept_database if options.keep else own_database)("bench_render", 1000):
        call_command("collectstatic", interactive=False, verbosity=0)
        handler = WSGIHandler()
        for address in options.profile or ():
            print(f"\n===== {address}")
            request = through_wsgi(handler, address)
            cpu_ms(request, 10)
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [request() for _ in range(options.runs)])  # noqa: B023
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
        if options.profile:
            return
        if options.only:
            request = through_wsgi(handler, options.only)
            cpu_ms(request, 10)
            start = time.process_time()
            for _ in range(options.runs):
                request()
            figure = (time.process_time() - start) / options.runs * 1000
            print(f"{options.only}: {figure:.2f}ms CPU/req over {options.runs} requests")
            return
        print(f"CPU per request of this process, {options.runs} requests each, page cache off\n")
        print(f"{'page':<46}{'CPU/req':>10}")
        for label, address in PAGES:
            print(f"{label:<46}{cpu_ms(through_wsgi(handler, address), options.runs):>8.2f}ms")
        for label, address in PAGES:
            if label not in ("article (ru)", "article+images (ru)"):
                continue
            print(f"\n{label}, by stage")
            with translation.override("ru"):
                for stage, figure in article_stages(address):
                    print(f"  {stage:<44}{figure:>8.2f}ms")


if __name__ == "__main__":
    main()
