# mypy: disable-error-code="type-arg"
# ModelAdmin[Model] needs django_stubs_ext.monkeypatch() in the settings to work at run time;
# until then the admin classes stay unparametrised (as in registry/admin.py).
"""Admin of users, delegations and API tokens.

Who may do what here comes from the role (accounts.backends.RolePermissionBackend);
``is_staff`` follows the role too: staff exactly when the role allows ``admin.access``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import ApiToken, Delegation, User
from secretariat.accounts.services import role_fits_delegation
from secretariat.core.access import user_of
from secretariat.core.errors import PermissionDeniedError, SecretariatError
from secretariat.core.policy import policy


def _login_through_accounts(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's own login form would skip the two-factor step: use the accounts one."""
    if user_of(request) is not None:  # logged in, yet sent here: the role does not allow it
        raise PermissionDeniedError(
            _("Your role does not allow this: %(action)s."),
            action=policy().actions["admin.access"],
        )
    return redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:login")
    )


admin.site.login = _login_through_accounts  # type: ignore[method-assign]


class RoleFitsDelegation(forms.ModelForm):
    """Refuse a role that the chosen delegation's kind cannot hold (roles.yaml)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        role, delegation = cleaned.get("role"), cleaned.get("delegation")
        if role and delegation is not None:
            try:
                role_fits_delegation(role=role, delegation=delegation)
            except SecretariatError as exc:
                self.add_error("role", exc.render())
        elif role:
            self.add_error("delegation", _("A user with a role belongs to a delegation."))
        return cleaned


class UserCreationForm(RoleFitsDelegation, AdminUserCreationForm):
    pass


class UserChangeFormWithRole(RoleFitsDelegation, UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormWithRole
    add_form = UserCreationForm
    list_display = (
        "username",
        "first_name",
        "last_name",
        "delegation",
        "role",
        "language",
        "is_active",
        "is_staff",
    )
    list_filter = ("role", "delegation__kind", "language", "is_active", "is_staff")
    list_select_related = ("delegation",)
    search_fields = ("username", "first_name", "last_name", "email", "delegation__code")
    autocomplete_fields = ("delegation",)
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "language")}),
        (
            _("Delegation and role"),
            {
                "fields": ("delegation", "role", "is_staff"),
                "description": _(
                    "What a role allows is set in roles.yaml; the administration site is open "
                    "to the roles that allow it."
                ),
            },
        ),
        (_("Status"), {"fields": ("is_active", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "delegation",
                    "role",
                    "language",
                ),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.is_staff = policy().allows(obj.role or None, "admin.access")
        super().save_model(request, obj, form, change)


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "kind", "state", "body", "organisation")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ru", "name_zh")
    list_select_related = ("state", "body", "organisation")
    raw_id_fields = ("state", "body", "organisation")
    readonly_fields = ("code", "kind")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code and kind are set once, when the delegation is created.
        return self.readonly_fields if obj is not None else ()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and deleted here, never created: a key is shown only to its user."""

    list_display = ("user", "name", "prefix", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__username", "name", "prefix")
    list_select_related = ("user",)
    fields = ("user", "name", "prefix", "digest", "created", "last_used", "revoked")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
