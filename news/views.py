from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from news.models import Article
from portal.languages import SOURCE_LANGUAGE, AlternatesMixin, TranslatedSlugMixin


class ArticleListView(AlternatesMixin, ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = 10
    alternates_url_name = "news:index"

    def get_queryset(self):
        return Article.objects.available_in(get_language())


class ArticleDetailView(TranslatedSlugMixin, AlternatesMixin, DetailView):
    """An article in the reader's language, or, while its translation is not ready, the
    original under a notice."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().with_partners()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content_language"] = get_language() if context["translated"] else SOURCE_LANGUAGE
        return context
