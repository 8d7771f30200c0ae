from django.contrib import admin

from roundtable.meetings.models import SchoolHoliday


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "organisation", "source_note"]
    list_filter = ["organisation"]
