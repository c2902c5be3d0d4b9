from django.db import models

from shop.core.models import TranslationModel


class SiteSettings(models.Model):
    """The one row of shop-wide settings served by the ``shop`` query."""

    name = models.CharField(max_length=255)
    domain = models.CharField(max_length=255, default="localhost:8000")
    description = models.CharField(max_length=500, blank=True)
    header_text = models.CharField(max_length=200, blank=True)
    default_mail_sender_name = models.CharField(max_length=78, blank=True)
    default_mail_sender_address = models.EmailField(blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    company_street = models.CharField(max_length=256, blank=True)
    company_city = models.CharField(max_length=256, blank=True)
    company_country_area = models.CharField(max_length=128, blank=True)
    company_postal_code = models.CharField(max_length=20, blank=True)
    company_phone = models.CharField(max_length=32, blank=True)
    company_tax_id = models.CharField(max_length=13, blank=True)

    class Meta:
        verbose_name_plural = "site settings"

    def __str__(self):
        return self.name

    @classmethod
    def load(cls) -> "SiteSettings":
        settings, _ = cls.objects.get_or_create(pk=1, defaults={"name": "HomeNet Thailand Brand"})
        return settings


class SiteSettingsTranslation(TranslationModel):
    site_settings = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="translations")
    header_text = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site_settings", "language_code"], name="sitesettings_tr_uniq")
        ]
