from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# The rollup of the reports already filed, at each grain (a month, and the aligned quarter,
# half and year holding it): the statements of models.rollup_upkeep.rebuild, frozen here as
# this migration's schema knows them. Integer division and COALESCE: valid on both databases.
FIGURES = (
    'participants_vn',
    'participants_foreign',
    'sessions',
    'audience',
    'copies',
    'items',
    'delegation_size',
    'classes',
    'trainees',
    'visitors',
    'posts_handled',
    'cases',
)


def build(months: int) -> str:
    first = f"(period_month / 100) * 100 + ((period_month % 100 - 1) / {months}) * {months} + 1"
    rest = "status, unit_id, activity_type, country"
    return (
        f"INSERT INTO monthly_rollup (months, first_month, {rest}, activities, "
        + ", ".join(FIGURES)
        + f") SELECT {months}, {first}, {rest}, COUNT(*), "
        + ", ".join(f"COALESCE(SUM({f}), 0)" for f in FIGURES)
        + f" FROM report GROUP BY {first}, {rest}"
    )


class Migration(migrations.Migration):
    dependencies = [('models', '0007_review_loop_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MonthlyRollup',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('months', fields.SmallIntField()),
                ('first_month', fields.IntField()),
                ('unit_id', fields.IntField()),
                ('activity_type', fields.CharField(max_length=32)),
                ('country', fields.CharField(max_length=2)),
                ('status', fields.CharField(max_length=16)),
                ('activities', fields.IntField(default=0)),
                ('participants_vn', fields.BigIntField(default=0)),
                ('participants_foreign', fields.BigIntField(default=0)),
                ('sessions', fields.BigIntField(default=0)),
                ('audience', fields.BigIntField(default=0)),
                ('copies', fields.BigIntField(default=0)),
                ('items', fields.BigIntField(default=0)),
                ('delegation_size', fields.BigIntField(default=0)),
                ('classes', fields.BigIntField(default=0)),
                ('trainees', fields.BigIntField(default=0)),
                ('visitors', fields.BigIntField(default=0)),
                ('posts_handled', fields.BigIntField(default=0)),
                ('cases', fields.BigIntField(default=0)),
            ],
            options={'table': 'monthly_rollup', 'app': 'models', 'unique_together': (('months', 'first_month', 'status', 'unit_id', 'activity_type', 'country'),), 'pk_attr': 'id', 'table_description': 'Reports counted per block of months, unit, type, country and review state.'},
            bases=['Model'],
        ),
        *(ops.RunSQL(build(months)) for months in (1, 3, 6, 12)),
    ]
