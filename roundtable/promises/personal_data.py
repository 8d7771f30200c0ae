"""The promises app's part of the plan of personal data (see lib/personal_data.py, docs/your-data.md).

An organisation's own words in its privacy notice belong to the organisation; who last changed them only
records who acted.
"""

from roundtable.lib.personal_data import NOTHING, Entry, register

register(Entry("promises.NoticeWords", actors=("updated_by",), erase=NOTHING))
# An organisation's export is the organisation's record; who asked for it only records who acted.
register(Entry("promises.OrganisationExport", actors=("asked_by",), erase=NOTHING))
