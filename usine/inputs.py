"""What people send, parsed in one place: ids, JSON request bodies and free text.

Every view, form and endpoint of the fair goes through these helpers, so that a malformed value
gets a clear answer — a 4xx, or a form error — and never a server error or a half-written row:

- ids: a positive integer within the database's BigAutoField range (`parse_id`, the `id` path
  converter, `IdModelChoiceField` and `IdModelMultipleChoiceField` in forms);
- JSON bodies: content type, size and nesting checked, no Infinity/NaN (`json_body`, answered with
  `json_error`: `{"error": "<message>"}`);
- text: NUL and other control characters (but newlines and tabs) removed, Unicode NFKC
  (`clean_text`), applied to every text field of every form by `CleanInputMixin` (through
  `Form` and `ModelForm` below) and to every string of a JSON body.
"""

import json
import math
import re
import unicodedata

from django import forms
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.http import JsonResponse
from django.http.request import RawPostDataException
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .admin_log import AdminLogMixin

# --- ids ------------------------------------------------------------------------------------------

# BigAutoField's range: PostgreSQL's bigint, SQLite's INTEGER. Ids start at 1.
ID_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """`value` as a database id — a positive integer within BigAutoField's range — or None.

    Accepts an int or its decimal digits (surrounding spaces allowed); anything else (a bool, a
    float, a negative number, a number past the range, text) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= ID_MAX else None


class IdConverter:
    """The `<id:…>` path converter: an id in the database's range; anything else is a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError("not a database id")
        return number

    def to_url(self, value) -> str:
        return str(value)


class _IdChecks:
    """What both id-checking choice fields share: which submitted values are refused ids."""

    def _bad_id(self, value) -> bool:
        if isinstance(value, models.Model) or self.queryset is None:
            return False
        meta = self.queryset.model._meta
        # A relation's form field names its target field (`to_field_name="id"`): the pk mostly.
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        return key.primary_key and isinstance(key, models.IntegerField) and parse_id(value) is None


class IdModelChoiceField(_IdChecks, forms.ModelChoiceField):
    """A ModelChoiceField that answers an id out of the database's range as "not a choice"."""

    def to_python(self, value):
        if value not in self.empty_values and self._bad_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def bound_data(self, data, initial):
        # A refused value is not drawn again: its widget would look it up to draw it.
        if data not in self.empty_values and self._bad_id(data):
            return initial
        return super().bound_data(data, initial)


class IdModelMultipleChoiceField(_IdChecks, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers an id out of the database's range as an invalid
    value, before any query (SQLite cannot even be asked about it)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for item in value:
                if self._bad_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:40]},
                    )
        return super().clean(value)

    def bound_data(self, data, initial):
        # Refused values are not drawn again: the widget would look them up to draw them.
        if isinstance(data, list | tuple) and any(self._bad_id(item) for item in data):
            return initial
        return super().bound_data(data, initial)


# --- where to go back -----------------------------------------------------------------------------


def local_next(request, *, default: str, field: str = "next") -> str:
    """The page named by the request's `next` (POST, else GET) when it is a path on this site,
    else `default`: never a view name (redirect() would look it up), never another site."""
    back = request.POST.get(field) or request.GET.get(field) or ""
    if (
        back.startswith("/")
        and not back.startswith("//")
        and len(back) <= 2000
        and not _CONTROLS.search(back)
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return back
    return default


# --- text -----------------------------------------------------------------------------------------

# C0 and C1 control characters but tab and newline (a lone CR is a newline too, see below), and
# lone surrogates (which no database stores).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """The text without NUL and other control characters (newlines and tabs stay; CRLF and CR
    become LF), in Unicode NFKC."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value)
    return unicodedata.normalize("NFKC", value)


def clean_strings(data):
    """`clean_text` applied to every string (keys and values) of parsed JSON."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [clean_strings(item) for item in data]
    if isinstance(data, dict):
        return {clean_text(key): clean_strings(item) for key, item in data.items()}
    return data


def _is_text_field(field) -> bool:
    # Passwords are kept as typed: the same password must hash the same at sign-up and login.
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class CleanInputMixin:
    """For every form of the fair: the submitted values of its text fields go through
    `clean_text` before validation (so `required` and `max_length` judge the cleaned text), and
    its relations' choice fields check ids before any query (`IdModelChoiceField`…)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own classes (as ModelForm makes them for relations) become their
            # id-checking subclasses, which add no state: only the checks before the query.
            if type(field) is forms.ModelChoiceField:
                field.__class__ = IdModelChoiceField
            elif type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = IdModelMultipleChoiceField

    def full_clean(self):
        if self.is_bound:
            self.data = self._cleaned_input(self.data)
        super().full_clean()

    def _cleaned_input(self, data):
        keys = {
            self.add_prefix(name) for name, field in self.fields.items() if _is_text_field(field)
        }
        if hasattr(data, "getlist"):
            data = data.copy()
            for key in keys & set(data.keys()):
                data.setlist(key, [_clean_value(value) for value in data.getlist(key)])
            return data
        return {key: _clean_value(value) if key in keys else value for key, value in data.items()}


