"""The article's form and the checks that keep an English version from being marked ready
while anything it shows is untranslated."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.admin import EditorialForm
from news import services
from news.models import Article
from translations.status import untranslated


def untranslated_partners_error(partners) -> ValidationError:
    return ValidationError(
        _(
            "The English version cannot be ready while the article names partners whose "
            "English is missing: %(partners)s. Translate them first."
        ),
        code="partners_untranslated",
        params={"partners": ", ".join(str(partner) for partner in partners)},
    )


def untranslated_images_error(images) -> ValidationError:
    return ValidationError(
        _(
            "The English version cannot be ready while the article shows images with no "
            "English alt text: %(images)s. Translate them in the media library first."
        ),
        code="images_untranslated",
        params={"images": ", ".join(image.alt_ru for image in images)},
    )


class ReadinessCheckedFormSet(BaseInlineFormSet):
    """Rows of an article that name partners (organisations, quoted officials): while its
    English is being marked ready, every partner they name needs its English, those added
    in the same save included (``ArticleForm`` checks the ones already stored)."""

    def marking_ready(self) -> bool:
        # Checked when the English is being marked ready. Once it is, the Russian may grow
        # ahead of it: English readers keep the translated text, translators see the gap.
        # Read from the request, not from the article's form: that form drops the value
        # when it refuses it, and both refusals are to be shown at once.
        return bool(self.data.get("english_ready")) and not (
            Article.objects.filter(pk=self.instance.pk, english_ready=True).exists()
        )

    def partners_named_by(self, form) -> list:
        return []

    def kept_forms(self) -> list:
        """The rows that stay once the form is saved."""
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def readiness_errors(self) -> list[ValidationError]:
        """Why the English cannot be ready, as far as these rows tell."""
        named = [partner for form in self.kept_forms() for partner in self.partners_named_by(form)]
        unnamed = untranslated(named)
        return [untranslated_partners_error(unnamed)] if unnamed else []

    def clean(self):
        super().clean()
        if self.marking_ready():
            errors = self.readiness_errors()
            if errors:
                raise errors[0]  # one thing to do at a time, the partners first


class ArticleForm(EditorialForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and "published_at" in data and "published_at" not in self.changed_data:
            # The form shows the date to the second: left as it was, it is the date stored,
            # its fraction included, so that the article keeps its place among those of the
            # same second and the save changes only what the editor changed (a text edit
            # then renews only the pages that show the article: ``core.effects``).
            data["published_at"] = self.instance.published_at
        if data.get("status") == Article.Status.PUBLISHED:
            # The instance is still as stored: a public article keeps its date.
            data["published_at"] = services.publication_date(
                article=self.instance, at=data.get("published_at")
            )
        if data.get("english_ready") and "english_ready" in self.changed_data:
            missing = Article.english_missing(data)
            if missing:
                self.add_error(
                    "english_ready",
                    _("The English version cannot be ready while these are empty: %(fields)s.")
                    % {"fields": ", ".join(missing)},
                )
            unnamed = untranslated(self.instance.named_partners()) if self.instance.pk else []
            if unnamed:
                self.add_error("english_ready", untranslated_partners_error(unnamed))
            # The lead image as this save leaves it (a translator's form does not show it).
            lead_image = (
                data.get("lead_image") if "lead_image" in self.fields else self.instance.lead_image
            )
            if lead_image is not None and not lead_image.alt_en:
                self.add_error("english_ready", untranslated_images_error([lead_image]))
        return data
