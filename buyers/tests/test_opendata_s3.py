"""Open-data files on the shared media store (issue 14): moto's S3 server, as for media."""

import io
import json
import urllib.error

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from buyers import opendata_files
from core.backup import media_names
from core.tests.test_s3_media import fetch
from products_catalog.tests.factories import certify, make_product

pytestmark = pytest.mark.django_db


def test_open_data_files_are_built_into_the_bucket_and_served_by_the_site(
    bucket,
    settings,
    client,
    site_tree,
):
    settings.OPEN_DATA_STORAGE = "default"  # what MEDIA_S3_BUCKET sets
    product = make_product(site_tree["products"], "Nước mắm Gành Đỏ")
    certify(product, stars=4, score=75)
    assert opendata_files.refresh() is True
    keys = bucket.keys()
    assert len(keys) == 2 and all(key.startswith("opendata/san-pham-ocop-") for key in keys)
    response = client.get("/du-lieu-mo/san-pham-ocop.json")
    assert "max-age=300" in response["Cache-Control"]  # the built file, not the stream
    document = json.loads(b"".join(response.streaming_content))
    assert [row["product"] for row in document["records"]] == ["Nước mắm Gành Đỏ"]
    call_command("media_bucket", stdout=io.StringIO())
    with pytest.raises(urllib.error.HTTPError) as refused:  # private: only the site serves it
        fetch(f"{bucket.endpoint}/{bucket.name}/{keys[0]}")
    assert refused.value.code == 403


def test_backups_leave_the_open_data_files_out(bucket, settings, site_tree):
    settings.OPEN_DATA_STORAGE = "default"
    default_storage.save("documents/quyet-dinh.pdf", ContentFile(b"%PDF-1.4"))
    opendata_files.refresh()
    assert len(bucket.keys()) == 3
    assert media_names(default_storage) == ["documents/quyet-dinh.pdf"]
