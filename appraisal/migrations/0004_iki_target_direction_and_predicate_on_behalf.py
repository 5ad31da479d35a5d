# An IKI target's direction (at least, at most, exactly, range) with the upper bound of a range;
# an organisational predicate records whether an admin entered it on the leader's behalf.

from django.db import migrations, models

DIRECTIONS = [
    ("at_least", "at least (≥)"),
    ("at_most", "at most (≤)"),
    ("exactly", "exactly (=)"),
    ("range", "range (from–to)"),
]


def direction_field():
    return models.CharField(
        choices=DIRECTIONS, default="at_least", max_length=10, verbose_name="target direction"
    )


def upper_field():
    return models.DecimalField(
        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="upper bound"
    )


def on_behalf_field():
    return models.BooleanField(default=False, verbose_name="entered on behalf of the leader")


def mark_entered_on_behalf(apps, schema_editor):
    """Until now a predicate with a reason was printed "a.n." the leader (only an admin had to
    give one): keep those documents as they were."""
    UnitPredicate = apps.get_model("appraisal", "UnitPredicate")
    UnitPredicate.objects.exclude(reason="").update(on_behalf=True)


class Migration(migrations.Migration):
    dependencies = [
        ("appraisal", "0003_calibration_and_closing"),
    ]

    operations = [
        migrations.AddField("historicaliki", "target_direction", direction_field()),
        migrations.AddField("historicaliki", "target_upper", upper_field()),
        migrations.AddField("iki", "target_direction", direction_field()),
        migrations.AddField("iki", "target_upper", upper_field()),
        migrations.AddConstraint(
            model_name="iki",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("target_direction__in", ["at_least", "at_most", "exactly", "range"])
                ),
                name="iki_target_direction_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="iki",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("target_direction", "range"),
                        ("target_upper__gte", models.F("target_value")),
                        ("target_value__isnull", False),
                    ),
                    models.Q(
                        models.Q(("target_direction", "range"), _negated=True),
                        ("target_upper__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="iki_target_upper_only_for_range",
            ),
        ),
        migrations.AddField("historicalunitpredicate", "on_behalf", on_behalf_field()),
        migrations.AddField("unitpredicate", "on_behalf", on_behalf_field()),
        migrations.RunPython(mark_entered_on_behalf, migrations.RunPython.noop),
    ]
