"""The social enterprise's manager pages, mounted at /manager/ (Thai first, English on the switch)."""

from django.urls import path
from django.views.generic import RedirectView

from cooperatives.portal.views import thai_first

from . import views

app_name = "fairtrade_manager"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="fairtrade_manager:margins", query_string=True), name="home"),
    path("login/", thai_first(views.LoginView.as_view()), name="login"),
    path("logout/", thai_first(views.LogoutView.as_view()), name="logout"),
    path("margins/", thai_first(views.margins), name="margins"),
    path("margins.csv", thai_first(views.margins_csv), name="margins-csv"),
    path("margins.xlsx", thai_first(views.margins_xlsx), name="margins-xlsx"),
]
