from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path(_("news/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
    path(_("news/preview/<int:pk>/"), views.ArticlePreviewView.as_view(), name="preview"),
]
