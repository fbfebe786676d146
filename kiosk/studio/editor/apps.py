from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "kiosk.studio.editor"
    label = "editor"
    verbose_name = "Parcours"
