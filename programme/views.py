"""Public views: CSV downloads of the statistics page's tables."""

from django.http import Http404

from core import exports
from programme.stats import DATASET_SLUGS, statistics


def statistics_csv(page, request, dataset):
    """The ``dataset`` table of ``page`` as CSV (UTF-8 with BOM, for Excel).

    Unknown dataset names give 404. Columns are those of the page's table
    (for ``expiring``: the list of certificates).
    """
    if dataset not in DATASET_SLUGS:
        raise Http404("Unknown dataset")
    stats = statistics(page.get_site())
    data = stats[dataset]
    filename = f"ocop-{dataset}-{stats.today:%Y-%m-%d}.csv"
    return exports.csv_response(data.csv_columns, data.csv_rows, filename)
