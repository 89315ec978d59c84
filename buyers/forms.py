"""The public inquiry form and the admin form for working an inquiry."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from buyers.models import Inquiry

PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{6,40}$")
MAX_QUANTITY = 1_000_000_000


class InquiryForm(forms.ModelForm):
    """What a buyer sends: who, how to reach them (email and/or phone), what, how much, when.

    ``website`` is a honeypot: hidden from people, filled by bots (the view
    drops such posts without storing them). ``consent`` must be ticked.
    Length limits come from the model; text is stripped; NUL characters are
    rejected by Django's ``CharField``.
    """

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    required_css_class = "required"

    class Meta:
        model = Inquiry
        fields = [
            "buyer_name",
            "organisation",
            "country",
            "email",
            "phone",
            "products_wanted",
            "quantity",
            "quantity_unit",
            "delivery_wanted",
            "message",
            "consent",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "products_wanted": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].label = _(
            "I agree that the programme office passes these details on to the producer."
        )
        # Bounds checked in clean_quantity (the DB column is a 32-bit integer), with one
        # message for 0 and for -5: not the column's own "greater than or equal to 0".
        quantity = self.fields["quantity"]
        quantity.validators = [
            v for v in quantity.validators if not isinstance(v, MinValueValidator)
        ]
        quantity.widget.attrs.update(min=1, max=MAX_QUANTITY)
        autocomplete = {
            "buyer_name": "name",
            "organisation": "organization",
            "country": "country-name",
            "email": "email",
            "phone": "tel",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Use digits, spaces and + ( ) - . only."))
        return phone

    def clean_quantity(self):
        quantity = self.cleaned_data.get("quantity")
        if quantity is not None and not 1 <= quantity <= MAX_QUANTITY:
            raise ValidationError(_("Give a quantity between 1 and 1,000,000,000."))
        return quantity

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not (self.errors.get("email") or self.errors.get("phone"))
        ):
            raise ValidationError(
                _("Give an email address or a phone number so the producer can answer."),
                code="no_contact",
            )
        if cleaned.get("quantity") and not cleaned.get("quantity_unit"):
            self.add_error("quantity_unit", _("Say what the quantity counts (e.g. bottles, kg)."))
        return cleaned

    @property
    def is_spam(self):
        """True when the honeypot was filled in (only people who cannot see it do that)."""
        return bool(self.data.get("website", "").strip())


class InquiryAdminForm(WagtailAdminModelForm):
    """Admin edit form: the status plus a note that goes into the history."""

    status_note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. 'Called the producer, samples sent on 12/3'. Saved with the status."),
    )


def initial_for(product, producer):
    """Initial form values: the product's name as the product of interest; the country
    "Việt Nam" on Vietnamese pages, empty on English ones (a foreign buyer's own)."""
    vietnamese = (get_language() or settings.LANGUAGE_CODE).startswith("vi")
    country = "Việt Nam" if vietnamese else ""
    return {"products_wanted": product.title if product else "", "country": country}
