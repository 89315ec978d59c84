"""Admin page forms shared by page types (imports nothing of our apps).

Wagtail's page form refuses any expiry date/time in the past ("Expiry
date/time must be in the future"). Once a scheduled page has expired, its
stored ``expire_at`` *is* in the past, so every later edit of the page (adding
the results of a finished campaign, fixing a typo) fails until the editor
notices and clears the field. :class:`PastExpiryTolerantPageForm` keeps
Wagtail's check for a newly typed expiry but accepts the one already stored.
"""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


def _same_minute(first, second):
    """True when two aware datetimes fall in the same minute.

    The admin widget shows ``Y-m-d H:i``, so a stored value with seconds comes
    back truncated to the minute.
    """
    if first is None or second is None:
        return False
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


class PastExpiryTolerantPageForm(WagtailAdminPageForm):
    """A page form that lets an expired page be edited and saved again.

    Rules:

    * an expiry date/time that is in the past and *unchanged* from the stored
      one is accepted: saving a draft keeps it as a record of when the page
      expired;
    * publishing (or submitting for moderation) with such a spent expiry
      clears it, since the page would otherwise be unpublished again by
      ``publish_scheduled`` at once;
    * a *new* past expiry is still refused, as Wagtail does.
    """

    # Wagtail builds the admin form class with its draft-state mixin *before*
    # this class in the MRO, so its "expiry must be in the future" check runs
    # after our ``clean``. We therefore hand it ``None`` for a spent expiry and
    # put the stored value back in ``_post_clean``, before the instance is built.

    def clean(self):
        expire_at = self.cleaned_data.get("expire_at")
        stored = getattr(self.instance, "expire_at", None)
        self._spent_expiry = None
        if expire_at is not None and expire_at < timezone.now() and _same_minute(expire_at, stored):
            self._spent_expiry = stored
            self.cleaned_data["expire_at"] = None
        return super().clean()

    def _post_clean(self):
        stored = getattr(self, "_spent_expiry", None)
        if stored is not None and not self.errors:
            go_live_at = self.cleaned_data.get("go_live_at")
            rescheduled = go_live_at is not None and go_live_at > stored
            republished = "action-publish" in self.data or "action-submit" in self.data
            if not (rescheduled or republished):
                self.cleaned_data["expire_at"] = stored
        super()._post_clean()
