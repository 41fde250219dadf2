from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_monthly_rollup')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Photo',
            index=Index(fields=['report_id', 'id']),
        ),
    ]
