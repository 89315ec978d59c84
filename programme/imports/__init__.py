"""Council-decision imports: read (``reader``), map columns (``columns``), parse
cells (``values``), plan (``plan``), write (``apply``), log (``service``)."""
