"""URLs of the producer portal, mounted at /portal/ (notifications link to orders/<id>/)."""

from django.urls import path

from . import views
from .views import thai_first

app_name = "portal"

urlpatterns = [
    path("", thai_first(views.order_list), name="orders"),
    path("login/", thai_first(views.LoginView.as_view()), name="login"),
    path("logout/", thai_first(views.LogoutView.as_view()), name="logout"),
    path("orders/<uuid:group_order_id>/", thai_first(views.order_detail), name="order"),
    path("orders/<uuid:group_order_id>/accept/", thai_first(views.order_accept), name="order-accept"),
    path("orders/<uuid:group_order_id>/status/", thai_first(views.order_status), name="order-status"),
    path("orders/<uuid:group_order_id>/ship/", thai_first(views.order_ship), name="order-ship"),
    path("orders/<uuid:group_order_id>/lines/<uuid:line_id>/decline/", thai_first(views.line_decline),
         name="line-decline"),
]
