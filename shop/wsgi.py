import os

from django.core.wsgi import get_wsgi_application

from shop.core import observability

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.dev")
# Before the handler is built: the Django instrumentation adds a middleware.
observability.setup(service_name="homenet-web")
application = get_wsgi_application()
