"""``manage.py populatedb``: load the HomeNet Thailand Brand demo shop (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from shop.demo.content import ADMIN
from shop.demo.loader import demo_data_load


class Command(BaseCommand):
    help = (
        "Load demo data: the Thailand channel, 25 fictional producer groups, a catalog of "
        "hand-made goods and foods with drawn pictures, collections, pages, menus and a staff "
        "login. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N synthetic products exist (for benchmarks); only missing ones are added.",
        )

    def handle(self, *args, **options):
        scale = options["scale"]
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        report = demo_data_load(scale=scale)
        # Downstream apps' demo data (shop never imports them; settings name their loaders).
        for path in settings.DEMO_DATA_LOADERS:
            import_string(path)()
        self.stdout.write(
            self.style.SUCCESS(report.summary()) if report.loaded else report.summary()
        )
        if report.loaded:
            self.stdout.write(f"Staff login: {ADMIN['email']} / {ADMIN['password']}")
