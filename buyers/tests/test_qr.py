"""QR codes decode (zxing-cpp) to the product page, which then shows the certificate on top."""

import io
import re

import zxingcpp
from django.urls import reverse
from django.utils import translation
from PIL import Image

from buyers.qr import qr_svg_inline


def decode(png_bytes):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert len(results) == 1, "expected exactly one QR code"
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def test_png_decodes_to_the_product_url(client, shop):
    product = shop["product"]
    response = client.get(reverse("buyers:qr_png", args=[product.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert decode(response.content) == product.get_full_url() + "?from=qr"
    assert decode(response.content).startswith("http://testserver/san-pham-ocop/")


def test_svg_is_a_qr_code_of_the_same_url(client, shop):
    """Render the SVG's modules to pixels and decode them: same URL as the PNG."""
    product = shop["product"]
    response = client.get(reverse("buyers:qr_svg", args=[product.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg and product.title in svg
    assert decode(rasterise_segno_svg(svg)) == product.get_full_url() + "?from=qr"


def rasterise_segno_svg(svg):
    """Draw segno's single-path SVG (``M x y.5 h n m dx dy …``, scaled) as a PNG."""
    scale = float(re.search(r'transform="scale\(([\d.]+)\)"', svg).group(1))
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = round(width / scale)
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmhv])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        a = float(a)
        if command == "M":
            x, y = a, float(b)
        elif command == "m":
            x, y = x + a, y + float(b)
        elif command == "h":
            row = int(y - 0.5)
            for col in range(int(min(x, x + a)), int(max(x, x + a))):
                image.putpixel((col, row), 0)
            x += a
    out = io.BytesIO()
    image.resize((size * 8, size * 8), Image.NEAREST).save(out, "PNG")
    return out.getvalue()


def test_qr_page_shows_certificate_status_on_top(client, shop):
    product = shop["product"]
    html = client.get(product.url + "?from=qr").content.decode()
    banner = html.index('class="qr-banner')
    assert banner < html.index("<h1")  # above the title and the gallery
    assert "Đạt 4★, còn hiệu lực đến ngày" in html[banner : banner + 800]
    assert 'class="cert-box is-highlighted"' in html
    plain = client.get(product.url).content.decode()
    assert "qr-banner" not in plain and "is-highlighted" not in plain


def test_label_sheet(client, shop):
    product = shop["product"]
    response = client.get(reverse("buyers:qr_labels", args=[product.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="label"') == 8
    assert html.count("<svg") == 8
    assert html.count("★★★★<") == 8  # 4 stars on each label
    assert "@page" not in html  # print CSS lives in labels.css
    assert "buyers/labels.css" in html and product.title in html
    assert '<html lang="vi">' in html and '<main class="sheet" lang="vi">' in html
    # The English sheet's interface is English; the labels stay Vietnamese.
    with translation.override("en"):
        english = client.get(reverse("buyers:qr_labels", args=[product.pk])).content.decode()
    assert '<html lang="en">' in english and '<main class="sheet" lang="vi">' in english


def test_expired_product_labels_are_refused(client, shop):
    """An expired certificate may not carry the OCOP mark: no label sheet, a clear reason."""
    product = shop["product"]
    decision = product.latest_certification.decision
    decision.decision_date = decision.decision_date.replace(year=decision.decision_date.year - 4)
    decision.save()
    response = client.get(reverse("buyers:qr_labels", args=[product.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "★" not in html.split("<main")[1].split("</main>")[0]
    assert 'class="sheet"' not in html
    assert "Không in tem" in html


def test_qr_for_unpublished_or_non_product_is_404(client, shop):
    for name in ("buyers:qr_png", "buyers:qr_svg", "buyers:qr_labels"):
        assert client.get(reverse(name, args=[shop["hidden"].pk])).status_code == 404
        assert client.get(reverse(name, args=[shop["producer"].pk])).status_code == 404


def test_inline_svg_has_no_fixed_size():
    svg = qr_svg_inline("http://localhost/x/?from=qr", title="Nước mắm")
    assert svg.startswith("<svg") and 'width="' not in svg.split(">")[0]
