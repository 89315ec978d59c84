"""Locality and ProductGroup move here from products_catalog: state only, tables kept.

The tables are renamed by 0002, once products_catalog has let go of the models.
"""


import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('products_catalog', '0005_i18n_verbose_names'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Locality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('slug', models.SlugField(blank=True, max_length=80, verbose_name='slug')),
                        ('level', models.CharField(choices=[('province', 'Province'), ('district', 'District-level unit'), ('commune', 'Commune-level unit')], max_length=10, verbose_name='level')),
                        ('abolished_on', models.DateField(blank=True, null=True, verbose_name='abolished on')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='taxonomy.locality', verbose_name='part of')),
                        ('successor', models.ForeignKey(blank=True, help_text='For an abolished unit: the unit that holds its territory now.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='predecessors', to='taxonomy.locality', verbose_name='now held by')),
                    ],
                    options={
                        'verbose_name': 'locality',
                        'verbose_name_plural': 'localities',
                        'ordering': ['level', 'name'],
                        'abstract': False,
                        'db_table': 'products_catalog_locality',
                        'unique_together': {('slug', 'locale'), ('translation_key', 'locale')},
                    },
                ),
                migrations.CreateModel(
                    name='ProductGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('name', models.CharField(max_length=150, verbose_name='name')),
                        ('slug', models.SlugField(blank=True, max_length=80, verbose_name='slug')),
                        ('criteria_version', models.CharField(choices=[('1048-2019', 'Decision 1048/QĐ-TTg (2019)'), ('148-2023', 'Decision 148/QĐ-TTg (2023)')], max_length=12, verbose_name='criteria version')),
                        ('code', models.CharField(blank=True, help_text='e.g. 1.3', max_length=10, verbose_name='code')),
                        ('colour', models.CharField(default='#2e7d32', max_length=7, verbose_name='colour')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                        ('parent', models.ForeignKey(blank=True, help_text='Leave empty for a top-level group.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subgroups', to='taxonomy.productgroup', verbose_name='group')),
                    ],
                    options={
                        'verbose_name': 'product group',
                        'verbose_name_plural': 'product groups',
                        'ordering': ['criteria_version', 'sort_order', 'name'],
                        'abstract': False,
                        'db_table': 'products_catalog_productgroup',
                        'unique_together': {('slug', 'locale'), ('translation_key', 'locale')},
                    },
                ),
            ],
        ),
    ]
