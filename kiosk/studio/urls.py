from django.urls import include, path

urlpatterns = [
    path("", include("kiosk.studio.editor.urls")),
    path("", include("kiosk.studio.accounts.urls")),
]
handler403 = "kiosk.studio.errors.forbidden"
