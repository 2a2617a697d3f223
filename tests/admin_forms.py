"""The admin as a browser uses it: logged in, on an object's change page, submitting its
forms with every field the page renders, as rendered."""

import lxml.html
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.pages import page

ADD_ARTICLE_URL = "/admin/news/article/add/"

NO_VALUE_INPUTS = {"checkbox", "radio", "submit", "button", "file", "image", "reset"}


def form_values(html: str, form_id: str) -> dict[str, str]:
    """The fields of the form ``form_id`` in ``html`` with the values a browser would send."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values = {}
    for name, value in form.form_values():
        # Every choice of a multiple choice, as a browser sends them.
        if name in values and form.xpath(f'.//select[@name="{name}"][@multiple]'):
            values[name] = [
                *([values[name]] if isinstance(values[name], str) else values[name]),
                value,
            ]
        else:
            values[name] = value
    for field in form.xpath(".//input[@name]"):
        if (field.get("type") or "text") not in NO_VALUE_INPUTS:
            values.setdefault(field.name, "")
    # A browser sends nothing for a multiple choice with nothing chosen (an article's tags).
    for select in form.xpath(".//select[@name][not(@multiple)]"):
        values.setdefault(select.name, "")
    for textarea in form.xpath(".//textarea[@name]"):
        # Browsers drop the newline that follows <textarea>.
        values[textarea.name] = (textarea.text or "").removeprefix("\n")
    return values


def logged_in(user, language: str | None = None) -> Client:
    """A browser of its own, logged in as ``user`` with both factors, asking for
    ``language`` when given."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language) if language else Client()
    return verified_login(client, user)


def authenticator(user) -> TOTPDevice:
    """``user``'s authenticator app, enrolled (its codes: ``current_code``)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "Phone", "confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def verified_login(client: Client, user) -> Client:
    """``client`` logged in as ``user`` as after the password and a code from the app
    (``force_login`` alone is the password alone: the admin asks for the second factor)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def open_form(client, url: str, form_id: str = "article_form") -> dict[str, str]:
    """The values of the form at ``url`` as the admin fills them in."""
    return form_values(page(client, url), form_id)


def body_row(values: dict, index: int, **fields) -> None:
    """Fill in body row ``index``, adding it to the formset if need be."""
    total = int(values["body-TOTAL_FORMS"])
    if index >= total:
        values["body-TOTAL_FORMS"] = str(index + 1)
    for name in (
        "id",
        "article",
        "kind",
        "order",
        "text_ru",
        "text_en",
        "quote_text_ru",
        "quote_text_en",
        "official",
    ):
        values.setdefault(f"body-{index}-{name}", "")
    for name, value in fields.items():
        values[f"body-{index}-{name}"] = value


def new_draft(client, *, headline_ru: str, slug_ru: str, body: list[dict], **fields) -> dict:
    """The add-article form filled in as an editor writes a draft in Russian, with the
    ``body`` rows in order."""
    values = open_form(client, ADD_ARTICLE_URL)
    values.update(
        headline_ru=headline_ru,
        lead_ru="В столице открылся технопарк для стартапов.",
        slug_ru=slug_ru,
        source_name_ru="Официальный сайт мэра Москвы",
        source_url="https://www.mos.ru/",
        status="draft",
        **fields,
    )
    for index, row in enumerate(body):
        body_row(values, index, **row)
    return values


def errors(response) -> list[str]:
    """Every error the admin shows on the page, main form and inlines."""
    found = []
    if response.context is None:
        return found
    adminform = response.context.get("adminform")
    if adminform:
        found += [str(e) for errors in adminform.form.errors.values() for e in errors]
    for inline in response.context.get("inline_admin_formsets", []):
        for form_errors in inline.formset.errors:
            found += [str(e) for errors in form_errors.values() for e in errors]
        found += [str(e) for e in inline.formset.non_form_errors()]
    return found
