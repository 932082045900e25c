from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Konti og jobcentre"

    def ready(self) -> None:
        from allauth.account.signals import login_code_rejected, password_reset
        from allauth.mfa.signals import authentication_failed, authenticator_added
        from axes.models import AccessAttempt
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_delete

        from accounts import api_errors, checks, mfa, security  # noqa: F401 - registers checks

        api_errors.use_danish_messages()

        authenticator_added.connect(mfa.on_authenticator_added, dispatch_uid="jobbro_mfa_added")
        password_reset.connect(mfa.on_password_reset, dispatch_uid="jobbro_password_reset")
        # Sign-in security: the lockout log, failed codes counted, the session's sign-in time.
        user_login_failed.connect(security.on_user_login_failed, dispatch_uid="jobbro_login_failed")
        user_locked_out.connect(security.on_user_locked_out, dispatch_uid="jobbro_locked_out")
        post_delete.connect(
            security.on_access_attempt_deleted,
            sender=AccessAttempt,
            dispatch_uid="jobbro_lockout_lifted",
        )
        user_logged_in.connect(security.on_user_logged_in, dispatch_uid="jobbro_logged_in")
        authentication_failed.connect(
            security.on_second_factor_failed, dispatch_uid="jobbro_mfa_failed"
        )
        login_code_rejected.connect(
            security.on_login_code_rejected, dispatch_uid="jobbro_code_failed"
        )
