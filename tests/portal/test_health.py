"""The load balancer's probes: /health/live touches nothing, /health/ready checks the
database, the cache and the media store; both answer a probe by the machine's address in
plain HTTP, are never cached, and a failing check is a 503 that is no server error."""

import logging

import pytest

PROBE = {"HTTP_HOST": "10.0.0.5"}  # the machine's own address: no host the site serves


@pytest.fixture
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["portal.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.MEDIA_ROOT = tmp_path
    return settings


# No django_db mark: the test fails if the probe touches the database.
def test_liveness_answers_a_probe_by_address_without_touching_the_database(client, production):
    response = client.get("/health/live", **PROBE)

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_checks_the_database_the_cache_and_the_media_store(client, production):
    response = client.get("/health/ready", **PROBE)

    assert response.status_code == 200
    report = response.content.decode()
    for check in ("Database", "Cache", "Storage"):
        assert f"{check}(" in report
    assert report.count(": OK") == 3
    assert "no-store" in response["Cache-Control"]
    assert list((production.MEDIA_ROOT).rglob("*.txt")) == []  # its probe file is gone


@pytest.mark.django_db
def test_a_cache_that_is_down_makes_the_machine_unready_without_a_server_error(
    client, production, caplog
):
    production.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }

    with caplog.at_level(logging.WARNING):
        response = client.get("/health/ready", **PROBE)

    assert response.status_code == 503
    assert "Cache(" in response.content.decode()
    assert "Database(alias='default'): OK" in response.content.decode()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert any(record.name == "health_check" for record in caplog.records)


@pytest.mark.django_db
def test_the_probes_are_in_no_sitemap_and_other_methods_are_not_answered(client):
    assert b"/health/" not in client.get("/sitemap.xml").content
    assert client.post("/health/live").status_code == 404
