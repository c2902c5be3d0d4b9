from django.contrib import admin

from .models import Page, PageTranslation, PageType


class PageTranslationInline(admin.StackedInline):
    model = PageTranslation
    extra = 0


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "is_published", "published_at")
    inlines = [PageTranslationInline]


admin.site.register(PageType)
