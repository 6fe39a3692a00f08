"""The one settings module. Every value comes from the environment; see .env.example.

Development defaults need no server: SQLite under var/ and kombu's filesystem broker.
Production (DEBUG=false) refuses to start without a SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from rtw.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=true for a "
            "local development default."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
# Rotating the key: the old one goes here until what it signed has expired (docs/security.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rtw",
    "cases",
    "checkins",
    "outcomes",
    "plans",
    "supervision",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rtw.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the switcher's cookie, else Accept-Language; then a signed-in user's stored
    # preference wins (docs/languages.md).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rtw.middleware.PreferredLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rtw.two_factor.middleware.RequireSecondFactorMiddleware",
    "rtw.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (the sign-in page says why) and before any view runs (rtw/sessions.py).
    "rtw.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# `make bench` only (scripts/bench/): each response says how many queries it ran
# (rtw/bench.py) and bench/floor/ serves the worklist's floor view (cases/bench.py).
BENCH = env_bool("BENCH", False)
if BENCH:
    MIDDLEWARE.insert(0, "rtw.bench.QueryCountMiddleware")

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "rtw.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rtw.context_processors.navigation",
                "rtw.context_processors.session_timing",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A persistent connection is checked before each request reuses it, so the first request
        # after a database restart reconnects instead of failing.
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every query here is short: PostgreSQL's JIT compiler, which switches on by cost estimate,
    # spent 0.4 to 4 s compiling queries that run in milliseconds (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# A cache shared by every web process (rendered plan PDFs). Redis in production, so that
# instances behind one proxy share it; each process's own memory otherwise.
CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "rtw.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "rtw.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one email from
# one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES; after LOGIN_IP_FAILURE_LIMIT
# wrong passwords from one address, whichever emails they were for, the address is (ADR 10).
AXES_ENABLED = env_bool("LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# The pair first, then the address: rtw.backends.SignInThrottle relies on this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "rtw.backends.SignInThrottle"
# The sign-in form posts the email as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "rtw.backends.sign_in_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy, set to the number of proxies so the client address is read correctly.
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None

# Password reset by email (rtw/passwords.py): at most this many requests an hour for one
# address, and from one client address; the link works for PASSWORD_RESET_TIMEOUT seconds.
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_IP_LIMIT = env_int("PASSWORD_RESET_IP_LIMIT", 10)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)

# Two-factor sign-in (docs/adr/0017-two-factor.md): these roles must give a code from an
# authenticator app (or a recovery code) after their password; anyone else may turn it on.
# Wrong codes are counted per person with the limits above (LOGIN_FAILURE_LIMIT wrong codes
# lock the second step for LOGIN_LOCKOUT_MINUTES); django-otp's own back-off is off.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "VSW,SUPERVISOR,CLINICIAN,ADMIN")
_ROLES = {"VSW", "SUPERVISOR", "CLINICIAN", "EMPLOYER_CONTACT", "WORKER", "ADMIN"}
if set(OTP_REQUIRED_ROLES) - _ROLES:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES names unknown roles {sorted(set(OTP_REQUIRED_ROLES) - _ROLES)}; "
        f"choose from {', '.join(sorted(_ROLES))}."
    )
OTP_TOTP_ISSUER = env("OTP_ISSUER", "Return to work")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# The languages of the service: English (the source), Dutch and Swedish.
LANGUAGES = [("en-gb", "English"), ("nl", "Nederlands"), ("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Only for the file-based backend (django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Return to work service <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (rtw/sms.py): written to files under SMS_FILE_PATH by default; GOV.UK Notify
# with SMS_BACKEND=rtw.sms.NotifyBackend, which needs the API key and a template whose whole
# text is ((body)).
SMS_BACKEND = env("SMS_BACKEND", "rtw.sms.FileBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", str(VAR_DIR / "sms"))
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
if SMS_BACKEND == "rtw.sms.NotifyBackend" and not (NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "SMS_BACKEND=rtw.sms.NotifyBackend needs NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID "
        "(from the GOV.UK Notify service's API integration and templates pages)."
    )

# Celery: kombu's filesystem transport by default, so `make run` needs no server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Security. Production values are the defaults whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Staff and clinicians are signed out after SESSION_IDLE_MINUTES without a request and
# SESSION_ABSOLUTE_HOURS after signing in (rtw/sessions.py); the page warns them
# SESSION_WARNING_SECONDS before the idle limit. Other roles keep SESSION_COOKIE_AGE.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 120)
CSRF_FAILURE_VIEW = "rtw.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The integration API (api/, docs/api.md): client tokens only (no sessions, so no CSRF), JSON
# only (no browsable pages), a rate per client counted in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
API_RATE_LIMIT = env("API_RATE_LIMIT", "120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Return to work service API",
    "DESCRIPTION": "Referrals in by FHIR, their status out, cases and the service figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Sign-in failures are kept in the axes tables (see the admin), not in the log.
        "axes": {"level": "WARNING"},
    },
}

# The request id in the audit trail is made by the server; a client's X-Request-ID is kept only
# from our own proxy (PROXY_COUNT > 0 and TRUSTED_PROXY_REQUEST_ID=true), see rtw/middleware.py.
TRUSTED_PROXY_REQUEST_ID = env_int("PROXY_COUNT", 0) > 0 and env_bool(
    "TRUSTED_PROXY_REQUEST_ID", False
)

# Domain settings.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  (public on purpose: demo data only)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
# Closed cases are anonymised this many years after closing (NHS Records Management Code 2021:
# adult health records, 8 years after the end of care; ADR 15).
RETENTION_YEARS = env_int("RETENTION_YEARS", 8)
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CHECKIN_LINK_MAX_AGE_DAYS = env_int("CHECKIN_LINK_MAX_AGE_DAYS", 7)
REMINDER_SWEEP_BATCH = env_int("REMINDER_SWEEP_BATCH", 1000)
# The Netherlands: the last week of the WIA application window, which opens in week 88 of
# sickness (sources say 91 to 93; rtw/jurisdictions.py, docs/jurisdictions.md).
NL_WIA_WINDOW_END_WEEK = env_int("NL_WIA_WINDOW_END_WEEK", 91)
# Outcome measures (outcomes/, DOMAIN.md section 5): the Work Ability Score is optional and its
# wording configurable (its licence terms are not confirmed).
OUTCOMES_WAS_ENABLED = env_bool("OUTCOMES_WAS_ENABLED", True)
OUTCOMES_WAS_QUESTION = env(
    "OUTCOMES_WAS_QUESTION",
    "Think of your ability to work at its best. How many points would you give your ability "
    "to work now?",
)
# Most outbox emails one sweep sends, and the age of the oldest unsent email (or due reminder)
# beyond which /healthz reports mail as delayed.
OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 1000)
MAIL_BACKLOG_MAX_AGE = env_int("MAIL_BACKLOG_MAX_AGE", 900)
CELERY_BEAT_SCHEDULE = {
    # Every minute: create the reminders that have come due (idempotent), then send them.
    "produce-reminders": {"task": "checkins.produce_reminders", "schedule": 60.0},
    "sweep-reminders": {"task": "checkins.sweep_reminders", "schedule": 60.0},
    # Every minute: send the outbox's emails whose after-commit kick was lost (broker down).
    "sweep-outbox": {"task": "rtw.sweep_outbox", "schedule": 60.0},
    # Daily: anonymise cases closed longer than RETENTION_YEARS, and prune audit events older
    # than AUDIT_RETENTION_DAYS (ADR 15). Both are idempotent.
    "apply-retention": {"task": "cases.apply_retention", "schedule": 24 * 60 * 60.0},
    "prune-audit": {"task": "rtw.prune_audit", "schedule": 24 * 60 * 60.0},
}
