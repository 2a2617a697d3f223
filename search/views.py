from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import get_language
from django.views.generic import TemplateView

from portal.languages import Alternate, AlternatesMixin, alternates_for_view
from search.queries import MAX_QUERY_LENGTH, clean_query, find, results_for_page

# Past this a page number cannot name a page (a million results), and its offset would
# not fit PostgreSQL's bigint.
_LAST_POSSIBLE_PAGE = 100_000


def page_number(value: str | None) -> int | None:
    """The page of results ``?page=`` asks for (the first without one), or None when it
    names no page: not a whole number, or below 1."""
    try:
        number = int(value or 1)
    except ValueError:
        return None
    return number if 1 <= number <= _LAST_POSSIBLE_PAGE else None


class SearchView(AlternatesMixin, TemplateView):
    """Results for ``?q=`` in the page's language; any ``q`` gives a page, never an error.

    A page number that names no page of the results (0, -1, past the end, "abc") is a 404
    that keeps the reader's search in the form and links to the first page of results."""

    template_name = "search/results.html"
    alternates_url_name = "search:results"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=404 if context["no_such_page"] else 200)

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(
            query=query, max_length=MAX_QUERY_LENGTH, no_such_page=False, **kwargs
        )
        if not query.text:
            return context
        context["page_query"] = urlencode({"q": query.text})
        number = page_number(self.request.GET.get("page"))
        if number is None:
            return {**context, "no_such_page": True}
        hits = find(
            query.text,
            get_language(),
            offset=(number - 1) * self.paginate_by,
            limit=self.paginate_by,
        )
        # Paginator only numbers the pages here: the page's rows come with the total.
        paginator = Paginator(range(hits.total), self.paginate_by)
        try:
            page = paginator.page(number)
        except InvalidPage:
            return {**context, "no_such_page": True}
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            results=results_for_page(hits.rows, query.text, get_language()),
        )
        return context

    def get_alternates(self) -> list[Alternate]:
        # The same search in the other language.
        query = clean_query(self.request.GET.get("q", "")).text
        suffix = f"?{urlencode({'q': query})}" if query else ""
        return [
            Alternate(alt.language, alt.name, alt.url + suffix, alt.available)
            for alt in alternates_for_view(self.alternates_url_name)
        ]
