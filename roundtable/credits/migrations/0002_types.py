from django.db import migrations


def add_types(apps, schema_editor):
    from roundtable.credits.types import TYPES

    ContributionType = apps.get_model("credits", "ContributionType")
    for order, (slug, name, description, roles, keyword) in enumerate(TYPES):
        ContributionType.objects.update_or_create(
            slug=slug,
            defaults={"name": str(name), "description": str(description), "credit_roles": roles,
                      "all_contributors": keyword, "order": order},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("credits", "0001_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
