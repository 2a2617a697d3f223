from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from core.caching import cached_page
from news.indexnow import key_file
from news.news_sitemap import news_sitemap
from news.sitemaps import ArticleSitemap, AuthorSitemap, ListSitemap, SectionSitemap, TagSitemap
from partners.sitemaps import OfficialSitemap, OrganisationSitemap
from portal import two_factor, views

sitemaps = {
    "lists": ListSitemap,
    "articles": ArticleSitemap,
    "organisations": OrganisationSitemap,
    "officials": OfficialSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
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
    path("sitemap-news.xml", cached_page(news_sitemap), name="news_sitemap"),
    # IndexNow's key file, for the search engines to check the key they are sent: a 404
    # for any other name, and while no key is set.
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", key_file, name="indexnow_key"),
    path("admin/translations/", include("translations.urls")),
    # The second step of a staff login (portal.two_factor), open to a session that has
    # given its password only.
    path("admin/second-factor/", two_factor.verify, name="second_factor"),
    path("admin/second-factor/enrol/", two_factor.enrol, name="second_factor_enrol"),
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
