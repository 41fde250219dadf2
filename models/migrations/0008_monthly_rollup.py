from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# The rollup of the reports already filed (the same statement as models.rollup_upkeep.rebuild,
# frozen here as the schema of this migration knows it): valid on SQLite and PostgreSQL.
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
BUILD = (
    "INSERT INTO monthly_rollup (period_month, unit_id, activity_type, country, status,"
    " activities, " + ", ".join(FIGURES) + ")"
    " SELECT period_month, unit_id, activity_type, country, status, COUNT(*), "
    + ", ".join(f"COALESCE(SUM({f}), 0)" for f in FIGURES)
    + " FROM report GROUP BY period_month, unit_id, activity_type, country, status"
)

class Migration(migrations.Migration):
    dependencies = [('models', '0007_review_loop_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MonthlyRollup',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('period_month', fields.IntField()),
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
            options={'table': 'monthly_rollup', 'app': 'models', 'unique_together': (('period_month', 'status', 'unit_id', 'activity_type', 'country'),), 'pk_attr': 'id', 'table_description': 'Count and figure sums of the reports of one month, unit, type, country and state.'},
            bases=['Model'],
        ),
        ops.RunSQL(BUILD),
    ]