def _clean_value(value):
    return clean_text(value) if isinstance(value, str) else value


class Form(CleanInputMixin, forms.Form):
    """The base of the fair's forms."""


class ModelForm(CleanInputMixin, forms.ModelForm):
    """The base of the fair's model forms."""


# --- the admin ------------------------------------------------------------------------------------


class AdminInputMixin:
    """For the organizers' admin: the fair's forms (text cleaned, ids checked), and the add page's
    initial values from the query string (`?company=3`) kept only when they are ids."""

    form = ModelForm

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except Exception:
                continue
            if isinstance(field, models.DateField | models.TimeField):
                # A date typed in the address is not one the widgets can show: the form's own.
                del initial[name]
                continue
            if not field.is_relation or not isinstance(value, str | list):
                continue
            values = value if isinstance(value, list) else [value]
            if any(parse_id(item) is None for item in values):
                del initial[name]
        return initial


class ModelAdmin(AdminLogMixin, AdminInputMixin, admin.ModelAdmin):
    """The base of the fair's model admins: input checked, edits told to the apps' own logs."""


class TabularInline(admin.TabularInline):
    form = ModelForm


class StackedInline(admin.StackedInline):
    form = ModelForm


# --- JSON request bodies --------------------------------------------------------------------------

JSON_MAX_BYTES = 64 * 1024
JSON_MAX_DEPTH = 32
_JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class BadInput(Exception):
    """A request the fair cannot read; `message` (French, translated) is shown as it is."""

    def __init__(self, message, *, status: int = 400):
        self.message = message
        self.status = status
        super().__init__(str(message))


def json_error(message, *, status: int = 400) -> JsonResponse:
    """The JSON endpoints' answer to a refused request: `{"error": "<message>"}`."""
    return JsonResponse({"error": str(message)}, status=status)


def _depth(text: str) -> int:
    brackets = _JSON_NOT_BRACKETS.sub("", _JSON_STRINGS.sub("", text))
    depth = deepest = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constant(name):
    raise ValueError(f"{name} is not a number")


def _finite_float(text):
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("number out of range")
    return number


def _bounded_int(text):
    if len(text) > 40:
        raise ValueError("number out of range")
    return int(text)


def json_body(
    request, *, max_bytes: int = JSON_MAX_BYTES, max_depth: int = JSON_MAX_DEPTH, empty=None
):
    """The request's JSON body, parsed, its strings cleaned (`clean_text`); BadInput if it is not
    JSON (415), too large (413), too deep, not finite or not UTF-8 (400).

    An empty body gives `empty` when it is not None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length == 0 and empty is not None:
        return empty  # no body at all, whatever its announced type
    if request.content_type != "application/json":
        raise BadInput(_("Requête illisible : on attend du JSON."), status=415)
    if length > max_bytes:
        raise BadInput(_("Requête trop longue."), status=413)
    try:
        body = request.body
    except RequestDataTooBig:
        raise BadInput(_("Requête trop longue."), status=413) from None
    except RawPostDataException:
        raise BadInput(_("Requête illisible : on attend du JSON."), status=415) from None
    if len(body) > max_bytes:
        raise BadInput(_("Requête trop longue."), status=413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(_("Requête illisible : le texte n'est pas en UTF-8.")) from None
    if _depth(text) > max_depth:
        raise BadInput(_("Requête illisible : trop de niveaux imbriqués."))
    try:
        data = json.loads(
            text,
            parse_constant=_no_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except (ValueError, RecursionError):
        raise BadInput(_("Requête illisible : on attend du JSON.")) from None
    return clean_strings(data)


def json_object(request, **kwargs) -> dict:
    """`json_body` that must be an object (an empty body is an empty object)."""
    data = json_body(request, empty={}, **kwargs)
    if not isinstance(data, dict):
        raise BadInput(_("Requête illisible : on attend un objet JSON."))
    return data


# --- how a field is laid out ----------------------------------------------------------------------


class FormRenderer(DjangoTemplates):
    """`{{ field.as_field_group }}` in a `div.field` (templates/forms/field.html): the label above
    its input, a checkbox before its label, on every form of the fair (settings.FORM_RENDERER)."""

    field_template_name = "forms/field.html"
