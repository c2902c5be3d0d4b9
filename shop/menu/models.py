"""Navigation menus (header, footer) made of items that link to a URL, category, collection or page."""

from django.db import models

from shop.core.models import ModelWithMetadata, SortableModel, TranslationModel


class Menu(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return self.name


class MenuItem(ModelWithMetadata, SortableModel):
    menu = models.ForeignKey(Menu, related_name="items", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.CASCADE)
    level = models.PositiveIntegerField(default=0, editable=False)
    url = models.URLField(max_length=256, blank=True, null=True)
    category = models.ForeignKey("catalog.Category", blank=True, null=True, on_delete=models.CASCADE)
    collection = models.ForeignKey("catalog.Collection", blank=True, null=True, on_delete=models.CASCADE)
    page = models.ForeignKey("page.Page", blank=True, null=True, on_delete=models.CASCADE)

    class Meta:
        ordering = ("sort_order", "pk")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 0
        super().save(*args, **kwargs)

    def get_ordering_queryset(self):
        return self.menu.items.filter(parent_id=self.parent_id)


class MenuItemTranslation(TranslationModel):
    menu_item = models.ForeignKey(MenuItem, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["menu_item", "language_code"], name="menuitem_tr_uniq")]
