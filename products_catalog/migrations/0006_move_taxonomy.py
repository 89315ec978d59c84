"""Locality and ProductGroup now live in taxonomy: state only, no table touched."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_alter_eventpage_locality'),
        ('products_catalog', '0005_i18n_verbose_names'),
        ('programme', '0003_alter_programmetarget_scope'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='producerpage',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='producers', to='taxonomy.locality', verbose_name='locality'),
                ),
                migrations.AlterField(
                    model_name='productpage',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='products', to='taxonomy.locality', verbose_name='locality at certification'),
                ),
                migrations.AlterField(
                    model_name='productpage',
                    name='group',
                    field=models.ForeignKey(blank=True, limit_choices_to={'parent__isnull': True}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='products', to='taxonomy.productgroup', verbose_name='product group'),
                ),
                migrations.AlterField(
                    model_name='productpage',
                    name='subgroup',
                    field=models.ForeignKey(blank=True, limit_choices_to={'parent__isnull': False}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='subgroup_products', to='taxonomy.productgroup', verbose_name='subgroup'),
                ),
                migrations.DeleteModel(
                    name='Locality',
                ),
                migrations.DeleteModel(
                    name='ProductGroup',
                ),
            ],
        ),
    ]
