"""Admin: the locality and product-group viewsets live in :mod:`taxonomy.viewsets`.

They are registered by ``products_catalog.wagtail_hooks`` in the one "OCOP
catalogue" menu group, beside the certification decisions (a lower app
cannot name the decisions; the higher one gathers the menu).
"""
