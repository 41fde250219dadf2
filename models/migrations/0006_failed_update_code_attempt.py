from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_link_code')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CodeAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
                ('attempted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'code_attempt', 'app': 'models', 'indexes': [Index(fields=['channel', 'external_id', 'attempted_at'])], 'pk_attr': 'id', 'table_description': 'One wrong invite or link code typed by an account: five in 15 minutes make it wait.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FailedUpdate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('update_key', fields.CharField(max_length=128)),
                ('error_class', fields.CharField(max_length=128)),
                ('attempts', fields.IntField(default=1)),
                ('first_failed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_failed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('given_up', fields.BooleanField(default=False)),
            ],
            options={'table': 'failed_update', 'app': 'models', 'unique_together': (('channel', 'update_key'),), 'pk_attr': 'id', 'table_description': 'An update whose handling raised: counted per delivery, given up after a few.'},
            bases=['Model'],
        ),
    ]
