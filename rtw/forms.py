from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Free text (DOMAIN §8): enough for any real entry, and a bound on what one request can store.
NAME_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 5_000
PLAN_SECTION_MAX_LENGTH = 2_000

# No date the service records lies outside these years; the per-field rules are narrower, and
# this bound keeps date arithmetic (a review every n days, 26 weeks on) from overflowing.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


class GovukFormMixin:
    """Renders with the GOV.UK pack and leaves validation to the server, so that the error
    summary and the message next to each field are what the user sees."""

    use_required_attribute = False
    submit_label = gettext_lazy("Continue")
    # The default bound for free text that has none of its own: a one-line answer is a title
    # or a name, a text area is a note. Plan forms set ``note_max_length`` to a plan section's.
    name_max_length = NAME_MAX_LENGTH
    note_max_length = NOTE_MAX_LENGTH

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovukFormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                textarea = isinstance(field.widget, forms.Textarea)
                limit_text(field, self.note_max_length if textarea else self.name_max_length)
            if isinstance(field, forms.DecimalField):
                localize_decimal(field)


def localize_decimal(field: forms.DecimalField) -> forms.DecimalField:
    """Hours and other decimals are typed and shown the locale's way: "12,5" in Dutch and
    Swedish, "12.5" in English (a point is read as the decimal point in every language, as no
    thousands separator is used). The input is text with ``inputmode="decimal"``, so phones
    offer the number pad: ``type=number`` would make the browser refuse a comma."""
    field.localize = True
    if isinstance(field.widget, forms.NumberInput):
        attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("step", "min", "max")}
        field.widget = forms.TextInput(attrs={"class": "govuk-input--width-4", **attrs})
    field.widget.attrs["inputmode"] = "decimal"
    field.widget.is_localized = True
    return field


def say_optional(form, *, conditional: tuple[str, ...] = ()) -> None:
    """Mark each optional question "(optional)", as GOV.UK asks, rather than the required ones.
    Left alone: single checkboxes (unticked is an answer) and the ``conditional`` fields, which
    one answer makes required (their hint says when)."""
    for name, field in form.fields.items():
        if field.required or name in conditional or isinstance(field.widget, forms.CheckboxInput):
            continue
        label = str(field.label or "")
        if label and not label.endswith(_("(optional)")):
            field.label = _("%(label)s (optional)") % {"label": label}


def limit_text(field: forms.CharField, limit: int) -> forms.CharField:
    """Bound a text field the way ``CharField(max_length=...)`` would, after it was built
    (a model's TextField gives a form field with no bound)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    if not isinstance(field.widget, forms.Textarea):
        field.widget.attrs.setdefault("maxlength", str(limit))
    return field


class GovukFormHelper(FormHelper):
    """Lays out a form that sets no layout of its own at the moment it is rendered, so that
    every text area with a bound shows the GOV.UK character count (govuk-frontend's
    ``initAll`` in static/js/app.js starts it)."""

    def __init__(self, form):
        super().__init__()
        self._form = form
        self._layout = None

    @property
    def layout(self):
        if self._layout is not None:
            return self._layout
        return Layout(*(_layout_field(name, field) for name, field in self._form.fields.items()))

    @layout.setter
    def layout(self, value):
        self._layout = value


def _layout_field(name: str, field):
    widget = field.widget
    if isinstance(widget, forms.Textarea) and getattr(field, "max_length", None):
        # The count tells the user; a maxlength attribute would cut a paste off unseen.
        widget.attrs.pop("maxlength", None)
        # crispy-forms-gds appends the count's id to this attribute and fails (KeyError) when
        # the field has no hint to have set it first.
        widget.attrs.setdefault("aria-describedby", "")
        return Field.textarea(
            name, rows=widget.attrs.get("rows", 3), max_characters=field.max_length
        )
    return name


class GovukAuthenticationForm(GovukFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        # Django sets the username's max_length after building the field, so nothing checks
        # it: without this a name of 300 characters reached the sign-in throttle's table.
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length or 254)
        )
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        _drop_autofocus(self)


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_autofocus(self)


def _drop_autofocus(form) -> None:
    """Keyboard and screen-reader users must meet the skip link first, so no field grabs
    focus on load."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


__all__ = [
    "NAME_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "PLAN_SECTION_MAX_LENGTH",
    "GovukAuthenticationForm",
    "GovukDateField",
    "GovukFormHelper",
    "GovukFormMixin",
    "GovukPasswordChangeForm",
    "limit_text",
    "say_optional",
    "shift_years",
]


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class GovukDateField(DateInputField):
    """GOV.UK day/month/year date input with plain-English messages."""

    def __init__(self, *, required_message: str = gettext_lazy("Enter a date"), **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message
        self.error_messages["incomplete"] = _("Enter the day, month and year")

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        if day and month and year:
            try:
                value = date(day=int(day), month=int(month), year=int(year))
            except (ValueError, OverflowError) as exc:
                # OverflowError: a part too big for C (10**20); ValueError also covers a part
                # longer than Python converts (over 4,300 digits).
                raise ValidationError(_("Enter a real date"), code="invalid_date") from exc
            if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                raise ValidationError(
                    _("Enter a year between %(earliest)s and %(latest)s")
                    % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
                    code="year_range",
                )
            return value
        if day or month or year:
            # Part of an optional date: say so rather than silently saving no date.
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        return None
