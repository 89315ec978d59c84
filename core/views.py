"""Public views of core: the privacy notice."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def privacy_notice(request):
    """The privacy notice every form links to: purpose, who sees what, retention, rights."""
    days = getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 730)
    return render(
        request, "core/privacy.html", {"retention_days": days, "retention_months": days // 30}
    )
