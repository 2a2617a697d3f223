"""Page numbers from the query string (``?page=2``), read as the untrusted text they are."""

# Past this a page number names no page of anything the portal lists (a million items at
# ten a page), and its offset would not fit PostgreSQL's bigint.
LAST_POSSIBLE_PAGE = 100_000


def page_number(value: str) -> int | None:
    """The page ``value`` names, or None when it names none: only ASCII digits count
    (Python's ``int()`` also takes "٣", "３", " 3", "+3" and "1_0"), from 1 up to
    ``LAST_POSSIBLE_PAGE``."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(LAST_POSSIBLE_PAGE)):
        return None
    number = int(value)
    return number if 1 <= number <= LAST_POSSIBLE_PAGE else None
