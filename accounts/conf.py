"""The personal-data settings, with the defaults lms/settings/base.py gives them (read from the
environment there): code reads them through ``setting()`` so it never depends on the order in
which settings and code reach a deployment."""

from django.conf import settings

DEFAULTS = {
    "PRIVACY_CONTROLLER_NAME": "Tamkeen (demo deployment)",
    "PRIVACY_CONTROLLER_ADDRESS": "",
    "PRIVACY_CONTACT_EMAIL": "privacy@tamkeen.test",
    "PRIVACY_CNDP_DECLARATION": "",
    "PRIVACY_NOTICE_VERSION": "2026-11",
    "RETENTION_INACTIVE_ACCOUNT_DAYS": 3 * 365,
    "RETENTION_UNVERIFIED_SIGNUP_DAYS": 30,
    "RETENTION_WALKIN_DAYS": 2 * 365,
    "RETENTION_INVITATION_DAYS": 90,
    "RETENTION_PENDING_ENROLLMENT_DAYS": 180,
    "CNDP_AUTHORIZATION_NUMBER": "",
    "NATIONAL_ID_ENABLED": False,
    "NATIONAL_ID_ENCRYPTION_KEY": "",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
