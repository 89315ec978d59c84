"""Public views: CSV downloads of the statistics page's tables."""

import csv

from django.http import Http404, HttpResponse

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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"ocop-{dataset}-{stats.today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(column) for column in data.csv_columns])
    for row in data.csv_rows:
        writer.writerow([str(cell) for cell in row])
    return response
