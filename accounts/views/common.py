"""Small helpers shared by the organisation views."""

from django.contrib import messages
from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE, count: int | None = None):
    """The requested page; `count`: the number of rows when the caller has counted them already
    (another COUNT over a province's filtered rows would cost as much again)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters as a query string, to keep them across pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def show_domain_error(request, form, error) -> None:
    """A refused change: say why at the top of the form, keeping everything typed."""
    form.add_error(None, str(error))
    messages.error(request, str(error))
