"""Catalogue models: pages (producers, products) and certification (decisions, summaries)."""

from products_catalog.models.certification import (
    CertificationDecision,
    CertificationLevel,
    CertificationSummary,
    DecisionLine,
    Inspection,
    RevocationDecision,
    RevocationLine,
)
from products_catalog.models.pages import (
    ProducerGalleryImage,
    ProducerIndexPage,
    ProducerPage,
    ProducerType,
    ProductGalleryImage,
    ProductIndexPage,
    ProductPage,
    ProductTaggedItem,
    SalesChannel,
)

__all__ = [
    "CertificationDecision",
    "CertificationLevel",
    "CertificationSummary",
    "DecisionLine",
    "Inspection",
    "ProducerGalleryImage",
    "ProducerIndexPage",
    "ProducerPage",
    "ProducerType",
    "ProductGalleryImage",
    "ProductIndexPage",
    "ProductPage",
    "ProductTaggedItem",
    "RevocationDecision",
    "RevocationLine",
    "SalesChannel",
]
