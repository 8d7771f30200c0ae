"""The bottom layer of the pages: template tags and form templates every app may use (docs/architecture.md).

It imports only ``roundtable.lib``: form rendering (``{% load rt_forms %}`` and ``FORM_RENDERER``), money
(``rt_money``), lengths of time in words (``rt_words``) and filters that keep HTML valid (``rt_html``).
"""
