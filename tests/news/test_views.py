import pytest

pytestmark = pytest.mark.django_db


def test_root_sends_the_reader_to_a_language(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/ru/"


def test_home_page_answers_from_a_template(client):
    response = client.get("/ru/")

    assert response.status_code == 200
    assert "news/index.html" in [template.name for template in response.templates]
    assert '<html lang="ru">' in response.content.decode()
