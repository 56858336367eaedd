"""The rows of a class's pupils on the teacher's pages, drawn in one pass.

A class has up to thirty-five pupils: through the template language each row's dozen lookups,
filters and conditions cost more than the rest of the page (bench/pages.py). These tags draw the
same markup in Python, every text escaped; the labels are translated once per page.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def console_rows(context, pupils, *, goal, free_url):
    """The console's table rows, one per row of `schools.console.presence` (its script redraws
    them from the same fields: frontend/src/console.js)."""
    connected, offline, free = (
        escape(_("connecté·e")),
        escape(_("hors ligne")),
        escape(_("Libérer")),
    )
    token, url = escape(context.get("csrf_token", "")), escape(free_url)
    rows = []
    for pupil in pupils:
        pk, pseudonym = int(pupil["id"]), escape(pupil["pseudonym"])
        action = (
            f'<form method="post" action="{url}{pk}/">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<button type="submit" class="secondary">{free}'
            f'<span class="visually-hidden"> {pseudonym}</span></button></form>'
            if pupil["claimed"]
            else ""
        )
        rows.append(
            f'<tr data-pupil="{pk}"><th scope="row">{pseudonym}</th>'
            f'<td data-cell="connected">{connected if pupil["connected"] else offline}</td>'
            f'<td data-cell="building">{escape(pupil["building"] or "—")}</td>'
            f'<td data-cell="passport">{int(pupil["stamps"])}/{int(goal)}'
            f"{' ✓' if pupil['complete'] else ''}</td>"
            f'<td data-cell="action">{action}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # every value above is escaped or a number


@register.simple_tag
def pseudonym_rows(pupils):
    """The class page's list of pseudonyms, each with its "remove" button (one form); `pupils`:
    (id, pseudonym) pairs."""
    label, text = escape(_("Retirer")), escape(_("retirer"))
    rows = []
    for pk, name in pupils:
        pseudonym = escape(name)
        rows.append(
            f'<li>{pseudonym} <button type="submit" name="pupil" value="{int(pk)}"'
            f' class="link" aria-label="{label} {pseudonym}">{text}</button></li>\n'
        )
    return mark_safe("".join(rows))  # every value above is escaped or a number
