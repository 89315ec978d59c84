from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and campaigns")

    def ready(self):
        from core.localize import connect_shared_facts
        from news.models import CampaignPage

        # A campaign's dates are the same in every language (issue 13).
        connect_shared_facts(CampaignPage)
