"""Sessions in Arabic and in French (#21): the typed title, description and venue become the
Arabic ones (renamed, so every existing session keeps its text: the demo's and the trainers'
were typed in Arabic), beside new, empty French ones; a session has at least one title."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0010_keyed_chain_seals"),
    ]

    operations = [
        migrations.RenameField("trainingsession", "title", "title_ar"),
        migrations.RenameField("trainingsession", "description", "description_ar"),
        migrations.RenameField("trainingsession", "venue", "venue_ar"),
        migrations.AlterField(
            model_name="trainingsession",
            name="title_ar",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (Arabic)"),
        ),
        migrations.AlterField(
            model_name="trainingsession",
            name="description_ar",
            field=models.TextField(blank=True, verbose_name="description (Arabic)"),
        ),
        migrations.AlterField(
            model_name="trainingsession",
            name="venue_ar",
            field=models.CharField(blank=True, max_length=255, verbose_name="venue (Arabic)"),
        ),
        migrations.AddField(
            model_name="trainingsession",
            name="title_fr",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="title (French)"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trainingsession",
            name="description_fr",
            field=models.TextField(blank=True, default="", verbose_name="description (French)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trainingsession",
            name="venue_fr",
            field=models.CharField(
                blank=True, default="", max_length=255, verbose_name="venue (French)"
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="trainingsession",
            constraint=models.CheckConstraint(
                condition=models.Q(("title_ar", ""), _negated=True)
                | models.Q(("title_fr", ""), _negated=True),
                name="session_has_a_title",
            ),
        ),
    ]
