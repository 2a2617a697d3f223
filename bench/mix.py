"""Realistic traffic: readers all over a newsroom's 10 000 articles per language, with and
without an editor saving an article every 2 seconds.

The database (a benchmark's own, kept between runs in var/: `--fresh` makes it again)
holds the portal's content, the article with pictures (bench/content.py) and 10 000
generated articles in each language filed in sections, tags, authors and organisations,
some led by a picture (bench/generate.py). gunicorn serves it as `make serve` does
(DJANGO_DEBUG off, the page cache on).

Readers: wrk, one connection a thread (so that each thread knows which address an answer
is for), cycling through 20 000 addresses drawn beforehand: article pages 55 %, the home
and list pages 15 %, section 8 %, tag 8 %, author 5 %, partner 4 %, search 5 % (one or two
words of a generated headline), each language half the time, and in each kind a few pages
far more often than the rest (Zipf's law: the newest articles, the first pages, the
biggest sections and tags). wrk rather than a Python client: in C it leaves the two CPUs to
the server, and its own CPU is measured and taken off.

The editor: a real login to the admin, then every 2 seconds the change form of a random
generated article, read as a browser reads it, its English headline changed and posted
back with every other field as rendered (the admin's save, history, conflict check and
page-cache renewal included).

Printed, without and then with the editor: requests per second, p50 and p99 latency, errors
(answers other than 2xx/3xx, and socket errors), server CPU per request (the machine's busy
CPU less wrk's and this process's own; the editor's saves are in it; on a machine shared
with other work that work is in it too, so gunicorn's own CPU a request is printed as
well, without PostgreSQL's), and the page cache's
hit ratio per kind of page, from the answers' `X-Cache: hit|miss` header ("n/a" where
the server sends none).

    make bench-mix             # or: .venv/bin/python bench/mix.py --seconds 30 [--fresh]
"""

import argparse
import http.client
import os
import random
import re
import resource
import secrets
import shutil
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
# The pictures stay with the kept database, apart from the other benchmarks'.
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(ROOT / "var" / "bench-mix-media"))

import django  # noqa: E402

django.setup()

import lxml.html  # noqa: E402
import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from bench import content  # noqa: E402
from bench.generate import GENERATED_SLUG, filed, generate, generated_database  # noqa: E402
from bench.serving import Server, busy_seconds, ensure_wrk, production_environment  # noqa: E402
from news.models import Article, Author  # noqa: E402
from news.taxonomy import Section, Tag  # noqa: E402
from partners.models import Official, Organisation  # noqa: E402

ARTICLES = 10_000
CONNECTIONS = 16
ADDRESSES = 20_000
EDIT_EVERY = 2.0  # seconds
# Kinds of page and their shares of the readers' requests.
SHARES = {
    "article": 0.55,
    "home/list": 0.15,
    "section": 0.08,
    "tag": 0.08,
    "author": 0.05,
    "partner": 0.04,
    "search": 0.05,
}
LANGUAGES = ("ru", "en")
LIST_PAGES = 50  # the list's pages readers go to, page 1 far more than the last


def fill(count: int) -> None:
    call_command("load_content", verbosity=0, stdout=StringIO())
    content.image_article()
    generate(count, filing=filed)


def zipf(items: list, count: int, exponent: float = 1.0) -> list:
    """``count`` draws from ``items``, the first far more often than the last."""
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return random.choices(items, weights=weights, k=count)


def addresses_of(kind: str, language: str, count: int) -> list[str]:
    """``count`` addresses of ``kind`` in ``language``, popular ones often."""
    with translation.override(language):
        if kind == "article":
            # The newest are read most.
            articles = Article.objects.order_by("-published_at", "-pk")
            return [article.get_absolute_url() for article in zipf(list(articles), count)]
        if kind == "home/list":
            pages = [f"/{language}/"] + [f"/{language}/?page={n}" for n in range(2, LIST_PAGES)]
            return zipf(pages, count)
        if kind == "search":
            field = f"headline_{language}"
            headlines = list(Article.objects.values_list(field, flat=True)[:2000])
            searches = []
            for headline in random.choices(headlines, k=count):
                words = headline.rstrip(".").split()
                query = " ".join(random.sample(words, k=min(len(words), random.randint(1, 2))))
                searches.append(
                    f"/{language}/{'poisk' if language == 'ru' else 'search'}/?"
                    + urlencode({"q": query})
                )
            return searches
        model_records = {
            "section": Section.objects.all(),
            "tag": Tag.objects.all(),
            "author": Author.objects.all(),
            "partner": [*Organisation.objects.all(), *Official.objects.all()],
        }[kind]
        records = list(model_records)
        random.shuffle(records)  # which are popular is up to chance
        return [record.get_absolute_url() for record in zipf(records, count)]


def readers_addresses() -> list[tuple[str, str]]:
    """(kind, address) of every request wrk makes, in the order it makes them."""
    drawn = []
    for kind, share in SHARES.items():
        for language in LANGUAGES:
            count = round(ADDRESSES * share / len(LANGUAGES))
            drawn += [(kind, address) for address in addresses_of(kind, language, count)]
    random.shuffle(drawn)
    return drawn


