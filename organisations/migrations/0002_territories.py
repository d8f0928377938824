from django.db import migrations


def load_territories(apps, schema_editor):
    from organisations.data.territories import load

    load(apps.get_model("organisations", "Region"), apps.get_model("organisations", "Province"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load_territories, migrations.RunPython.noop)]
