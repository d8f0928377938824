"""A page cache for anonymous visitors, first in the middleware stack.

A hit costs no session, authentication, database or template work, and usually no round trip
either: each process keeps the pages it served last (``_Local``), checks the shared
generation at most once a second, and asks the shared cache (Redis) for a page it does not
hold. What is stored, and for whom:

- only GET (and HEAD, answered from a stored GET) under a language prefix (``/ar/``, ``/fr/``,
  ``/en/``), from a request that carries no session or messages cookie and no Authorization
  header: a signed-in person never reads a stored page and never stores one;
- only a Wagtail page (``wagtail_serve``) or a view marked with :func:`cacheable`;
- only a 200 that sets no cookie, did not use the CSRF token, showed or queued no message,
  has no ``Cache-Control: private/no-store/no-cache`` (Wagtail's private pages have it) and
  varies on nothing but ``Cookie``.

The key is scheme + host + full path with its query string (the language is in the path);
the entry records the *generation* it was stored under, and only an entry of the current
generation is served. Publishing, unpublishing, moving or deleting a page, and any save
or deletion of a model the public pages show (``BUMPING_MODELS``) draw a new generation, so
every stored page becomes stale at once; ``PAGE_CACHE_SECONDS`` bounds the rest.
``PAGE_CACHE_SECONDS = 0`` turns the cache off. Responses carry ``X-Cache: hit``, ``miss`` or
``bypass``.
"""

