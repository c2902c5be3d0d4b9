from celery import shared_task

from .models import Product
from .search import update_products_search_document

BATCH_SIZE = 500


@shared_task
def update_products_search_document_task() -> int:
    """Rebuild the search text of products marked dirty, a batch at a time; returns how many."""
    ids = list(Product.objects.filter(search_index_dirty=True).values_list("pk", flat=True)[:BATCH_SIZE])
    if not ids:
        return 0
    updated = update_products_search_document(Product.objects.filter(pk__in=ids))
    if len(ids) == BATCH_SIZE:
        update_products_search_document_task.delay()
    return updated
