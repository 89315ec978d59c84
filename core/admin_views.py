"""Admin tool *Settings → Personal data*: find, export or erase one person's data by e-mail.

Superusers only (``core.change_outboxmessage`` is the gate: the same people who
may read outgoing mail). Export is a JSON download (POST, nothing changes);
erase anonymises every record of that address and blanks the e-mails about
them (:func:`core.personal_data.erase`), after a confirmation box is ticked.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import personal_data


class PersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    confirm = forms.BooleanField(
        required=False, label=gettext_lazy("Yes, erase this person's data (cannot be undone)")
    )


def can_manage(user):
    return user.is_active and user.has_perm("core.change_outboxmessage")


def personal_data_view(request):
    """GET ``?email=``: what is held; POST ``action=export|erase``: download or anonymise."""
    if not can_manage(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or request.GET or None)
    found = []
    if form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action") if request.method == "POST" else ""
        if action == "export":
            body = json.dumps(personal_data.export(email), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
            return response
        if action == "erase":
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Tick the box to confirm."))
            else:
                count = personal_data.erase(email)
                messages.success(request, _("%(count)d records anonymised.") % {"count": count})
                return redirect("core_personal_data")
        found = [(holder.label, records) for holder, records in personal_data.find(email)]
    return TemplateResponse(
        request, "core/admin/personal_data.html", {"form": form, "found": found}
    )
