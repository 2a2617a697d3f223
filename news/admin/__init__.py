"""The newsroom's admin of articles: the article's form and its checks (``forms``), its
body of paragraphs and quotes (``body``), the organisations it concerns
(``organisations``), and the admin that puts them together (``articles``); sections and
tags (``taxonomy``)."""

from news.admin.articles import ArticleAdmin
from news.admin.authors import AuthorAdmin
from news.admin.taxonomy import SectionAdmin, TagAdmin

__all__ = ["ArticleAdmin", "AuthorAdmin", "SectionAdmin", "TagAdmin"]
