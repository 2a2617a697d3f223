from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="index"),
    path(
        _("organisations/<slug:slug>/"),
        views.OrganisationDetailView.as_view(),
        name="organisation",
    ),
    path(_("people/<slug:slug>/"), views.OfficialDetailView.as_view(), name="official"),
]
