"""Rich text in XLIFF 2.0: its words as text, its tags as inline codes.

Every tag of the portal's rich text (``core.rich_text``) comes in pairs, so each becomes a
``<pc>`` (paired code) around its content; the tag itself travels in the unit's
``<originalData>``, referred to by ``dataRefStart``/``dataRefEnd``, where a translation tool
shows it but does not let it be edited. (None of the tags is standalone, so no ``<ph>`` is
written.) On import the codes are read back against the Russian's: the tags come from the
portal's own copy, never from the file, and a code missing, repeated, added, moved to
another parent or altered refuses the unit.
"""

from dataclasses import dataclass

import lxml.html
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.rich_text import sanitise

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_X = f"{{{NAMESPACE}}}"
_TYPES = {"a": "link", "em": "fmt", "strong": "fmt"}
# What a translation tool may add to a <pc> without changing what it stands for.
_FREE_ATTRIBUTES = {
    "id",
    "dataRefStart",
    "dataRefEnd",
    "type",
    "subType",
    "canCopy",
    "canDelete",
    "canReorder",
    "canOverlap",
    "dispStart",
    "dispEnd",
    "equivStart",
    "equivEnd",
}


class MarkupMismatch(ValueError):
    """The codes of a translation do not match its source's."""


@dataclass(frozen=True)
class Code:
    id: str
    tag: str
    href: str | None
    parent: str | None  # the id of the code it stands in

    @property
    def start(self) -> str:
        return format_html('<a href="{}">', self.href) if self.href else f"<{self.tag}>"

    @property
    def end(self) -> str:
        return f"</{self.tag}>"


def _fragment(html: str):
    return lxml.html.fragment_fromstring(sanitise(html) or "", create_parent="div")


def codes(html: str) -> dict[str, Code]:
    """The codes of rich text, numbered in document order."""
    found = {}

    def walk(element, parent: str | None) -> None:
        for child in element:
            code = Code(str(len(found) + 1), child.tag, child.get("href"), parent)
            found[code.id] = code
            walk(child, code.id)

    walk(_fragment(html), None)
    return found


def write(segment_part, html: str, *, numbering: dict[str, Code] | None = None) -> bool:
    """Fill ``<source>`` or ``<target>`` with ``html``'s text and codes. A target is numbered
    after its source's codes (``numbering``): False, and nothing written, when its tags are
    not the source's."""
    own = codes(html)
    ids = {}
    if numbering is not None:
        if [(c.tag, c.href) for c in own.values()] != [(c.tag, c.href) for c in numbering.values()]:
            return False
        ids = dict(zip(own, numbering, strict=True))
    counter = iter(own)

    def fill(element, source) -> None:
        element.text = source.text or ""  # text of its own: no indentation is added inside
        for child in source:
            code = next(counter)
            code = ids.get(code, code)
            pc = element.makeelement(
                _X + "pc",
                {
                    "id": code,
                    "dataRefStart": f"d{code}s",
                    "dataRefEnd": f"d{code}e",
                    "type": _TYPES.get(child.tag, "other"),
                },
            )
            element.append(pc)
            fill(pc, child)
            pc.tail = child.tail

    fill(segment_part, _fragment(html))
    return True


def write_original_data(unit, numbering: dict[str, Code]) -> None:
    """The tags the codes stand for, for the translation tool to show."""
    if not numbering:
        return
    data = unit.makeelement(_X + "originalData", {})
    for code in numbering.values():
        for side, text in (("s", code.start), ("e", code.end)):
            data.append(data.makeelement(_X + "data", {"id": f"d{code.id}{side}"}))
            data[-1].text = text
    # originalData comes before the segments (XLIFF 2.0, 4.2.2.3).
    segment = unit.find(_X + "segment")
    segment.addprevious(data)


def read(segment_part, numbering: dict[str, Code]) -> str:
    """The rich text a ``<source>`` or ``<target>`` stands for, its tags taken from
    ``numbering``; ``MarkupMismatch`` when its codes are not exactly those."""
    seen = set()

    def rebuild(element, parent: str | None) -> str:
        html = [_escaped(element.text)]
        for child in element:
            if child.tag != _X + "pc":
                name = child.tag.replace(_X, "")
                raise MarkupMismatch(
                    _("it has a code <%(name)s> the source does not have.") % {"name": name}
                )
            code = numbering.get(child.get("id", ""))
            if code is None or code.id in seen:
                raise MarkupMismatch(
                    _("its code %(id)s is not one of the source's, or is there twice.")
                    % {"id": child.get("id", "?")}
                )
            seen.add(code.id)
            if code.parent != parent:
                raise MarkupMismatch(
                    _("its code %(id)s stands in another place than in the source.")
                    % {"id": code.id}
                )
            for name, expected in (
                ("dataRefStart", f"d{code.id}s"),
                ("dataRefEnd", f"d{code.id}e"),
            ):
                if child.get(name, expected) != expected:
                    raise MarkupMismatch(_("its code %(id)s was altered.") % {"id": code.id})
            if set(child.attrib) - _FREE_ATTRIBUTES:
                raise MarkupMismatch(_("its code %(id)s was altered.") % {"id": code.id})
            html += [code.start, rebuild(child, code.id), code.end, _escaped(child.tail)]
        return "".join(html)

    html = rebuild(segment_part, None)
    missing = [code for code in numbering if code not in seen]
    if missing:
        raise MarkupMismatch(_("the source's code %(id)s is missing.") % {"id": missing[0]})
    return sanitise(html)


def _escaped(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
