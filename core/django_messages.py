"""Django's own messages that its Vietnamese catalogue lacks or words badly.

Named here so that ``makemessages`` keeps our translations of them in
``locale/vi/LC_MESSAGES/django.po``; the project's catalogue comes first, so
forms then show ours (a NUL in a name gave English on a Vietnamese page; a bad
quantity read "Nhập một số tổng thể"). Nothing imports this module.
"""

from django.utils.translation import gettext_lazy as _

OVERRIDDEN = (
    _("Null characters are not allowed."),
    _("Enter a whole number."),
)
