"""Sign in and out; accounts and places (coordinators only). No public sign-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import AccountForm, LoginForm, PlaceForm
from .models import Account, Place
from .permissions import require_coordinator


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "studio/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Se connecter"}


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Account.objects.create_user(data["username"], password=data["password"],
                                    role=data["role"], place=data["place"])
        messages.success(request, f"Compte « {data['username']} » créé.")
        return redirect("accounts:accounts")
    return render(request, "studio/accounts.html", {
        "form": form, "accounts": Account.objects.select_related("place").order_by("username"),
        "title": "Comptes"})


@login_required
def places(request: HttpRequest) -> HttpResponse:
    require_coordinator(request.user)
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Place.objects.create(name=form.cleaned_data["name"])
        messages.success(request, "Lieu ajouté.")
        return redirect("accounts:places")
    return render(request, "studio/places.html", {"form": form, "places": Place.objects.all(),
                                                  "title": "Lieux"})
