"""Media on an S3-compatible store (issue 14): moto's S3 server, started in this process.

Each test gets an empty bucket on a moto server bound to a free port on
127.0.0.1 (no internet), and ``STORAGES["default"]`` made by the site's own
:func:`ocop_site.settings.media.media_storage` from ``MEDIA_S3_*`` variables
(pytest-django's ``settings`` fixture: Django's ``setting_changed`` handler
drops the cached storages, so ``default_storage`` and Wagtail's file fields
follow). Everything goes through the real code paths: the admin's add views,
Wagtail's renditions, the product page, Wagtail's document view, backup and
restore. The bucket is emptied and deleted after each test, the server stopped
after the module.
"""

import io
import json
import re
import socket
import urllib.error
import urllib.request
from types import SimpleNamespace

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.models import Collection

from core import media
from core.models import CustomImage
from core.tests.test_backup import manage
from ocop_site.settings.media import media_storage
from products_catalog.models import ProductGalleryImage
from products_catalog.tests.factories import certify, make_product

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
KEYS = {"AWS_ACCESS_KEY_ID": "moto-test", "AWS_SECRET_ACCESS_KEY": "moto-test"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """``http://127.0.0.1:<port>`` of a moto S3 server running in a thread."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_environ(endpoint, bucket, **extra):
    return {"MEDIA_S3_BUCKET": bucket, "MEDIA_S3_ENDPOINT_URL": endpoint, **extra}


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, request):
    """``{"name", "client", "endpoint", "keys()"}``: an empty bucket that is the media storage."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    name = "ocop-media-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[:40].strip("-")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(s3_environ(s3_endpoint, name, MEDIA_S3_REGION=REGION)),
    }

    def keys():
        listing = client.list_objects_v2(Bucket=name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    yield SimpleNamespace(name=name, client=client, endpoint=s3_endpoint, keys=keys)
    for key in keys():
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)


@pytest.fixture
def editor(django_user_model):
    """A test client logged in to Wagtail's admin (the ``client`` fixture stays a visitor)."""
    user = django_user_model.objects.create_superuser("bientap", "bt@example.org", "x")
    admin = Client()
    admin.force_login(user)
    return admin


