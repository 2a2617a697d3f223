from core.sitemaps import TranslatedSitemap
from partners.models import Official, Organisation


class OrganisationSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Organisation.objects.order_by("pk")


class OfficialSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Official.objects.order_by("pk")
