from roundtable.accounts.views_profile import profile_urlpatterns

app_name = "accounts"

urlpatterns = [*profile_urlpatterns]
