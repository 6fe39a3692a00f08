"""Every form in the project, fed hostile values of each field's type, answers with errors and
never with an exception (issue "[Robust]" 1: every input bounded and checked).

The forms are found, not listed: every ``forms`` module (or package) of the project's own apps
is walked for form and formset classes, so a new form is covered without a new test. A form
whose constructor needs arguments must be given them in ``REQUIRED_KWARGS`` below: an unknown
one fails ``test_every_form_can_be_built``, so each new form forces that decision.
"""

import importlib
import inspect
import pkgutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.forms.formsets import BaseFormSet
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.models import CheckIn
from tests import factories as f

HUGE = "99999999999999999999"  # 10**20: past every C integer, so date() overflows


def _project_form_modules() -> list:
    """``<app>.forms`` of every installed app that lives in this project, with its submodules
    when it is a package (``cases.forms``)."""
    base = Path(django_settings.BASE_DIR).resolve()
    modules = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # Installed packages live in .venv inside the checkout: they are not the project's.
        if base not in path.parents or "site-packages" in path.parts:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.forms":
                raise
            continue
        modules.append(module)
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(info.name)
                for info in pkgutil.walk_packages(module.__path__, f"{module.__name__}.")
            ]
    return modules


def _is_project_form(value, module_names: set[str]) -> bool:
    if not inspect.isclass(value):
        return False
    if issubclass(value, forms.BaseForm):
        return value.__module__ in module_names
    if issubclass(value, BaseFormSet):
        # formset_factory() makes its class in django.forms.formsets: judge it by its form.
        form = getattr(value, "form", None)
        return inspect.isclass(form) and form.__module__ in module_names
    return False


def discover_forms() -> dict[str, type]:
    """Each form and formset class by the name its module gives it (a formset class is named
    ``PhaseFormFormSet`` by formset_factory, but the code calls it ``PhaseFormSet``)."""
    modules = _project_form_modules()
    module_names = {m.__name__ for m in modules}
    found = {}
    for module in modules:
        for name, value in vars(module).items():
            if _is_project_form(value, module_names) and value not in found.values():
                found[name] = value
    return dict(sorted(found.items()))


FORMS = discover_forms()
FORM_NAMES = list(FORMS)


# What each form that needs constructor arguments is given. A required argument missing here
# fails test_every_form_can_be_built: add the form's entry rather than skipping it.
REQUIRED_KWARGS = {
    "AcceptForm": lambda: {"team": f.TeamFactory()},
    "ReassignForm": lambda: {"team": f.TeamFactory()},
    "CheckInForm": lambda: {
        "check_in": CheckIn(
            warning_signs_offered=["Poor sleep", "Skipping meals"], planned_hours=Decimal("18.5")
        )
    },
    "StepBackForm": lambda: {"contracted_hours": Decimal("37.5")},
    # A case whose employer the referrer typed and nobody has linked yet.
    "LinkEmployerForm": lambda: {
        "case": f.CaseFactory(
            worker__employer=None, employer=None, employer_name_given="Kidsgrove Bakery"
        )
    },
    "PhaseFormSet": lambda: {"contracted_hours": Decimal("37.5")},
    # Supervision forms offer the team's people and cases.
    "SessionForm": lambda: {"team": f.CaseFactory().team},
    "DiscussionForm": lambda: {"team": f.CaseFactory().team},
    "TrainingForm": lambda: {"team": f.CaseFactory().team},
    "GovukPasswordChangeForm": lambda: {"user": f.UserFactory()},
    # Sign-in throttling reads the request, as it does for every real sign-in.
    "GovukAuthenticationForm": lambda: {"request": RequestFactory().post("/accounts/login/")},
}


