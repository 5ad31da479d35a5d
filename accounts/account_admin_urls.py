app_name = "account_admin"
urlpatterns = []
