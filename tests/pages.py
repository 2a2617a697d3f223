"""Reading pages as a reader's browser gets them."""

from django.utils import translation


def url_in(obj, language: str) -> str:
    """The address of ``obj``'s page in ``language``."""
    with translation.override(language):
        return obj.get_absolute_url()


def page(client, url: str, status: int = 200, **headers) -> str:
    """The HTML at ``url``, after checking the status code."""
    response = client.get(url, **headers)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()
