from django.contrib import admin
from django.urls import path

from translations import views

app_name = "translations"

urlpatterns = [
    path("", admin.site.admin_view(views.DashboardView.as_view()), name="dashboard"),
    path("export/", admin.site.admin_view(views.ExportView.as_view()), name="export"),
    path("import/", admin.site.admin_view(views.ImportView.as_view()), name="import"),
]
