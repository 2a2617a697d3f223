from django.db import migrations


class Migration(migrations.Migration):
    """The model is the core's now (core/migrations/0001 renames its table): forgotten
    here, the table kept."""

    dependencies = [
        ("portal", "0004_content_version_stamp_only"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("ContentVersion")],
        ),
    ]
