from django.contrib import admin

from roundtable.glossary.models import GlossaryEntry, OrganisationTerm, TermQuestion, WritingPolicy


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    list_display = ["term", "project", "source", "updated_at"]
    search_fields = ["term", "meaning"]
    list_select_related = ["project"]


@admin.register(TermQuestion)
class TermQuestionAdmin(admin.ModelAdmin):
    list_display = ["term", "project", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["project"]


admin.site.register(OrganisationTerm)
admin.site.register(WritingPolicy)
