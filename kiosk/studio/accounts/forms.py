from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from dsfr.forms import DsfrBaseForm

from .models import Account, Place


class LoginForm(AuthenticationForm, DsfrBaseForm):
    error_messages = {
        "invalid_login": "Nom d'utilisateur ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class AccountForm(DsfrBaseForm):
    username = forms.SlugField(label="Nom d'utilisateur", max_length=150)
    password = forms.CharField(label="Mot de passe (12 signes au moins)", min_length=12,
                               widget=forms.PasswordInput(render_value=False))
    role = forms.ChoiceField(label="Rôle", choices=Account.Role.choices)
    place = forms.ModelChoiceField(label="Lieu", queryset=Place.objects.all())

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if Account.objects.filter(username=name).exists():
            raise forms.ValidationError("Ce nom d'utilisateur existe déjà.")
        return name


class PlaceForm(DsfrBaseForm):
    name = forms.CharField(label="Nom du lieu", max_length=120)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Place.objects.filter(name=name).exists():
            raise forms.ValidationError("Ce lieu existe déjà.")
        return name
