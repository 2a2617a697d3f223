from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        import reversion

        from portal.models import UNVERSIONED_FIELDS

        # Registered here, not on the classes: only now has modeltranslation added the
        # language fields (headline_ru, headline_en…) that the history must keep.
        reversion.register(
            self.get_model("Article"),
            # The body and the quotes are part of an article's history: restoring a
            # version of the article restores its text as it was.
            follow=("body", "quotes", "articleorganisation_set"),
            exclude=UNVERSIONED_FIELDS,
        )
        reversion.register(self.get_model("BodyItem"))
        reversion.register(self.get_model("ArticleOrganisation"))
