"""Open data from files built by a task; streamed while stale (issue 14)."""

import datetime
import io
import json
import shutil

import pytest
from django.core.management import call_command

from buyers import opendata_files
from core.exports import BOM
from core.testing import LOCAL_TZ

pytestmark = pytest.mark.django_db


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def test_without_files_the_register_is_streamed(client, shop):
    response = client.get("/du-lieu-mo/san-pham-ocop.json")
    assert response.status_code == 200 and response.streaming
    document = json.loads(body(response))
    assert document["count"] == 1
    assert document["records"][0]["product"] == "Mật ong hoa cà phê"
    csv_text = body(client.get("/du-lieu-mo/san-pham-ocop.csv"))
    assert csv_text.startswith(BOM) and "Mật ong hoa cà phê" in csv_text


def test_built_files_are_served_with_cache_headers_and_304(client, shop):
    # Files an earlier test built may carry the same generation (the cache is emptied
    # between tests, the folder is not): start without them.
    shutil.rmtree(opendata_files.directory(), ignore_errors=True)
    assert opendata_files.refresh() is True
    assert opendata_files.refresh() is False  # fresh: nothing to do
    response = client.get("/du-lieu-mo/san-pham-ocop.json")
    assert response.streaming  # a FileResponse
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert json.loads(body(response))["count"] == 1
    again = client.get("/du-lieu-mo/san-pham-ocop.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(
        "/du-lieu-mo/san-pham-ocop.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304


def test_a_change_makes_the_files_stale_until_the_periodic_job(client, shop, settings):
    opendata_files.refresh()
    product = shop["product"]
    product.title = "Mật ong rừng"
    product.save_revision().publish()
    stale = client.get("/du-lieu-mo/san-pham-ocop.json")
    assert "no-cache" in stale["Cache-Control"]
    assert json.loads(body(stale))["records"][0]["product"] == "Mật ong rừng"
    settings.PERIODIC_TASKS = ["buyers.opendata_files.refresh_task"]
    call_command("periodic", "--quiet", stdout=io.StringIO())  # tasks run inline in tests
    assert opendata_files.is_fresh()
    fresh = client.get("/du-lieu-mo/san-pham-ocop.json")
    assert "max-age" in fresh["Cache-Control"]
    assert json.loads(body(fresh))["records"][0]["product"] == "Mật ong rừng"


@pytest.mark.dated
def test_local_midnight_makes_the_files_stale(shop, clock, today):
    opendata_files.refresh()
    clock.move_to(
        datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time(0, 1), tzinfo=LOCAL_TZ
        )
    )
    assert not opendata_files.is_fresh()


def test_rebuilds_keep_the_last_two_builds_only(client, shop):
    folder = opendata_files.directory()
    built = []
    for title in ("Mật ong một", "Mật ong hai", "Mật ong ba"):
        product = shop["product"]
        product.title = title
        product.save_revision().publish()
        assert opendata_files.refresh() is True
        built.append(opendata_files.current_build()["files"])
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted([*built[1].values(), *built[2].values()])
    document = json.loads(body(client.get("/du-lieu-mo/san-pham-ocop.json")))
    assert document["records"][0]["product"] == "Mật ong ba"


def test_a_recorded_file_that_is_gone_is_streamed_instead(client, shop):
    opendata_files.refresh()
    for path in opendata_files.directory().iterdir():
        path.unlink()
    response = client.get("/du-lieu-mo/san-pham-ocop.csv")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert "Mật ong hoa cà phê" in body(response)
