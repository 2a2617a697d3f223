"""How much a request may send: every route takes a form's worth, the views that declare
it take files too, and a body over its route's limit is refused before anything reads it.

Django's own limits do not hold a stranger back: DATA_UPLOAD_MAX_MEMORY_SIZE counts a
form's fields but not its files, and FILE_UPLOAD_MAX_MEMORY_SIZE only moves a large file
to disk. So an anonymous 150 MB file posted to any page was read and written to disk
before the view could say no.
"""

from collections.abc import Callable, Iterator
from functools import wraps

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import URLResolver, get_resolver
from django.utils.translation import gettext as _


def accepts_uploads(max_file_size: int) -> Callable:
    """Mark a view as one that takes files of up to ``max_file_size`` bytes: its requests
    may carry that much on top of a form's fields."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def view_taking_uploads(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        view_taking_uploads.max_file_size = max_file_size
        return view_taking_uploads

    return decorator


def takes_files(view: Callable) -> bool:
    return getattr(view, "max_file_size", 0) > 0


def body_limit(view: Callable) -> int:
    """The largest request body ``view`` accepts, in bytes."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + getattr(view, "max_file_size", 0)


def largest_body_accepted() -> int:
    """The largest body any route accepts: what a proxy in front must let through."""

    def views(patterns) -> Iterator[Callable]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    return max(body_limit(view) for view in views(get_resolver().url_patterns))


class FileNotAccepted(BadRequest):
    pass


class RefuseUnexpectedFiles(FileUploadHandler):
    """First of the upload handlers: a file part sent to a view that takes no files stops
    the parse before any byte of it is kept, in memory or on disk. Whoever reads the form
    (CSRF's check usually), the URL has been resolved by then; if it has not, the file is
    refused too."""

    def new_file(self, *args, **kwargs):
        match = self.request.resolver_match
        if match is None or not takes_files(match.func):
            raise FileNotAccepted("A file was sent to a view that takes none.")
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def refused(request, status: int, title: str, message: str):
    return render(
        request, "request_refused.html", {"title": title, "message": message}, status=status
    )


def too_large_message(limit: int) -> str:
    return _("This page accepts at most %(size)s at a time. Nothing was saved.") % {
        "size": filesizeformat(limit)
    }


class RequestLimitsMiddleware:
    """Judges a request's body once its view is known (the view decides the limit) and
    before any view middleware can read it (CSRF's check reads the form): keep it above
    CsrfViewMiddleware. Its answers are in the page's language, set by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Django reads no more of a body than its Content-Length says: without one, a
            # form would arrive empty and fail for a reason nobody could see.
            return refused(
                request,
                411,
                _("The length of the data is missing"),
                _("Send the data with its length (a Content-Length header). Nothing was saved."),
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of such a body either
        limit = body_limit(view)
        if length > limit:
            return refused(request, 413, _("Too much data"), too_large_message(limit))
        if request.content_type == "multipart/form-data" and not takes_files(view):
            try:
                # The form is read here rather than in CSRF's check, so that a file part
                # gets this answer rather than a bare 400.
                request.POST  # noqa: B018
            except FileNotAccepted:
                return refused(
                    request,
                    400,
                    _("Files are not accepted here"),
                    _("This page does not take files. Nothing was saved."),
                )
        return None