# Each thread has one connection, so the answer it reads is for the address it asked
# for last. Counted per kind of page: answers, errors (not 2xx/3xx), cache hits, misses.
SCRIPT = """
local addresses = {%(addresses)s}
local kinds = {%(kinds)s}
local names = {%(names)s}
local counters = {"answers", "errors", "hit", "miss"}
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  position = (number * 1249) %% #addresses
  last = nil
  -- Plain numbers, one global each (answers_1, hit_3...): wrk copies those out of a
  -- thread safely, where nested tables crashed it.
  for kind = 1, #names do
    for _, counter in ipairs(counters) do _G[counter .. "_" .. kind] = 0 end
  end
end

local function add(counter)
  local name = counter .. "_" .. last
  _G[name] = _G[name] + 1
end

function request()
  position = position %% #addresses + 1
  last = kinds[position]
  return wrk.format("GET", addresses[position])
end

function response(status, headers, body)
  if last == nil then return end
  add("answers")
  if status < 200 or status >= 400 then add("errors") end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then add("hit") end
  if cache == "miss" then add("miss") end
  last = nil
end

function done(summary, latency, requests)
  for kind = 1, #names do
    local line = "kind " .. names[kind]
    for _, counter in ipairs(counters) do
      local total = 0
      for _, thread in ipairs(threads) do total = total + thread:get(counter .. "_" .. kind) end
      line = line .. " " .. total
    end
    io.write(line .. "\\n")
  end
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_script(drawn: list[tuple[str, str]]) -> Path:
    names = list(SHARES)
    script = ROOT / "var" / "bench-mix.lua"
    script.write_text(
        SCRIPT
        % {
            "addresses": ",\n".join(lua_string(address) for _kind, address in drawn),
            "kinds": ",".join(str(names.index(kind) + 1) for kind, _address in drawn),
            "names": ", ".join(lua_string(name) for name in names),
        }
    )
    return script


class Browser:
    """An editor's browser over plain HTTP: it keeps the cookies the server sets."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, fields: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode()
        connection.close()
        return response.status, text


