"""Forms of the accounts pages: they parse what was posted; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.models import ApiToken, Language


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the six digits your app shows."))],
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"\d{6}",
                "autofocus": True,
            }
        ),
    )


class LanguageForm(forms.Form):
    # Each language named in the reader's language, as everywhere else on the page.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            (Language.RU.value, _("Russian")),
            (Language.ZH.value, _("Chinese")),
            (Language.EN.value, _("English")),
        ],
    )


class TokenCreateForm(forms.Form):
    """A new API token: its name, what it may do (of what the role allows) and how long."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. “weekly report script”."),
    )
    actions = forms.MultipleChoiceField(
        label=_("What the token may do"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only what your role allows; by default, reading."),
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=settings.SECRETARIAT_API_TOKEN_MAX_DAYS,
        initial=settings.SECRETARIAT_API_TOKEN_DAYS,
        required=False,
    )

    def __init__(
        self,
        data: Any = None,
        *,
        choices: list[tuple[str, str]] | None = None,
        initial_actions: list[str] | None = None,
    ) -> None:
        super().__init__(data, initial={"actions": initial_actions or []})
        actions = self.fields["actions"]
        assert isinstance(actions, forms.MultipleChoiceField)  # noqa: S101  # declared above
        actions.choices = choices or []