def png_bytes(size=(640, 480), colour=(200, 120, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def fetch(url):
    """``(status, content_type, body)`` of a plain GET, as a visitor's browser sends it."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), answer.read()


def upload_image(editor, title="Mật ong hoa cà phê", filename="mat-ong.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(filename, png_bytes(), content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "caption": "Chai mật ong 500 ml",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return CustomImage.objects.get(title=title)


def upload_document(editor, title, content, filename="quyet-dinh-123.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(filename, content, content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_document_model().objects.get(title=title)


def test_without_a_bucket_media_stays_on_local_disk():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = media_storage(
        {"MEDIA_S3_BUCKET": "ocop", "MEDIA_S3_CUSTOM_DOMAIN": "anh.ocop.example.vn/"}
    )["OPTIONS"]
    assert options["bucket_name"] == "ocop" and options["custom_domain"] == "anh.ocop.example.vn"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert options["endpoint_url"] is None and options["addressing_style"] is None


def test_custom_domain_is_the_origin_of_media_urls(bucket, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            s3_environ(bucket.endpoint, bucket.name, MEDIA_S3_CUSTOM_DOMAIN="anh.ocop.example.vn")
        ),
    }
    assert media.media_origin() == "https://anh.ocop.example.vn"
    from django.core.files.storage import default_storage

    assert default_storage.url("images/a.png") == "https://anh.ocop.example.vn/images/a.png"


def test_uploaded_image_renditions_and_product_page_come_from_the_bucket(
    bucket, editor, client, site_tree
):
    call_command("media_bucket", stdout=io.StringIO())  # images public, as deployed
    image = upload_image(editor)
    assert image.file.name.startswith("original_images/mat-ong")
    assert bucket.keys() == [image.file.name]
    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    ProductGalleryImage.objects.create(page=product, image=image, caption="Chai 500 ml")
    product.save_revision().publish()

    response = client.get(product.url)
    assert response.status_code == 200
    html = response.content.decode()
    gallery = html[html.index('class="gallery"') :]
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', gallery)
    srcset = re.findall(r'srcset="([^"]+)"', gallery)
    assert sources and srcset
    prefix = f"{bucket.endpoint}/{bucket.name}/images/"
    urls = [sources[0]] + [part.split()[0] for part in srcset[0].split(",")]
    assert all(url.startswith(prefix) for url in urls), urls
    # The browser may load them: the page's CSP names the bucket's origin for images.
    img_src = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1)
    assert bucket.endpoint in img_src.split()
    # Each rendition is an object in the bucket, and a visitor gets a real picture.
    renditions = {f"images/{url[len(prefix) :]}" for url in urls}
    assert renditions <= set(bucket.keys())
    status, content_type, body = fetch(sources[0])
    assert status == 200 and content_type == "image/webp"
    picture = Image.open(io.BytesIO(body))
    assert picture.format == "WEBP" and picture.size in {(400, 300), (800, 600), (1200, 900)}
    # The social-card picture (structured data, Open Graph) is an absolute bucket URL too.
    assert f'content="{prefix}' in html


def test_decision_document_is_served_by_the_site_from_the_bucket(bucket, editor, client, site_tree):
    content = b"%PDF-1.4 Quyet dinh 123/QD-UBND cong nhan san pham OCOP"
    doc = upload_document(editor, "Quyết định 123/QĐ-UBND", content)
    assert doc.file.name == "documents/quyet-dinh-123.pdf"
    assert bucket.keys() == ["documents/quyet-dinh-123.pdf"]
    product = make_product(site_tree["products"], "Nước mắm Gành Đỏ")
    certify(product, document=doc, stars=4, score=75, decision_number="123/QĐ-UBND")

    page = client.get(product.url).content.decode()
    assert f'href="{doc.url}"' in page  # through the site's access check, never the bucket
    assert doc.url.startswith("/documents/")
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))
    # The object itself is private: the bucket policy opens images only.
    call_command("media_bucket", stdout=io.StringIO())
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{bucket.endpoint}/{bucket.name}/{doc.file.name}")
    assert refused.value.code == 403
    # A second upload under the same name never replaces the first (file_overwrite off).
    again = upload_document(editor, "Quyết định 124/QĐ-UBND", b"%PDF-1.4 khac")
    assert again.file.name != doc.file.name and len(bucket.keys()) == 2


def test_bucket_policy_makes_images_public_and_keeps_documents_private(bucket):
    call_command("media_bucket", stdout=io.StringIO())
    policy = bucket.client.get_bucket_policy(Bucket=bucket.name)["Policy"]
    resources = [r for part in json.loads(policy)["Statement"] for r in part["Resource"]]
    assert sorted(resources) == sorted(
        f"arn:aws:s3:::{bucket.name}/{prefix}*" for prefix in ("original_images/", "images/")
    )


def test_media_bucket_create_makes_a_missing_bucket(bucket, settings):
    name = bucket.name[:50] + "-new"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(s3_environ(bucket.endpoint, name, MEDIA_S3_REGION=REGION)),
    }
    out = io.StringIO()
    try:
        call_command("media_bucket", "--create", stdout=out)
        assert f"Created bucket {name}." in out.getvalue()
        assert bucket.client.get_bucket_policy(Bucket=name)["Policy"]
    finally:
        if name in [b["Name"] for b in bucket.client.list_buckets()["Buckets"]]:
            bucket.client.delete_bucket(Bucket=name)


def test_deleting_image_and_document_removes_their_objects(
    bucket, editor, site_tree, django_capture_on_commit_callbacks
):
    image = upload_image(editor)
    image.get_rendition("fill-200x150")
    doc = upload_document(editor, "Quyết định 9/QĐ-UBND", b"%PDF-1.4 9")
    assert len(bucket.keys()) == 3  # original, rendition, document
    # Wagtail deletes the files once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
        doc.delete()
    assert bucket.keys() == []


def test_backup_and_restore_go_through_the_bucket(bucket, tmp_path):
    from django.core.files.storage import default_storage

    default_storage.save("documents/quyet-dinh.pdf", ContentFile(b"%PDF-1.4 original"))
    database = tmp_path / "site.sqlite3"
    database.touch()
    env = {**s3_environ(bucket.endpoint, bucket.name, MEDIA_S3_REGION=REGION), **KEYS}
    run = {"database_url": f"sqlite:///{database}", "media_root": tmp_path / "unused", "env": env}
    archive = manage("backup", "--output", str(tmp_path / "out"), **run)
    bucket.client.put_object(Bucket=bucket.name, Key="documents/quyet-dinh.pdf", Body=b"changed")
    bucket.client.put_object(Bucket=bucket.name, Key="new.txt", Body=b"after the backup")
    out = manage("restore", archive, "--yes", **run)
    assert "1 media files" in out
    assert bucket.keys() == ["documents/quyet-dinh.pdf"]
    body = bucket.client.get_object(Bucket=bucket.name, Key="documents/quyet-dinh.pdf")["Body"]
    assert body.read() == b"%PDF-1.4 original"
    assert not (tmp_path / "unused").exists()