def form_values(html: str, form_id: str) -> dict:
    """What a browser sends for the form ``form_id`` as rendered: each field's value, every
    choice of a multiple choice, empty text inputs and selects with nothing chosen."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values: dict = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    for field in form.xpath(".//input[@name]"):
        if (field.get("type") or "text") not in {"checkbox", "radio", "submit", "button", "file"}:
            values.setdefault(field.name, [""])
    for select in form.xpath(".//select[@name][not(@multiple)]"):
        values.setdefault(select.name, [""])
    for textarea in form.xpath(".//textarea[@name]"):
        values[textarea.name] = [(textarea.text or "").removeprefix("\n")]
    return values


class Editor(threading.Thread):
    """Logs in to the admin, then saves a random generated article every ``EDIT_EVERY``
    seconds through its change form."""

    def __init__(self, port: int, username: str, password: str, articles: list[int]):
        super().__init__(daemon=True)
        self.browser, self.articles = Browser(port), articles
        self.username, self.password = username, password
        self.saves, self.failures, self.seconds = 0, [], []
        self.stopping = threading.Event()

    def login(self) -> None:
        _status, html = self.browser.request("GET", "/admin/login/")
        fields = form_values(html, "login-form")
        fields.update(username=[self.username], password=[self.password], next=["/admin/"])
        status, _html = self.browser.request("POST", "/admin/login/", fields)
        if status != 302:
            raise RuntimeError(f"the editor could not log in ({status})")

    def save(self, pk: int) -> None:
        started = time.perf_counter()
        address = f"/admin/news/article/{pk}/change/"
        _status, html = self.browser.request("GET", address)
        fields = form_values(html, "article_form")
        self.saves += 1
        fields["headline_en"] = [
            f"{fields['headline_en'][0].split(' (edit')[0]} (edit {self.saves})"
        ]
        fields["_continue"] = ["Save"]
        status, html = self.browser.request("POST", address, fields)
        self.seconds.append(time.perf_counter() - started)
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.DOTALL)
            self.failures.append(f"article {pk}: {status} {' '.join(errors)[:300]}")

    def run(self):
        self.login()
        while not self.stopping.wait(EDIT_EVERY):
            self.save(random.choice(self.articles))


def workers_cpu(server: Server) -> float:
    """CPU seconds gunicorn's processes have spent so far (PostgreSQL's are not in it)."""
    processes = [psutil.Process(server.process.pid), *server.workers()]
    return sum(sum(process.cpu_times()[:2]) for process in processes)


def wrk_run(wrk: str, server: Server, script: Path, seconds: int, editor: Editor | None) -> dict:
    base = server.base
    before_busy, before_own = busy_seconds(), time.process_time()
    before_workers = workers_cpu(server)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if editor:
        editor.start()
    output = subprocess.run(
        [
            wrk,
            f"-t{CONNECTIONS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            # A slow answer counts in the latency rather than as a socket error (wrk's
            # default gives up after 2 s).
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if editor:
        editor.stopping.set()
        editor.join()
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after_children.ru_utime - before_children.ru_utime) + (
        after_children.ru_stime - before_children.ru_stime
    )
    server_cpu = busy_seconds() - before_busy - wrk_cpu - (time.process_time() - before_own)
    gunicorn_cpu = workers_cpu(server) - before_workers
    (ROOT / "var" / "bench-mix-wrk.txt").write_text(output)  # the last run, for reference
    if "Latency Distribution" not in output:
        raise RuntimeError(f"wrk did not measure:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    kinds = {
        name: dict(zip(("answers", "errors", "hit", "miss"), map(int, numbers), strict=True))
        for name, *numbers in (
            line.split()[1:] for line in output.splitlines() if line.startswith("kind ")
        )
    }
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)\s*$", output, re.MULTILINE).group(1),
        "p99": re.search(r"^\s+99%\s+(\S+)\s*$", output, re.MULTILINE).group(1),
        "requests": requests,
        "errors": sum(kind["errors"] for kind in kinds.values()),
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "cpu_ms": server_cpu / max(requests, 1) * 1000,
        "gunicorn_cpu_ms": gunicorn_cpu / max(requests, 1) * 1000,
        "kinds": kinds,
    }


def hit_ratio(kind: dict) -> str:
    marked = kind["hit"] + kind["miss"]
    return f"{kind['hit'] / marked:.0%}" if marked else "n/a"


def print_runs(runs: dict[str, dict]) -> None:
    print(f"\n{'':<22}" + "".join(f"{title:>18}" for title in runs))
    rows = [
        ("requests/s", lambda run: f"{run['rps']:.0f}"),
        ("p50", lambda run: run["p50"]),
        ("p99", lambda run: run["p99"]),
        ("requests", lambda run: str(run["requests"])),
        ("errors (not 2xx/3xx)", lambda run: str(run["errors"])),
        ("socket errors", lambda run: str(run["socket_errors"])),
        ("server CPU/request", lambda run: f"{run['cpu_ms']:.2f} ms"),
        ("gunicorn CPU/request", lambda run: f"{run['gunicorn_cpu_ms']:.2f} ms"),
    ]
    for label, value in rows:
        print(f"{label:<22}" + "".join(f"{value(run):>18}" for run in runs.values()))
    print("page cache hits, by kind (share of requests)")
    for name in SHARES:
        print(
            f"  {name:<20}"
            + "".join(
                f"{hit_ratio(run['kinds'][name]):>10} ({run['kinds'][name]['answers']:>5})"
                for run in runs.values()
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="per run")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--fresh", action="store_true", help="generate the database again")
    arguments = parser.parse_args()
    wrk = ensure_wrk()
    random.seed(2026)
    if arguments.fresh:
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)

    with generated_database(
        "bench_mix", arguments.articles, keep=not arguments.fresh, fill=fill
    ) as made:
        print(
            f"{arguments.articles} articles in each language: "
            + ("the kept database" if made is None else f"generated in {made:.0f} s")
        )
        drawn = readers_addresses()
        script = write_script(drawn)
        password = secrets.token_urlsafe(16)
        editor, _created = get_user_model().objects.update_or_create(
            username="bench-mix-editor", defaults={"is_staff": True, "is_superuser": True}
        )
        editor.set_password(password)
        editor.save()
        generated = list(
            Article.objects.filter(slug_ru__startswith=GENERATED_SLUG).values_list("pk", flat=True)
        )
        environment = production_environment()
        with Server(environment) as server:
            print(
                f"{len(server.workers())} gunicorn workers; {CONNECTIONS} connections; "
                f"{len(drawn)} addresses; {arguments.seconds} s a run after a warm-up"
            )
            wrk_run(wrk, server, script, 10, None)  # warm-up: every worker's cache
            runs = {
                "without edits": wrk_run(wrk, server, script, arguments.seconds, None),
            }
            editing = Editor(server.port, editor.username, password, generated)
            runs["with edits"] = wrk_run(wrk, server, script, arguments.seconds, editing)
        print_runs(runs)
        saved = editing.seconds
        print(
            f"\neditor (admin change form, logged in): {editing.saves} saves, "
            f"{len(editing.failures)} failed"
            + (
                f", {sorted(saved)[len(saved) // 2] * 1000:.0f} ms for the median form + save"
                if saved
                else ""
            )
        )
        for failure in editing.failures[:5]:
            print(f"  {failure}")
        ratio = runs["with edits"]["rps"] / runs["without edits"]["rps"]
        errors = sum(run["errors"] + run["socket_errors"] for run in runs.values())
        print(
            f"with edits: {ratio:.0%} of the throughput without (target: at least 80 %); "
            f"errors: {errors} (target: 0)"
        )


if __name__ == "__main__":
    main()
