from django import template
from django.utils.html import format_html

from rtw.once import FIELD, new_token
from rtw.versions import FIELD as VERSION_FIELD

register = template.Library()


@register.simple_tag
def once_token():
    """A hidden one-time token for a form that creates something (rtw/once.py). A fresh one
    each time the page is rendered, so a page shown again after an error can be sent again."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def edit_version_field(version):
    """The version an edit page was opened at (rtw/versions.py); nothing when there is none."""
    if version is None:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', VERSION_FIELD, version)
