"""The public registration form of an event page."""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from events.models import Registration

PHONE_RE = re.compile(r"^\+?[0-9 ().-]{8,20}$")
MESSAGE_MAX = 2000


class RegistrationForm(forms.ModelForm):
    """Name, organisation, role, email, phone, message, consent and a honeypot.

    A bound form that fails validation keeps every typed value (Django
    re-renders bound fields). ``website`` is a honeypot: people never see it,
    bots fill it in.
    """

    required_css_class = "required"

    consent = forms.BooleanField(
        label=_("I agree that the organiser keeps these details to manage this event."),
        required=True,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Registration
        fields = ["name", "organisation", "role", "email", "phone", "message"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
        }
        labels = {
            "name": _("Full name"),
            "organisation": _("Organisation"),
            "role": _("You are a"),
            "email": _("Email"),
            "phone": _("Phone"),
            "message": _("Message to the organiser"),
        }
        help_texts = {"email": _("We send the confirmation to this address.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(Registration.Role.choices)
        self.fields["message"].validators.append(MaxLengthValidator(MESSAGE_MAX))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number of 8 to 20 digits, e.g. 0257 3822 123 or +84 257 3822 123.")
            )
        return phone

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."))
        return ""
