from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_photo_pipeline')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Report',
            name=None,
            fields=['unit_id', 'activity_type', 'start_date'],
        ),
        ops.AddIndex(
            model_name='Report',
            index=Index(fields=['start_date', 'status', 'unit_id', 'activity_type', 'country', 'participants_vn', 'participants_foreign', 'sessions', 'audience', 'copies', 'items', 'delegation_size', 'classes', 'trainees', 'visitors', 'posts_handled', 'cases', 'id']),
        ),
    ]
