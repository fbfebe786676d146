from django.urls import path

from . import pictos, views

app_name = "editor"
urlpatterns = [
    path("", views.flow_list, name="flows"),
    path("nouveau/", views.flow_new, name="new"),
    path("importer/", views.flow_import, name="import"),
    path("ouvrir-la-borne/", views.open_bundled, name="open_bundled"),
    path("bibliotheque/", views.library, name="library"),
    path("pictogrammes/", pictos.pictograms, name="pictograms"),
    path("pictogrammes/<str:name>.png", pictos.pictogram, name="pictogram"),
    path("parcours/<int:pk>/", views.flow_detail, name="flow"),
    path("parcours/<int:pk>/fichier/", views.raw, name="raw"),
    path("parcours/<int:pk>/versions/", views.versions, name="versions"),
    path("parcours/<int:pk>/versions/<int:number>/restaurer/", views.restore, name="restore"),
    path("parcours/<int:pk>/publier/", views.publish, name="publish"),
    path("parcours/<int:pk>/exporter/", views.export, name="export"),
    path("parcours/<int:pk>/partager/", views.share, name="share"),
    path("parcours/<int:pk>/copier/", views.copy, name="copy"),
    path("parcours/<int:pk>/langue/", views.add_language, name="language"),
    path("parcours/<int:pk>/carte/", views.flow_map, name="map"),
    path("parcours/<int:pk>/etapes/", views.step_add, name="step_add"),
    path("parcours/<int:pk>/etapes/<slug:step_id>/", views.step_edit, name="step"),
    path("parcours/<int:pk>/etapes/<slug:step_id>/changer/", views.step_change,
         name="step_change"),
    path("parcours/<int:pk>/etapes/<slug:step_id>/image/", views.step_capture,
         name="capture"),
    path("fichiers/<path:name>", views.asset, name="asset"),
    path("parcours/<int:pk>/etapes/<slug:step_id>/apercu.png", views.preview, name="preview"),
]