import hashlib
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Cache"
# Cookies that mean the visitor may see something of their own (a signed-in session, a
# message waiting to be shown). The CSRF and language cookies do not: no stored page holds a
# CSRF token, and the language is in the path.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
REFUSED_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Page saves that only record a draft (Wagtail's save_revision, locking) change nothing public.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)
# Models whose rows public pages show, besides every page type. A save or deletion of any of
# them draws a new generation. Keep this list in step with the public templates.
BUMPING_MODELS = (
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "organisations.Organisation",
    "organisations.Region",
    "organisations.Province",
    "organisations.Commune",
    "courses.TrainingSession",
)


def cacheable(view):
    """Mark a (non-Wagtail) view whose anonymous responses may be stored."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cacheable = True
        return response

    return wrapper


def _cache():
    alias = getattr(settings, "PAGE_CACHE_ALIAS", "pages")
    return caches[alias if alias in settings.CACHES else "default"]


def current_generation() -> str:
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Random, not a counter: a generation lost to eviction never comes back to match
        # pages stored under an older one.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


class _Local:
    """What one process keeps besides the shared cache: the pages it served last and the
    generation it read last, so that most hits cost no round trip at all. The generation is
    read again from the shared cache at most every ``PAGE_CACHE_GENERATION_CHECK`` seconds
    (default 1): a page published through another process may be served stale by this one
    for that long, never longer."""

    size = 500

    def __init__(self):
        self.forget()

    def forget(self):
        self.generation = None
        self.checked_at = 0.0
        self.pages: OrderedDict[str, tuple] = OrderedDict()

    def current_generation(self) -> str:
        now = time.monotonic()
        interval = getattr(settings, "PAGE_CACHE_GENERATION_CHECK", 1.0)
        if self.generation is None or now - self.checked_at >= interval:
            self.generation = current_generation()
            self.checked_at = now
        return self.generation

    def get(self, key: str, generation: str):
        entry = self.pages.get(key)
        if entry is None or entry[0] != generation or entry[3] < time.monotonic():
            return None
        self.pages.move_to_end(key)
        return entry

    def put(self, key: str, stored: tuple, seconds: int):
        self.pages[key] = (*stored, time.monotonic() + seconds)
        self.pages.move_to_end(key)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)


_local = _Local()


def forget_local() -> None:
    """Drop this process's copies (tests, after emptying the shared cache)."""
    _local.forget()


def bump_generation() -> None:
    """Make every stored page unreachable, now and again when the transaction commits (a
    page rendered from the old data in between is stored under the old generation)."""

    def bump():
        generation = secrets.token_hex(8)
        _cache().set(GENERATION_KEY, generation, timeout=None)
        _local.generation, _local.checked_at = generation, time.monotonic()

    bump()
    transaction.on_commit(bump)


def cached_fragment(name: str, compute, *, request):
    """``compute()``'s value, kept with the stored pages and dropped with them (so no change
    that matters to public pages leaves it stale); computed each time when the cache is off.
    ``name`` must say everything the value depends on besides the host."""
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    cache = _cache()
    key = f"pagecache:{current_generation()}:fragment:{request.get_host()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = frozenset(code for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._may_use_cache(request):
            response = self.get_response(request)
            if seconds:
                response.headers.setdefault(HEADER, "bypass")
            return response

        key = self._key(request)
        generation = _local.current_generation()
        stored = _local.get(key, generation)
        if stored is not None:
            return self._rebuild(request, stored)
        # A page stored under an older generation is a miss, and is overwritten below.
        cache = _cache()
        stored = cache.get(key)
        if stored is not None and stored[0] == generation:
            _local.put(key, stored, seconds)
            return self._rebuild(request, stored)

        response = self.get_response(request)
        if request.method == "GET" and self._may_store(request, response):
            stored = self._freeze(generation, response)
            cache.set(key, stored, timeout=seconds)
            _local.put(key, stored, seconds)
            response[HEADER] = "miss"
        else:
            response.headers.setdefault(HEADER, "bypass")
        return response

    def _may_use_cache(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        language = request.path_info[1:].split("/", 1)[0]
        if language not in self.languages:
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not any(name in request.COOKIES for name in PERSONAL_COOKIES)

    @staticmethod
    def _key(request) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()

    @staticmethod
    def _may_store(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        match = getattr(request, "resolver_match", None)
        is_page = match is not None and match.url_name == "wagtail_serve"
        if not (is_page or getattr(response, "page_cacheable", False)):
            return False
        # The CSRF token was put in the page (the cookie check above normally catches it).
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and (messages.used or messages.added_new):
            return False
        user = getattr(request, "_cached_user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in REFUSED_CACHE_CONTROL):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        # Cookie: only cookie-less visitors read stored pages, and they all get this one.
        return vary <= {"cookie"}

    @staticmethod
    def _freeze(generation: str, response) -> tuple:
        headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER)]
        return (generation, headers, response.content)

    @staticmethod
    def _rebuild(request, stored) -> HttpResponse:
        headers, content = stored[1], stored[2]
        response = HttpResponse(b"" if request.method == "HEAD" else content, headers=headers)
        response[HEADER] = "hit"
        if request.method == "HEAD":
            response["Content-Length"] = str(len(content))
        return response


# --- Invalidation -----------------------------------------------------------------------------


def _on_page_save(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    bump_generation()


def _on_change(sender, **kwargs):
    bump_generation()


def forget_generation(sender=None, **kwargs) -> None:
    """Drop the current generation (the next page draws a new one): after a bulk load that
    wrote behind this cache's back, such as ``seed_demo`` (``demo.signals.data_seeded``)."""
    _cache().delete(GENERATION_KEY)


def connect_signals() -> None:
    """Called once from ``LmsConfig.ready()``."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail import signals as wagtail_signals
    from wagtail.models import Page

    uid = "lms.pagecache"
    for model in apps.get_models():
        if issubclass(model, Page):
            post_save.connect(_on_page_save, sender=model, dispatch_uid=f"{uid}.save.{model}")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete.{model}")
    for label in BUMPING_MODELS:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save.{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete.{label}")
    # Any sender: every page type, and snippets with a draft state.
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.published,
        wagtail_signals.unpublished,
    ):
        signal.connect(_on_change, dispatch_uid=f"{uid}.{id(signal)}")
