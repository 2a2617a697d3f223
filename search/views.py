from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.languages import Alternate, AlternatesMixin, alternates_for_view
from core.paging import page_number
from search.queries import (
    MAX_QUERY_LENGTH,
    QueryRefused,
    clean_query,
    find,
    guarded_search,
    results_for_page,
)


class SearchView(AlternatesMixin, TemplateView):
    """Results for ``?q=`` in the page's language; any ``q`` gives a page, never an error.

    A page number that names no page of the results (0, -1, past the end, "abc") is a 404
    that keeps the reader's search in the form and links to the first page of results.
    Words PostgreSQL cannot search for are a 400 saying so: the request, not the server,
    is at fault, and "nothing found" would claim a search that never ran."""

    template_name = "search/results.html"
    alternates_url_name = "search:results"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 404 if context["no_such_page"] else 400 if context["refused"] else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(
            query=query, max_length=MAX_QUERY_LENGTH, no_such_page=False, refused=False, **kwargs
        )
        if not query.text:
            return context
        context["page_query"] = urlencode({"q": query.text})
        number = page_number(self.request.GET.get("page") or "1")
        if number is None:
            return {**context, "no_such_page": True}
        try:
            with guarded_search():
                return {**context, **self.results(query.text, number)}
        except QueryRefused:
            return {**context, "refused": True}

    def results(self, text: str, number: int) -> dict:
        """Page ``number`` of the results for ``text``, or ``no_such_page``."""
        hits = find(
            text,
            get_language(),
            offset=(number - 1) * self.paginate_by,
            limit=self.paginate_by,
        )
        # Paginator only numbers the pages here: the page's rows come with the total.
        paginator = Paginator(range(hits.total), self.paginate_by)
        try:
            page = paginator.page(number)
        except InvalidPage:
            return {"no_such_page": True}
        return {
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "results": results_for_page(hits.rows, text, get_language()),
        }

    def get_alternates(self) -> list[Alternate]:
        # The same search in the other language.
        query = clean_query(self.request.GET.get("q", "")).text
        suffix = f"?{urlencode({'q': query})}" if query else ""
        return [
            Alternate(alt.language, alt.name, alt.url + suffix, alt.available)
            for alt in alternates_for_view(self.alternates_url_name)
        ]
