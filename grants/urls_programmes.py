"""URLs of this part of grants, included by grants/urls.py under the same namespace."""

urlpatterns: list = []
