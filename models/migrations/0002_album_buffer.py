from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AlbumBuffer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
                ('media_group_id', fields.CharField(max_length=64)),
                ('items', fields.IntField(default=0)),
                ('last_item_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('acknowledged', fields.BooleanField(default=False)),
            ],
            options={'table': 'album_buffer', 'app': 'models', 'unique_together': (('channel', 'media_group_id'),), 'pk_attr': 'id', 'table_description': 'Photos of one album arriving as separate updates, acknowledged once after a quiet spell.'},
            bases=['Model'],
        ),
    ]
