from django.contrib import admin
from django.urls import path

from core.limits import accepts_uploads
from translations import views
from translations.xliff import MAX_FILE_SIZE

app_name = "translations"

urlpatterns = [
    path("", admin.site.admin_view(views.DashboardView.as_view()), name="dashboard"),
    path("export/", admin.site.admin_view(views.ExportView.as_view()), name="export"),
    path(
        "import/",
        accepts_uploads(MAX_FILE_SIZE)(admin.site.admin_view(views.ImportView.as_view())),
        name="import",
    ),
]
