"""Web addresses we give out: in messages, letters, calendar files and pages that show a link to copy.

Every such link starts with the site's own address, ``settings.SITE_URL`` (from the environment; no
trailing slash; checked at start-up by ``notifications.checks``), never with the address a request came in
on, so a link made by a periodic job is the same as one made while someone looks at a page.
"""

from __future__ import annotations

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """The full web address for ``path_or_url``.

    A path on this site ("/projects/3/", with its query and fragment if any) gets ``settings.SITE_URL`` in
    front ("https://roundtable.example/projects/3/"); an address that already starts with ``http://`` or
    ``https://`` comes back as it is. Reads the setting at each call, so ``override_settings`` works.
    """
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return f"{settings.SITE_URL}{path_or_url}"
