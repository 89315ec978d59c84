"""Import benchmark (prints figures; not a test).

Run against a scratch database, never the real one::

    DATABASE_URL=sqlite:////tmp/ocop-bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/ocop-bench.sqlite3 python -m benchmarks.imports [preview] [apply]

Measures reading the administrative-units register (the data file every
import resolves localities against), previewing a council list of
``preview`` new products (default 500, the row limit), then applying
``apply`` rows (default 50): new products, a second decision for those
(now existing) products, a corrected score on
that decision, and the same file again (all skipped).
"""

import csv
import io
import os
import sys
import time

HEADER = [
    "Tên sản phẩm",
    "Chủ thể",
    "Loại hình chủ thể",
    "Địa phương",
    "Nhóm sản phẩm",
    "Số sao",
    "Điểm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Cấp mới/Công nhận lại",
]


def council_file(count, offset=0, number="1/QĐ-UBND", date="20/03/2024", score=75, kind="Cấp mới"):
    """A council list of ``count`` products (4★, provincial), as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(offset, offset + count):
        writer.writerow(
            [
                f"Sản phẩm thử {n}",
                f"HTX Thử {n % 30}",
                "HTX",
                "Tuy An",
                "Thực phẩm",
                "4",
                str(score),
                number,
                date,
                "UBND tỉnh Phú Yên",
                kind,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def timed_apply(service, label, content, rows):
    preview_import, apply_import = service
    log, _plan = preview_import(content, "bench.csv", publish=True)
    start = time.perf_counter()
    _log, plan, _counts = apply_import(log)
    elapsed = time.perf_counter() - start
    print(f"apply, {label}: {elapsed:.2f} s ({1000 * elapsed / rows:.0f} ms/row) {plan.counts}")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_site.settings.dev")
    import django

    django.setup()
    from wagtail.models import Site

    from programme import demo_catalogue
    from programme.imports.service import apply_import, preview_import
    from taxonomy.adminunits.register import read

    start = time.perf_counter()
    read().find("Tuy An")
    print(f"administrative-units register read and first find: {time.perf_counter() - start:.2f} s")

    rows_preview = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rows_apply = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    home = Site.objects.get(is_default_site=True).root_page.specific
    demo_catalogue.ensure_indexes(home)
    demo_catalogue.ensure_demo_localities(demo_catalogue.read_rows())

    start = time.perf_counter()
    log, _plan = preview_import(council_file(rows_preview), "bench.csv")
    print(f"preview {rows_preview} rows: {time.perf_counter() - start:.2f} s ({log.status})")

    service = (preview_import, apply_import)
    offset = 10**6
    renewal = {"number": "2/QĐ-UBND", "date": "20/05/2025", "kind": "Công nhận lại"}
    timed_apply(service, "new products", council_file(rows_apply, offset), rows_apply)
    timed_apply(
        service,
        "existing products, new decision",
        council_file(rows_apply, offset, **renewal),
        rows_apply,
    )
    corrected = council_file(rows_apply, offset, score=80, **renewal)
    timed_apply(service, "existing products, corrected line", corrected, rows_apply)
    timed_apply(service, "re-import, all skipped", corrected, rows_apply)


if __name__ == "__main__":
    main()
