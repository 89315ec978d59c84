"""Vietnam's administrative units before and since 1 July 2025 (see ``register.py``)."""
