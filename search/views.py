from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import get_language
from django.views.generic import TemplateView

from portal.languages import Alternate, AlternatesMixin, alternates_for_view
from search.queries import MAX_QUERY_LENGTH, clean_query, find, results_for_page


class SearchView(AlternatesMixin, TemplateView):
    """Results for ``?q=`` in the page's language; any ``q`` gives a page, never an error."""

    template_name = "search/results.html"
    alternates_url_name = "search:results"
    paginate_by = 10

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        context = super().get_context_data(query=query, max_length=MAX_QUERY_LENGTH, **kwargs)
        if not query.text:
            return context
        page_number = self.request.GET.get("page") or "1"
        if not page_number.isdigit() or int(page_number) < 1:
            raise Http404("No such page of results.")
        number = int(page_number)
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
        except InvalidPage as error:
            raise Http404("No such page of results.") from error
        context.update(
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            results=results_for_page(hits.rows, query.text, get_language()),
            page_query=urlencode({"q": query.text}),
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
