"""QR codes for products (segno): they open the product page with the certificate on top.

The code holds the product's full URL plus ``?from=qr``; the product page
then shows a banner with the certificate's status above everything else
(hook slot ``product_top``) and highlights the certificate box.
"""

import io

import segno

from core.links import page_url

QR_PARAM = "from=qr"


def qr_target_url(product):
    """Absolute URL a product's QR code opens: ``https://host/…/slug/?from=qr``.

    The host is the configured site's (:mod:`core.links`).
    """
    return f"{page_url(product)}?{QR_PARAM}"


def make_qr(url):
    """A :class:`segno.QRCode` for ``url`` with error correction M (15 %), never a Micro QR."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url, scale=8, title=""):
    """SVG document (bytes, UTF-8) of the QR code of ``url``; ``scale`` px per module."""
    out = io.BytesIO()
    make_qr(url).save(out, kind="svg", scale=scale, border=4, xmldecl=True, title=title or None)
    return out.getvalue()


def qr_png(url, scale=10):
    """PNG image (bytes) of the QR code of ``url``; ``scale`` px per module, 4-module border."""
    out = io.BytesIO()
    make_qr(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg_inline(url, title=""):
    """``<svg>`` element (str) without fixed size, for HTML pages sized by CSS (labels)."""
    return make_qr(url).svg_inline(scale=1, border=4, omitsize=True, title=title or None)
