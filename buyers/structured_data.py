"""schema.org JSON-LD for product and producer pages (Open Graph: :mod:`core.seo`).

Only facts the site shows are published: contact details only when the
producer agreed (``publish_contact``); prices only where a range is given
(VND); synthetic placeholder pictures are not claimed as product photos in
JSON-LD (they are used as the Open Graph preview, which is just a picture).
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.links import absolute_url, page_url
from core.seo import jsonld_script  # noqa: F401  (the one JSON-LD writer, re-exported)

JSONLD_RENDITION = "max-1200x1200"


def image_url(image, spec):
    """Absolute URL of a rendition of ``image`` (``spec`` a Wagtail filter spec)."""
    return absolute_url(image.get_rendition(spec).url)


def plain(html, words=60):
    """Rich text → plain text of at most ``words`` words."""
    return Truncator(" ".join(strip_tags(html or "").split())).words(words, truncate="…")


def offers(product):
    """schema.org ``Offer``/``AggregateOffer`` for the price range in VND, or ``None``."""
    low, high = product.price_min_vnd, product.price_max_vnd
    if low is None and high is None:
        return None
    if low is not None and high is not None and low != high:
        data = {"@type": "AggregateOffer", "lowPrice": low, "highPrice": high}
    else:
        data = {"@type": "Offer", "price": low if low is not None else high}
    data["priceCurrency"] = "VND"
    if product.price_unit:
        data["description"] = product.price_unit
    return data


def product_jsonld(product):
    """schema.org ``Product`` (dict) for a :class:`~products_catalog.models.ProductPage`.

    Keys: ``name``, ``url``, ``description``, ``category`` (group),
    ``manufacturer`` (``Organization`` with the producer's page) when known,
    ``image`` (real photos only), ``offers`` when a price is given; while
    the certificate is in force (valid or expiring) ``award`` ("OCOP 4★")
    and ``additionalProperty`` with the star level and valid-until date. An
    expired or revoked certificate is stated as such, never as a current
    mark; a 1–2★ rating is not an OCOP certification and gets neither.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "url": page_url(product),
    }
    description = product.search_description or product.summary
    if description:
        data["description"] = description
    if product.group_id:
        data["category"] = product.group.display_name
    if product.producer_id:
        data["manufacturer"] = {
            "@type": "Organization",
            "name": product.producer.title,
            "url": page_url(product.producer),
        }
    images = [
        image_url(item.image, JSONLD_RENDITION)
        for item in product.gallery_images.all()  # prefetched with the image when served
        if not item.image.is_placeholder
    ]
    if images:
        data["image"] = images
    price = offers(product)
    if price:
        data["offers"] = price
    certification = certification_properties(product)
    if certification:
        data["additionalProperty"] = certification
        if product.in_force:
            data["award"] = f"OCOP {product.stars}★"
    return data


def certification_properties(product):
    """``PropertyValue`` rows of an OCOP product's certificate: stars and validity while in
    force, only the status (expired, revoked) once it lapsed; ``[]`` for a 1–2★ rating."""
    summary = product.summary_or_none
    if summary is None or not product.is_ocop:
        return []
    rows = [{"@type": "PropertyValue", "name": "OCOP certificate status", "value": product.status}]
    if not product.in_force:
        return rows
    rows.insert(0, {"@type": "PropertyValue", "name": "OCOP stars", "value": summary.stars})
    if summary.valid_until:
        rows.append(
            {
                "@type": "PropertyValue",
                "name": "OCOP certificate valid until",
                "value": summary.valid_until.isoformat(),
            }
        )
    return rows


def producer_jsonld(producer):
    """schema.org ``LocalBusiness`` (with an address or coordinates) or ``Organization``.

    Telephone, e-mail and website (``sameAs``) only when the producer
    published its contact.
    """
    has_place = bool(producer.address) or producer.latitude is not None
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness" if has_place else "Organization",
        "name": producer.title,
        "url": page_url(producer),
    }
    description = producer.search_description or plain(producer.description)
    if description:
        data["description"] = description
    if producer.logo_id:
        data["logo"] = image_url(producer.logo, "max-400x400")
    images = [
        image_url(item.image, JSONLD_RENDITION)
        for item in producer.gallery_images.all()  # prefetched with the image when served
        if not item.image.is_placeholder
    ]
    if images:
        data["image"] = images
    if producer.address or producer.locality_id:
        address = {"@type": "PostalAddress", "addressCountry": "VN"}
        if producer.address:
            address["streetAddress"] = producer.address
        if producer.locality_id:
            current = producer.locality.current_unit
            address["addressLocality"] = producer.locality.name
            if current.pk != producer.locality_id:
                address["addressRegion"] = current.name
        data["address"] = address
    if producer.latitude is not None and producer.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(producer.latitude),
            "longitude": float(producer.longitude),
        }
    contact = producer.public_contact
    if contact.get("phone"):
        data["telephone"] = contact["phone"]
    if contact.get("email"):
        data["email"] = contact["email"]
    if contact.get("website"):
        data["sameAs"] = [contact["website"]]
    return data
