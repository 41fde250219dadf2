from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_album_buffer')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Photo',
            name='dhash',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='dhash_band0',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='dhash_band1',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='dhash_band2',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='dhash_band3',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='display_key',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='Photo',
            name='height',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='latitude',
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='longitude',
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='reused_from_report_id',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Photo',
            name='taken_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Photo',
            name='thumb_key',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='Photo',
            name='width',
            field=fields.IntField(null=True),
        ),
    ]
