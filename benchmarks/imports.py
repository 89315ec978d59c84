"""Import benchmark (prints figures; not a test).

Run against a scratch database, never the real one::

    DATABASE_URL=sqlite:////tmp/ocop-bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/ocop-bench.sqlite3 python -m benchmarks.imports [preview] [apply]

Measures previewing a council list of ``preview`` new products (default 500,
the row limit) and applying one of ``apply`` new products (default 50).
"""

import csv
import io
import os
import sys
import time


def council_file(count, offset=0):
    header = [
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n in range(offset, offset + count):
        writer.writerow(
            [
                f"Sản phẩm thử {n}",
                f"HTX Thử {n % 300}",
                "HTX",
                "Tuy An",
                "Thực phẩm",
                "3",
                "60",
                "1/QĐ-UBND",
                "20/03/2025",
                "UBND tỉnh Phú Yên",
                "Cấp mới",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_site.settings.dev")
    import django

    django.setup()
    from home.demo import ensure_home
    from products_catalog.demo import CatalogueLoader, read_rows
    from programme.imports.service import apply_import, preview_import

    rows_preview = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rows_apply = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    home = ensure_home()
    loader = CatalogueLoader(home)
    loader.indexes()
    loader.localities(read_rows())

    start = time.perf_counter()
    log, plan = preview_import(council_file(rows_preview), "bench.csv")
    print(f"preview {rows_preview} rows: {time.perf_counter() - start:.2f} s ({log.status})")

    log, plan = preview_import(council_file(rows_apply, offset=10**6), "bench.csv", publish=True)
    start = time.perf_counter()
    apply_import(log)
    elapsed = time.perf_counter() - start
    print(
        f"apply {rows_apply} new products (published): {elapsed:.2f} s "
        f"({1000 * elapsed / rows_apply:.0f} ms/row)"
    )
    start = time.perf_counter()
    log, plan = preview_import(council_file(rows_apply, offset=10**6), "bench.csv", publish=True)
    apply_import(log)
    print(
        f"re-import of the same {rows_apply} rows (all skipped): "
        f"{time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()
