"""Content pages (the story of HomeNet, the fair-trade promise, ...) with typed attributes."""

from django.db import models

from shop.catalog.models import Attribute, AttributeValue, SeoModel, SeoTranslation
from shop.core.models import ModelWithMetadata, PublishableModel, SortableModel


class PageType(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    attributes = models.ManyToManyField(Attribute, blank=True, related_name="page_types", through="AttributePage")

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class AttributePage(SortableModel):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="attributepage")
    page_type = models.ForeignKey(PageType, on_delete=models.CASCADE, related_name="attributepage")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["attribute", "page_type"], name="attributepage_uniq")]

    def get_ordering_queryset(self):
        return self.page_type.attributepage.all()


class Page(ModelWithMetadata, SeoModel, PublishableModel):
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    title = models.CharField(max_length=250)
    page_type = models.ForeignKey(PageType, on_delete=models.CASCADE, related_name="pages")
    content = models.JSONField(blank=True, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.title


class PageTranslation(SeoTranslation):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(max_length=255, blank=True)
    content = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "language_code"], name="page_tr_uniq")]


class AssignedPageAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="pagevalueassignment")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attributevalues")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["value", "page"], name="page_value_uniq")]

    def get_ordering_queryset(self):
        return self.page.attributevalues.all()
