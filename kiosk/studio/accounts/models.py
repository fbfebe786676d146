"""Places (« lieux ») and the people who use the studio, with their role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Place(models.Model):
    """A place where counsellors work: a France Services space, a médiathèque, a bus..."""

    name = models.CharField("nom du lieu", max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "lieu"

    def __str__(self) -> str:
        return self.name


class Account(AbstractUser):
    """A counsellor (writes the flows of their place) or a coordinator (oversees every place,
    makes the accounts)."""

    class Role(models.TextChoices):
        COUNSELLOR = "conseiller", "Conseiller ou conseillère"
        COORDINATOR = "coordinateur", "Coordinateur ou coordinatrice"

    role = models.CharField("rôle", max_length=20, choices=Role.choices,
                            default=Role.COUNSELLOR)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="accounts",
                              verbose_name="lieu", null=True, blank=True)

    class Meta:
        verbose_name = "compte"

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR
