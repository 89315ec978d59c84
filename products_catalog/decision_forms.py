"""Admin form of a certification decision: the rules judge every line before it is saved.

:class:`CertificationDecisionForm` (the model's ``base_form_class``) runs
:func:`products_catalog.rules.check_certification` for each product line of
the inline formset, on the decision as typed:

- an ``error`` is attached to the line's field (score, stars) or to the
  decision's field (date, year, level, criteria version) and blocks saving;
- a ``warning`` is listed on the "I have checked these warnings" checkbox;
  saving needs the tick, and the accepted warnings are then appended to the
  decision's ``acknowledged`` list as ``{"code", "message", "product", "by",
  "at"}`` (username, ISO datetime). A warning already acknowledged for that
  product is not asked again.

No model is imported here (the model module imports this one).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from products_catalog import rules

ACKNOWLEDGE_FIELD = "acknowledge_warnings"
# Where a finding about the whole decision is shown (other codes go on the line).
DECISION_FIELD_OF = {
    "no-date": "decision_date",
    "future": "decision_date",
    "year-mismatch": "decision_year",
    "district-abolished": "level",
    "criteria-148-early": "criteria_version",
    "criteria-1048-grace": "criteria_version",
    "criteria-1048-late": "criteria_version",
}
LINE_FIELD_OF = {"score-band": "score"}  # else "stars"


def _decision_field(code):
    return DECISION_FIELD_OF.get(code.removesuffix("-year"))


class CertificationDecisionForm(WagtailAdminModelForm):
    """See the module docstring. ``accepted_warnings``: findings the editor ticked."""

    acknowledge_warnings = forms.BooleanField(
        label=_("I have checked these warnings"),
        required=False,
        help_text=_(
            "Needed only when the rules raise warnings on this decision; they are then "
            "recorded as acknowledged by you."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_warnings = []

    def is_valid(self):
        valid = super().is_valid()
        if not hasattr(self, "cleaned_data"):
            return valid
        decision = self.cleaned_data
        if any(name in self.errors for name in ("decision_date", "decision_year", "level")):
            return valid  # the rules need those values
        warnings = []
        for line_form in self._line_forms():
            line = line_form.cleaned_data
            findings = rules.check_certification(
                level=decision.get("level") or "",
                stars=line.get("stars"),
                score=line.get("score"),
                decision_date=decision.get("decision_date"),
                decision_year=decision.get("decision_year"),
                criteria_version=decision.get("criteria_version") or "",
                today=timezone.localdate(),
            )
            for finding in rules.errors_of(findings):
                self._attach_error(line_form, finding)
            product = line.get("product")
            if product is not None and product.locale_id != Locale.get_default().pk:
                # Translations share the product's certificate; a line on one would be
                # deleted with the translation, and the history with it.
                line_form.add_error(
                    "product",
                    _("Choose the product's page in the source language, not a translation."),
                )
            warnings += [(finding, product) for finding in rules.warnings_of(findings)]
        pending = self._not_yet_acknowledged(warnings)
        if pending and not decision.get(ACKNOWLEDGE_FIELD):
            self.add_error(
                ACKNOWLEDGE_FIELD,
                [
                    _("%(product)s: %(message)s")
                    % {"product": product or "—", "message": finding.message}
                    for finding, product in pending
                ]
                + [_("Check these warnings of the rules, then tick the box to save.")],
            )
        self.accepted_warnings = pending
        return valid and not self.errors and not self._formset_errors()

    def _line_forms(self):
        formset = self.formsets.get("lines")
        if formset is None:
            return []
        return [
            form
            for form in formset.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data.get("stars")
            and not form.cleaned_data.get("DELETE")
            and not form.errors
        ]

    def _formset_errors(self):
        return any(
            form.errors for formset in self.formsets.values() for form in formset.forms
        ) or any(formset.non_form_errors() for formset in self.formsets.values())

    def _attach_error(self, line_form, finding):
        field = _decision_field(finding.code)
        if field is None:
            line_form.add_error(LINE_FIELD_OF.get(finding.code, "stars"), finding.message)
        elif finding.message not in self.errors.get(field, []):
            self.add_error(field, finding.message)

    def _not_yet_acknowledged(self, warnings):
        recorded = {
            (item.get("code"), item.get("product")) for item in self.instance.acknowledged or []
        }
        pending, seen = [], set()
        for finding, product in warnings:
            key = (finding.code, product.pk if product else None)
            if key not in recorded and key not in seen:
                seen.add(key)
                pending.append((finding, product))
        return pending

    def save(self, commit=True):
        if self.accepted_warnings:
            user = getattr(self, "for_user", None)
            now = timezone.now().isoformat()
            self.instance.acknowledged = list(self.instance.acknowledged or []) + [
                {
                    "code": finding.code,
                    "message": str(finding.message),
                    "product": product.pk if product else None,
                    "by": user.get_username() if user else "",
                    "at": now,
                }
                for finding, product in self.accepted_warnings
            ]
        return super().save(commit=commit)
