from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.people import Role
from models.reports import ReportStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='ConversationState',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
                ('step', fields.CharField(default='idle', max_length=32)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'conversation_state', 'app': 'models', 'unique_together': (('channel', 'external_id'),), 'pk_attr': 'id', 'table_description': 'Current step and draft of one messenger account (it exists before a Person does).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('display_name', fields.CharField(default='', max_length=200)),
                ('language', fields.CharField(default='vi', max_length=5)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'person', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A human user, whichever messengers they use.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Identity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='identities', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=16)),
                ('external_id', fields.CharField(max_length=64)),
            ],
            options={'table': 'identity', 'app': 'models', 'unique_together': (('channel', 'external_id'),), 'pk_attr': 'id', 'table_description': 'One messenger account (channel + external id) belonging to a person.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProcessedUpdate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(max_length=16)),
                ('update_key', fields.CharField(max_length=128)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'processed_update', 'app': 'models', 'unique_together': (('channel', 'update_key'),), 'pk_attr': 'id', 'table_description': 'A platform update already handled: the unique key makes redelivery a no-op.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Unit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=200)),
                ('kind', fields.CharField(max_length=32)),
                ('parent', fields.ForeignKeyField('models.Unit', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(default='', db_index=True, max_length=255)),
                ('latitude', fields.FloatField(null=True)),
                ('longitude', fields.FloatField(null=True)),
            ],
            options={'table': 'unit', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A node of the organisation tree (province, district, commune, border post, agency).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Invite',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=8)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='invites', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='REPORTER: reporter\nREVIEWER: reviewer\nCOMMITTEE: committee\nADMIN: admin', enum_type=Role, max_length=16)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='invites_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_by', fields.ForeignKeyField('models.Person', source_field='used_by_id', null=True, db_constraint=True, to_field='id', related_name='invites_used', on_delete=OnDelete.SET_NULL)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invite', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time code that binds whoever redeems it to a unit and role, until it expires.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KnownPlace',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='places', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('latitude', fields.FloatField()),
                ('longitude', fields.FloatField()),
            ],
            options={'table': 'known_place', 'app': 'models', 'unique_together': (('unit', 'name'),), 'pk_attr': 'id', 'table_description': 'A named point of a unit (border gate, marker, commune centre) users can pick as location.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='REPORTER: reporter\nREVIEWER: reviewer\nCOMMITTEE: committee\nADMIN: admin', enum_type=Role, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'models', 'unique_together': (('person', 'unit', 'role'),), 'pk_attr': 'id', 'table_description': 'A role of a person in a unit (and, for readers, its whole subtree).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Report',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('submit_key', fields.CharField(unique=True, max_length=64)),
                ('unit', fields.ForeignKeyField('models.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('models.Person', source_field='author_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('activity_type', fields.CharField(max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('start_date', fields.DateField(db_index=True)),
                ('end_date', fields.DateField()),
                ('period_month', fields.IntField(db_index=True)),
                ('period_quarter', fields.IntField(db_index=True)),
                ('period_half', fields.IntField(db_index=True)),
                ('period_year', fields.IntField(db_index=True)),
                ('place_name', fields.CharField(default='', max_length=200)),
                ('latitude', fields.FloatField(null=True)),
                ('longitude', fields.FloatField(null=True)),
                ('location_source', fields.CharField(default='none', max_length=16)),
                ('counterpart', fields.CharField(default='', max_length=200)),
                ('country', fields.CharField(default='', max_length=2)),
                ('languages', fields.CharField(default='', max_length=100)),
                ('participants_vn', fields.IntField(null=True)),
                ('participants_foreign', fields.IntField(null=True)),
                ('sessions', fields.IntField(null=True)),
                ('audience', fields.IntField(null=True)),
                ('copies', fields.IntField(null=True)),
                ('items', fields.IntField(null=True)),
                ('delegation_size', fields.IntField(null=True)),
                ('classes', fields.IntField(null=True)),
                ('trainees', fields.IntField(null=True)),
                ('visitors', fields.IntField(null=True)),
                ('posts_handled', fields.IntField(null=True)),
                ('cases', fields.IntField(null=True)),
                ('description', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=ReportStatus.SUBMITTED, description='SUBMITTED: submitted\nWITHDRAWN: withdrawn', enum_type=ReportStatus, max_length=16)),
                ('channel', fields.CharField(max_length=16)),
                ('withdrawn_reason', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'report', 'app': 'models', 'indexes': [Index(fields=['unit_id', 'activity_type', 'start_date'])], 'pk_attr': 'id', 'table_description': 'One activity report, created only when the user presses Gửi.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='audit_events', on_delete=OnDelete.SET_NULL)),
                ('report', fields.ForeignKeyField('models.Report', source_field='report_id', null=True, db_constraint=True, to_field='id', related_name='audit_events', on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=32)),
                ('detail', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_event', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Who did what to which report, and when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Photo',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('draft_key', fields.CharField(db_index=True, max_length=64)),
                ('report', fields.ForeignKeyField('models.Report', source_field='report_id', null=True, db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('sha256', fields.CharField(db_index=True, max_length=64)),
                ('storage_key', fields.CharField(max_length=255)),
                ('mime', fields.CharField(max_length=32)),
                ('size_bytes', fields.IntField()),
                ('media_group_id', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'photo', 'app': 'models', 'unique_together': (('draft_key', 'sha256'),), 'pk_attr': 'id', 'table_description': 'A photo saved as received. `report` stays empty while it belongs to a draft.'},
            bases=['Model'],
        ),
    ]