def required_arguments(form_class: type) -> set[str]:
    """Constructor arguments without a default, from every ``__init__`` in the class's MRO
    (``SetPasswordForm(user, ...)`` hides behind a subclass's ``*args``)."""
    names = set()
    for klass in form_class.__mro__:
        init = vars(klass).get("__init__")
        if init is None or not inspect.isfunction(init):
            continue
        for parameter in list(inspect.signature(init).parameters.values())[1:]:
            if parameter.default is parameter.empty and parameter.kind in (
                parameter.POSITIONAL_OR_KEYWORD,
                parameter.KEYWORD_ONLY,
            ):
                names.add(parameter.name)
    return names


def build_kwargs(name: str) -> dict:
    factory = REQUIRED_KWARGS.get(name)
    kwargs = factory() if factory else {}
    missing = required_arguments(FORMS[name]) - set(kwargs)
    assert not missing, (
        f"{name} needs {sorted(missing)}: add it to REQUIRED_KWARGS in "
        f"{__name__} so the hostile-input walk covers it"
    )
    return kwargs


# --- Hostile values, by the kind of field ----------------------------------------------------

ODD_TEXT = [
    "\x00",
    "Jamie\x00Clarke",
    "x" * 100_000,
    "\u202eevil\u202c",  # right-to-left override
    "😀" * 40,
    "e" + "\u0301" * 60,  # combining marks
    " \t\n\u00a0\u2003 ",  # whitespace only
    "\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "",
]
text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=40))

ODD_NUMBERS = [
    HUGE,
    "-" + HUGE,
    "1" + "0" * 5_000,
    "-1",
    "0",
    "-0",
    "1e400",
    "1e-400",
    "NaN",
    "inf",
    "-Infinity",
    "0.0000001",
    "37.5",
    "١٢",  # Arabic-Indic digits
    "²",
]
number = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    text,
)

DATE_PARTS = [
    HUGE,
    "-1",
    "0",
    "00",
    "1",
    "12",
    "13",
    "29",
    "31",
    "32",
    "9999",
    "10000",
    "1" * 5_000,
]
date_part = st.one_of(
    st.sampled_from(DATE_PARTS),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    text,
)
date_value = st.one_of(
    st.tuples(date_part, date_part, date_part),
    # Real dates across the whole calendar: year 1 and 9999 included.
    st.dates().map(lambda d: (str(d.day), str(d.month), str(d.year))),
    st.sampled_from([("1", "1", "1"), ("31", "12", "9999"), ("29", "2", "2100")]),
)
time_value = st.one_of(
    st.sampled_from(["25:61", f"{HUGE}:00", "14:30", "-1:00", "\x00", "24:00"]), text
)
boolean = st.sampled_from(["on", "", "false", "0", "\x00", "x" * 100_000])


