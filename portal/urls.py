from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.caching import cached_page
from news.sitemaps import ArticleSitemap, AuthorSitemap, ListSitemap
from partners.sitemaps import OfficialSitemap, OrganisationSitemap
from portal import views

sitemaps = {
    "lists": ListSitemap,
    "articles": ArticleSitemap,
    "organisations": OrganisationSitemap,
    "officials": OfficialSitemap,
    "authors": AuthorSitemap,
}

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_page(sitemap, page_parameter="p"),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("admin/translations/", include("translations.urls")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("news.urls")),
    path(_("partners/"), include("partners.urls")),
    path("", include("search.urls")),
)

# In development Django serves the uploaded images; in production nginx or the object
# store does (README, "Deploying").
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
