"""The UTS #39 skeletons of each address (accounts/email_checks.py), filled for existing rows."""

from django.db import migrations, models


def fill_skeletons(apps, schema_editor):
    # The function, not a copy: the stored skeletons must be the ones the checks compute.
    from accounts.email_checks import skeletons

    User = apps.get_model("accounts", "User")
    batch = []
    for user in User.objects.only("pk", "email").order_by("pk").iterator(chunk_size=2000):
        user.email_skeleton, user.email_domain_skeleton = skeletons(user.email)
        batch.append(user)
        if len(batch) == 2000:
            User.objects.bulk_update(batch, ["email_skeleton", "email_domain_skeleton"])
            batch = []
    if batch:
        User.objects.bulk_update(batch, ["email_skeleton", "email_domain_skeleton"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_privacy"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_domain_skeleton",
            field=models.CharField(db_index=True, default="", editable=False, max_length=1024),
        ),
        migrations.AddField(
            model_name="user",
            name="email_skeleton",
            field=models.CharField(db_index=True, default="", editable=False, max_length=1024),
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop, elidable=True),
    ]
