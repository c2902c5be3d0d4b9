from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from shop.graphql.api import schema
from shop.graphql.core.views import GraphQLView
from shop.payment.webhooks import stripe_webhook

urlpatterns = [
    path("graphql/", csrf_exempt(GraphQLView.as_view(schema=schema)), name="api"),
    path("thumbnail/", include("shop.thumbnail.urls")),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("admin/", admin.site.urls),
    path("portal/statements/", include("fairtrade.portal.urls")),  # a group's payment statements
    path("portal/oem/", include("oem_orders.portal.urls")),  # a group's OEM work (before /portal/)
    path("portal/", include("cooperatives.portal.urls")),  # producer groups' web pages (Thai first)
    path("manager/oem/", include("oem_orders.manager.urls")),  # staff pages: OEM contracts (before /manager/)
    path("manager/", include("fairtrade.manager.urls")),  # staff pages: margins, payables, statements
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the portal's language switch
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
