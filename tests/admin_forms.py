"""Submitting admin forms as a browser would: every field the page renders, as rendered."""

import lxml.html

NO_VALUE_INPUTS = {"checkbox", "radio", "submit", "button", "file", "image", "reset"}


def form_values(html: str, form_id: str) -> dict[str, str]:
    """The fields of the form ``form_id`` in ``html`` with the values a browser would send."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values = {}
    for name, value in form.form_values():
        values[name] = value
    for field in form.xpath(".//input[@name]"):
        if (field.get("type") or "text") not in NO_VALUE_INPUTS:
            values.setdefault(field.name, "")
    for select in form.xpath(".//select[@name]"):
        values.setdefault(select.name, "")
    for textarea in form.xpath(".//textarea[@name]"):
        # Browsers drop the newline that follows <textarea>.
        values[textarea.name] = (textarea.text or "").removeprefix("\n")
    return values