def _choice_values(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an optgroup
            values += [str(v) for v, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values


def values_for(field) -> st.SearchStrategy:
    """What a hostile (or honest) browser might post for ``field``: a list of strings."""
    if isinstance(field, forms.MultiValueField):
        return date_value.map(list)
    if isinstance(field, forms.BooleanField):
        return boolean.map(lambda v: [v])
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        choice = st.one_of(st.sampled_from(_choice_values(field) or [""]), text)
        return st.lists(choice, max_size=4)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choice = st.sampled_from(_choice_values(field) or [""])
        return st.one_of(choice, choice, text, st.sampled_from([HUGE, "-1"])).map(lambda v: [v])
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return number.map(lambda v: [v])
    if isinstance(field, forms.TimeField):
        return time_value.map(lambda v: [v])
    return text.map(lambda v: [v])


def post_data(draw, form, data: QueryDict) -> None:
    """Fill ``data`` with a value for every field of ``form`` (its prefix included)."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        values = draw(values_for(field))
        if isinstance(field, forms.MultiValueField):
            for i, part in enumerate(values):
                data.setlist(f"{key}_{i}", [part])
        else:
            data.setlist(key, values)


def assert_errors_are_text(errors) -> None:
    for field, messages in errors.items():
        assert isinstance(field, str)
        for message in messages:
            assert isinstance(message, str) and message.strip()


# --- The tests -------------------------------------------------------------------------------


def test_the_walk_finds_the_forms_of_every_app():
    names = set(FORMS)

    assert {
        "GovukAuthenticationForm",
        "FitNoteForm",
        "ContactForm",
        "WorkerForm",
        "ReferralForm",
        "CloseCaseForm",
        "CheckInForm",
        "PlanForm",
        "PhaseForm",
        "PhaseFormSet",
        "ReviewForm",
        "MilestoneForm",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_NAMES)
def test_every_form_can_be_built(name):
    form = FORMS[name](**build_kwargs(name))

    assert form.is_bound is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [name for name in FORM_NAMES if issubclass(FORMS[name], forms.BaseForm)]
)
def test_every_free_text_field_has_a_bound(name):
    form = FORMS[name](**build_kwargs(name))
    unbounded = [
        field_name
        for field_name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not field.widget.is_hidden
        and not (field.max_length and field.max_length <= 5_000)
    ]

    assert unbounded == []


@pytest.mark.parametrize("name", FORM_NAMES)
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_give_errors_never_an_exception(name, data, db):
    form_class = FORMS[name]
    kwargs = build_kwargs(name)
    posted = QueryDict(mutable=True)
    if issubclass(form_class, BaseFormSet):
        prefix = form_class.get_default_prefix()
        rows = data.draw(st.integers(min_value=0, max_value=3), label="rows")
        posted[f"{prefix}-INITIAL_FORMS"] = "0"
        posted[f"{prefix}-TOTAL_FORMS"] = data.draw(
            st.sampled_from([str(rows), str(rows), HUGE, "-1", "\x00"]), label="total"
        )
        for i in range(rows):
            row = form_class.form(prefix=f"{prefix}-{i}", **kwargs.get("form_kwargs", {}))
            post_data(data.draw, row, posted)
            if form_class.can_delete:
                posted[f"{prefix}-{i}-DELETE"] = data.draw(boolean)
        formset = form_class(data=posted, **kwargs)

        valid = formset.is_valid()

        assert isinstance(valid, bool)
        for errors in formset.errors:
            assert_errors_are_text(errors)
        assert all(isinstance(m, str) for m in formset.non_form_errors())
        for form in formset.forms[:4]:  # a TOTAL_FORMS of 10**20 still makes ~1,000
            render_crispy_form(form)
    else:
        post_data(data.draw, form_class(**kwargs), posted)
        form = form_class(data=posted, **kwargs)

        valid = form.is_valid()

        assert isinstance(valid, bool)
        assert_errors_are_text(form.errors)
        render_crispy_form(form)


def test_a_date_part_too_big_for_a_date_is_not_a_real_date():
    from rtw.forms import GovukDateField

    class Form(forms.Form):
        day = GovukDateField()

    form = Form(data={"day_0": "1", "day_1": "1", "day_2": HUGE})

    assert form.errors == {"day": ["Enter a real date"]}


@pytest.mark.parametrize(
    "parts",
    [("1", "1", "1"), ("31", "12", "9999"), ("31", "12", "1899"), ("1", "1", "2101")],
    ids=["year-1", "year-9999", "1899", "2101"],
)
def test_a_year_outside_1900_to_2100_asks_for_one_inside(parts):
    from rtw.forms import GovukDateField

    class Form(forms.Form):
        day = GovukDateField()

    form = Form(data={"day_0": parts[0], "day_1": parts[1], "day_2": parts[2]})

    assert form.errors == {"day": ["Enter a year between 1900 and 2100"]}


def test_a_year_inside_the_bounds_is_a_date():
    from rtw.forms import GovukDateField

    class Form(forms.Form):
        day = GovukDateField()

    form = Form(data={"day_0": "29", "day_1": "2", "day_2": "2028"})

    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2028, 2, 29)
