import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    """The content version moves from the project package (portal) to the shared core,
    with its row: the table is renamed, not made anew, so that no cached page's key
    comes back."""

    initial = True

    dependencies = [
        ("portal", "0004_content_version_stamp_only"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE portal_contentversion RENAME TO core_contentversion",
                    reverse_sql="ALTER TABLE core_contentversion RENAME TO portal_contentversion",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("stamp", models.UUIDField(default=uuid.uuid4)),
                    ],
                    options={"verbose_name": "content version"},
                ),
            ],
        ),
    ]
