"""The locality model moved to taxonomy: state only (the column is unchanged)."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0002_roles_and_workflow'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='programmetarget',
                    name='scope',
                    field=models.ForeignKey(blank=True, help_text='Leave empty for the whole province.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='taxonomy.locality', verbose_name='scope'),
                ),
            ],
        ),
    ]
