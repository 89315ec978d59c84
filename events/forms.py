"""The public registration form of an event page.

A plain form (not a ``ModelForm``): the event page shows and checks it, then
:func:`events.registration.register` stores the cleaned data. Lengths follow
the ``Registration`` model's fields.
"""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from events.choices import RegistrationRole

PHONE_RE = re.compile(r"^\+?[0-9 ().-]{8,20}$")
MESSAGE_MAX = 2000


class RegistrationForm(forms.Form):
    """Name, organisation, role, email, phone, message, consent and a honeypot.

    A bound form that fails validation keeps every typed value (Django
    re-renders bound fields). ``website`` is a honeypot: people never see it,
    bots fill it in. ``cleaned_data`` holds what :func:`events.registration.register`
    takes.
    """

    required_css_class = "required"

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label=_("You are a"), choices=RegistrationRole.choices, widget=forms.RadioSelect
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send the confirmation to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    message = forms.CharField(
        label=_("Message to the organiser"),
        required=False,
        validators=[MaxLengthValidator(MESSAGE_MAX)],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the organiser keeps these details to manage this event."),
        required=True,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

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
