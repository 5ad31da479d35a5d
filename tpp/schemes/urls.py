"""The scheme's pages under /kelola/tpp/<year>/skema/."""

from django.urls import path

from tpp.schemes import views

urlpatterns = [
    path("kelola/tpp/<int:year>/skema/", views.edit, name="scheme_edit"),
    path("kelola/tpp/<int:year>/skema/contoh/", views.start, name="scheme_start"),
    path("kelola/tpp/<int:year>/skema/jabatan/", views.posts, name="scheme_posts"),
]
