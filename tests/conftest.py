import io

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The portal's shipped content, as `make run` loads it."""
    call_command("load_content", stdout=io.StringIO())
