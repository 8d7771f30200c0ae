app_name = "updates"

urlpatterns: list = []
