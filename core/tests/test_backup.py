"""Backup and restore round trip, on a copy (a scratch SQLite file, a scratch PostgreSQL database).

The commands run in a subprocess against their own database and media
directory: the test database is never touched. The PostgreSQL case needs a
server at ``BACKUP_TEST_PG`` (default ``postgres://postgres@127.0.0.1:5432``)
and ``pg_dump``; it is skipped when either is missing.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "ocop_backup_roundtrip"


def manage(*args, database_url, media_root, env=None):
    """Run ``manage.py`` on its own database and media (``env``: more variables, e.g. S3)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "ocop_site.settings.dev",  # reads MEDIA_ROOT, MEDIA_S3_*
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def round_trip(tmp_path, database_url, read_rows, change_data):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 original")
    archive = manage(
        "backup", "--output", str(tmp_path / "out"), database_url=database_url, media_root=media
    )
    assert archive.endswith(".tar") and Path(archive).exists()
    change_data()
    (media / "documents" / "quyet-dinh.pdf").write_bytes(b"changed")
    (media / "new.txt").write_text("after the backup")
    out = manage("restore", archive, "--yes", database_url=database_url, media_root=media)
    assert "1 media files" in out
    assert read_rows() == [(1, "Nước mắm Tuý Hoa")]
    assert (media / "documents" / "quyet-dinh.pdf").read_bytes() == b"%PDF-1.4 original"
    assert not (media / "new.txt").exists()


def test_sqlite_backup_and_restore(tmp_path):
    path = tmp_path / "site.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")  # as the site runs it
        db.execute("CREATE TABLE product (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO product VALUES (1, 'Nước mắm Tuý Hoa')")

    def read_rows():
        with sqlite3.connect(path) as db:
            return db.execute("SELECT id, title FROM product ORDER BY id").fetchall()

    def change_data():
        with sqlite3.connect(path) as db:
            db.execute("UPDATE product SET title = 'xoá nhầm'")
            db.execute("INSERT INTO product VALUES (2, 'mới')")

    round_trip(tmp_path, f"sqlite:///{path}", read_rows, change_data)


def psql(sql, dbname="postgres"):
    return subprocess.run(
        ["psql", f"{PG_SERVER}/{dbname}", "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_postgresql_backup_and_restore(tmp_path):
    if not shutil.which("pg_dump") or psql("select 1").returncode != 0:
        pytest.skip("no PostgreSQL server or pg_dump here")
    psql(f"DROP DATABASE IF EXISTS {PG_NAME}")
    assert psql(f"CREATE DATABASE {PG_NAME}").returncode == 0
    try:
        psql("CREATE TABLE product (id int PRIMARY KEY, title text)", PG_NAME)
        psql("INSERT INTO product VALUES (1, 'Nước mắm Tuý Hoa')", PG_NAME)

        def read_rows():
            out = psql("SELECT id, title FROM product ORDER BY id", PG_NAME).stdout
            return [(int(i), t) for i, t in (line.split("|") for line in out.splitlines())]

        def change_data():
            psql("UPDATE product SET title = 'xoá nhầm'", PG_NAME)
            psql("INSERT INTO product VALUES (2, 'mới')", PG_NAME)

        round_trip(tmp_path, f"{PG_SERVER}/{PG_NAME}", read_rows, change_data)
    finally:
        psql(f"DROP DATABASE IF EXISTS {PG_NAME}")
