"""schema.org JSON-LD and Open Graph tags on product and producer pages."""

import json
import re
from decimal import Decimal

from core.placeholders import create_placeholder_image
from products_catalog.models import ProducerGalleryImage, ProductGalleryImage


def jsonld(html):
    """The page's one Product / LocalBusiness / Organization object (beside its breadcrumb)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = [json.loads(block) for block in blocks]
    own = [item for item in found if item["@type"] != "BreadcrumbList"]
    assert len(own) == 1 and len(found) == 2
    return own[0]


def meta(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def real_photo(title):
    image = create_placeholder_image(title, "#336699")
    image.is_placeholder = False
    image.save()
    return image


def test_product_jsonld(client, shop):
    product = shop["product"]
    ProductGalleryImage.objects.create(page=product, image=real_photo("Ảnh thật"))
    ProductGalleryImage.objects.create(
        page=product, image=create_placeholder_image("Minh họa", "#999999")
    )
    html = client.get(product.url).content.decode()
    data = jsonld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Mật ong hoa cà phê"
    assert data["url"] == "http://testserver/san-pham-ocop/mat-ong-hoa-ca-phe/"
    assert data["description"] == "Mật ong nguyên chất từ hoa cà phê."
    assert data["manufacturer"] == {
        "@type": "Organization",
        "name": "HTX Mật ong Đồng Xuân",
        "url": shop["producer"].get_full_url(),
    }
    assert data["offers"] == {
        "@type": "AggregateOffer",
        "lowPrice": 150000,
        "highPrice": 250000,
        "priceCurrency": "VND",
        "description": "chai 500 ml",
    }
    assert len(data["image"]) == 1  # the placeholder is not claimed as a photo
    assert (
        data["image"][0].startswith("http://testserver/") and ".max-1200x1200" in (data["image"][0])
    )
    assert data["award"] == "OCOP 4★"
    props = {p["name"]: p["value"] for p in data["additionalProperty"]}
    assert props["OCOP stars"] == 4 and props["OCOP certificate status"] == "valid"


def test_product_without_price_or_producer(client, shop):
    from products_catalog.tests.factories import make_product

    product = make_product(shop["products"], "Sản phẩm </script><b>lạ</b>", stars=3)
    data = jsonld(client.get(product.url).content.decode())
    assert "offers" not in data and "manufacturer" not in data and "image" not in data
    assert data["name"] == "Sản phẩm </script><b>lạ</b>"  # escaped, still exact


def test_single_price_is_an_offer(client, shop):
    product = shop["product"]
    product.price_max_vnd = None
    product.save_revision().publish()
    data = jsonld(client.get(product.url).content.decode())
    assert data["offers"]["@type"] == "Offer" and data["offers"]["price"] == 150000


def test_open_graph_on_product(client, shop):
    product = shop["product"]
    ProductGalleryImage.objects.create(page=product, image=real_photo("Ảnh"))
    html = client.get(product.url).content.decode()
    assert meta(html, "og:type") == "product"
    assert meta(html, "og:title") == "Mật ong hoa cà phê"
    assert meta(html, "og:url") == product.get_full_url()
    assert meta(html, "og:description") == "Mật ong nguyên chất từ hoa cà phê."
    assert meta(html, "og:image").startswith("http://testserver/")
    width, height = int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))
    assert width <= 1200 and abs(width / height - 1200 / 630) < 0.01  # cropped, not upscaled
    assert meta(html, "og:site_name").endswith("Phú Yên")
    assert meta(html, "twitter:card") == "summary_large_image"


def test_producer_jsonld_respects_contact_consent(client, shop):
    producer = shop["producer"]
    producer.address = "Thôn Tân Hòa, xã Đồng Xuân"
    producer.latitude, producer.longitude = Decimal("13.4"), Decimal("109.05")
    producer.description = "<p>Nuôi ong <b>lấy mật</b> từ năm 1998.</p>"
    producer.save_revision().publish()
    ProducerGalleryImage.objects.create(page=producer, image=real_photo("Trại ong"))
    data = jsonld(client.get(producer.url).content.decode())
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "HTX Mật ong Đồng Xuân"
    assert data["description"] == "Nuôi ong lấy mật từ năm 1998."
    assert data["address"]["streetAddress"] == "Thôn Tân Hòa, xã Đồng Xuân"
    assert data["address"]["addressCountry"] == "VN"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 13.4, "longitude": 109.05}
    assert data["telephone"] == "0257 111 222"
    assert data["email"] == "htx-mat-ong@example.org"
    assert len(data["image"]) == 1

    producer.publish_contact = False
    producer.save_revision().publish()
    html = client.get(producer.url).content.decode()
    data = jsonld(html)
    assert "telephone" not in data and "email" not in data
    assert "htx-mat-ong@example.org" not in html


def test_producer_without_place_is_an_organization(client, shop):
    producer = shop["producer"]
    html = client.get(producer.url).content.decode()
    assert jsonld(html)["@type"] == "Organization"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:title") == "HTX Mật ong Đồng Xuân"
