from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.outbox import OutboxStatus
from models.reports import ReportStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class StateOnlyAlterField(ops.AlterField):
    """Two more values of a varchar enum change only its description: record that in the
    migration state and leave the table alone (on SQLite altering a column rebuilds the
    table, and dropping the old one cascades to every report's photos)."""

    async def database_forward(self, *args, **kwargs) -> None:
        return None

    async def database_backward(self, *args, **kwargs) -> None:
        return None


class Migration(migrations.Migration):
    dependencies = [('models', '0006_failed_update_code_attempt')]

    initial = False

    operations = [
        StateOnlyAlterField(
            model_name='Report',
            name='status',
            field=fields.CharEnumField(default=ReportStatus.SUBMITTED, description='SUBMITTED: submitted\nAPPROVED: approved\nRETURNED: returned\nWITHDRAWN: withdrawn', enum_type=ReportStatus, max_length=16),
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cause_key', fields.CharField(unique=True, max_length=128)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
                ('text', fields.TextField(default='', unique=False)),
                ('buttons', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('render', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nSENT: sent\nFAILED: failed', enum_type=OutboxStatus, max_length=16)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_message', 'app': 'models', 'indexes': [Index(fields=['status', 'channel', 'due_at'])], 'pk_attr': 'id', 'table_description': 'One message to one messenger account, due at `due_at`, sent once.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Report',
            name='decided_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Report',
            name='decided_by',
            field=fields.ForeignKeyField('models.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Report',
            name='filed_external_id',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        ops.AddField(
            model_name='Report',
            name='return_reason',
            field=fields.CharField(default='', db_default='', max_length=500),
        ),
        ops.AddField(
            model_name='Report',
            name='revision',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Report',
            name='submitted_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # Reports filed before this migration were last submitted when they were created.
        ops.RunSQL("UPDATE report SET submitted_at = created_at WHERE submitted_at IS NULL"),
    ]
