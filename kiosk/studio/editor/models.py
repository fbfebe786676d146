"""Flows of the studio and their versions (every save is one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kiosk.studio.accounts.models import Place


class Flow(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="flows",
                              verbose_name="lieu")
    slug = models.CharField("identifiant", max_length=64)
    title = models.CharField("titre", max_length=300)
    shared = models.BooleanField("partagé dans la bibliothèque", default=False)
    source = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="copies", verbose_name="copié de")
    source_version = models.PositiveIntegerField(null=True, blank=True)
    """The source's version number when it was copied (« Copier et adapter »)."""
    file_name = models.CharField(max_length=200, blank=True)
    """The file in the kiosk's flows folder it was opened from or published to."""
    published_version = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    extra_languages = models.CharField(max_length=100, blank=True)
    """Languages added in the studio before any text is written in them (space separated)."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["place", "slug"],
                                               name="one_flow_id_per_place")]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> Version:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]

    def source_changed(self) -> bool:
        """The flow it was copied from has had new versions since."""
        if self.source is None or self.source_version is None:
            return False
        latest = self.source.latest()
        return latest is not None and latest.number > self.source_version


class Version(models.Model):
    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["flow", "number"],
                                               name="one_version_number_per_flow")]
