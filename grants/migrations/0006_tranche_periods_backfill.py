"""Existing agreements get the periods of their tranches released by verified achievement and
their reports' due dates (the rule of ``grants.services.tranches.tranche_periods``, copied here
so this migration keeps its meaning if the service changes)."""

import datetime

from django.db import migrations


def _periods(starts_on, ends_on, count):
    length = max(1, ((ends_on - starts_on).days + 1) // count)
    periods = []
    for index in range(count):
        start = min(starts_on + datetime.timedelta(days=index * length), ends_on)
        end = starts_on + datetime.timedelta(days=(index + 1) * length - 1)
        periods.append((start, ends_on if index == count - 1 else min(end, ends_on)))
    return periods


def backfill(apps, schema_editor):
    Agreement = apps.get_model("grants", "Agreement")
    Tranche = apps.get_model("grants", "Tranche")
    agreements = Agreement.objects.select_related("programme").filter(
        tranches__trigger="verified", tranches__period_starts_on__isnull=True
    )
    for agreement in agreements.distinct():
        verified = list(
            Tranche.objects.filter(agreement=agreement, trigger="verified").order_by("number")
        )
        due = datetime.timedelta(days=agreement.programme.report_due_days)
        for tranche, (start, end) in zip(
            verified, _periods(agreement.starts_on, agreement.ends_on, len(verified)), strict=True
        ):
            if tranche.period_starts_on is None:
                tranche.period_starts_on, tranche.period_ends_on = start, end
                tranche.report_due_on = end + due
                tranche.save(update_fields=["period_starts_on", "period_ends_on", "report_due_on"])


class Migration(migrations.Migration):
    dependencies = [("grants", "0005_rib_encrypted")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
