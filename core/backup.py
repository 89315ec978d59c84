"""Consistent backups of the database and the media files, and their restore.

One archive ``ocop-backup-<UTC time>.tar`` holds ``manifest.json`` (vendor,
time, counts), the database (``database.sqlite3``: SQLite's online backup
API, a consistent copy while the site runs; or ``database.pgdump``:
``pg_dump --format=custom``, one snapshot transaction) and ``media.tar.gz``
(every file of the media storage, ``MEDIA_ROOT`` or the S3 bucket, read
through Django's storage API; copied after the database: a file uploaded in
between is extra, never missing). :func:`restore` puts both back (SQLite: the
file is replaced; PostgreSQL: ``pg_restore --clean --if-exists`` into the
configured database; media: every file of the storage deleted, the archive's
written). Stop the web and task processes before a restore.
"""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import connection, connections

from core.media import OPEN_DATA_FOLDER, media_storage, walk


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db):
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def dump_database(target_dir, alias="default"):
    """Write the database into ``target_dir``; returns the file name."""
    db = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        name = "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(Path(target_dir) / name)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return name
    if connections[alias].vendor == "postgresql":
        name = "database.pgdump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(Path(target_dir) / name)]
            + _pg_args(db),
            check=True,
            env=_pg_env(db),
        )
        return name
    raise NotImplementedError(f"no backup for {connections[alias].vendor}")


def media_names(storage):
    """Every file name in ``storage`` (none when a local ``MEDIA_ROOT`` does not exist yet),
    but the open-data files (rebuilt from the database by a task)."""
    try:
        names = walk(storage)
    except FileNotFoundError:
        return []
    return [name for name in names if not name.startswith(OPEN_DATA_FOLDER + "/")]


def backup(output_dir, storage=None):
    """Make one archive in ``output_dir`` (media from ``storage``, default the media storage).

    Returns the archive's path.
    """
    storage = storage or media_storage()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    output = Path(output_dir) / f"ocop-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        database = dump_database(work)
        media = Path(work) / "media.tar.gz"
        files = 0
        with tarfile.open(media, "w:gz") as archive:
            for name in media_names(storage):
                with storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(name)
                    info.size = handle.size
                    info.mtime = int(storage.get_modified_time(name).timestamp())
                    archive.addfile(info, handle)
                files += 1
        manifest = {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "vendor": connection.vendor,
            "database": database,
            "media_files": files,
        }
        with tarfile.open(output, "w") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(Path(work) / database, arcname=database)
            archive.add(media, arcname="media.tar.gz")
    return output


def restore(archive_path, storage=None, alias="default"):
    """Put the archive's database and media (into ``storage``) back; returns its manifest."""
    storage = storage or media_storage()
    db = connections[alias].settings_dict
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path) as archive:
        archive.extractall(work, filter="data")
        manifest = json.loads((Path(work) / "manifest.json").read_text())
        if manifest["vendor"] != connections[alias].vendor:
            raise ValueError(f"a {manifest['vendor']} backup cannot go into {connection.vendor}")
        connections.close_all()
        dump = Path(work) / manifest["database"]
        if manifest["vendor"] == "sqlite":
            source = sqlite3.connect(dump)
            target = sqlite3.connect(db["NAME"])
            with target:
                source.backup(target)
            target.close()
            source.close()
        else:
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
                + _pg_args(db)
                + [str(dump)],
                check=True,
                env=_pg_env(db),
            )
        for name in media_names(storage):
            storage.delete(name)
        with tarfile.open(Path(work) / "media.tar.gz") as media:
            for member in media.getmembers():
                if member.isfile():
                    # Django's name checks refuse absolute paths and "..".
                    storage.save(member.name, File(media.extractfile(member), name=member.name))
    return manifest
