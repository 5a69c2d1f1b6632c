from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emg.auth import SignInForm
from emg.views.health import health
from emg.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("meetings/", include("emg.meeting_urls")),
    path("meetings/<int:number>/packs/", include("emg.pack_urls")),
    path("documents/", include("emg.document_urls")),
    path("", include("mandates.urls")),  # mandates/ and decisions/
    path("work-plans/", include("workplans.urls")),
    path("progress/", include("progress.urls")),
]
