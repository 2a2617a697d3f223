"""A quote placed in an article's body must belong to that article.

Django 5.2 has no composite foreign keys, so this one is written in SQL: it points the
body item's (quote, article) pair at the quote's unique (id, article) pair.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql="""
                ALTER TABLE news_bodyitem
                ADD CONSTRAINT body_item_quote_in_own_article
                FOREIGN KEY (quote_id, article_id)
                REFERENCES partners_quote (id, article_id)
                DEFERRABLE INITIALLY DEFERRED
            """,
            reverse_sql="ALTER TABLE news_bodyitem DROP CONSTRAINT body_item_quote_in_own_article",
        ),
    ]
