from django.contrib import admin

from roundtable.payments.models import EarningsAttribution, EarningsLimit, PaymentSettings


@admin.register(EarningsLimit)
class EarningsLimitAdmin(admin.ModelAdmin):
    list_display = ["benefit", "weekly_limit", "currency", "effective_from", "source_note"]


@admin.register(PaymentSettings)
class PaymentSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "target_days", "receipt_over", "mileage_rate"]


@admin.register(EarningsAttribution)
class EarningsAttributionAdmin(admin.ModelAdmin):
    list_display = ["rule", "effective_from", "source_note"]
