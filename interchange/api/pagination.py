"""The API's pages: a cursor over the primary key (stable under inserts, so a system reading
page after page misses nothing and sees nothing twice)."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 100
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering = "pk"
