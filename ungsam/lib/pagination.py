from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def page_of(queryset, page_number, per_page: int = PAGE_SIZE) -> Page:
    """A page of the queryset; a bad or too-high page number gives the nearest real page."""
    return Paginator(queryset, per_page).get_page(page_number)
