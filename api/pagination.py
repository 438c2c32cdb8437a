"""Issue 21 §3: keyset ("cursor") pages in the order of last change, for incremental sync.

Rows come in (updated_at, id) order; the cursor is the last row's pair, so a page costs
the same at the millionth row as at the first (an index on (updated_at, id) serves it)
and a row changed while a client pages moves to the end instead of being skipped. DRF's
CursorPagination keys on one field and breaks ties with an OFFSET, which grows without
bound when a bulk change gives thousands of rows one timestamp; hence this small class.

A client syncs by following `next` until it is null, then keeps `sync_from` (the last
row's time) and asks `?updated_since=<sync_from>` next time."""

import base64
import binascii
import json
from collections import OrderedDict

from django.db.models import F
from django.db.models.fields.tuple_lookups import TupleGreaterThan
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def _decode(cursor: str):
    try:
        moment, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        moment = parse_datetime(moment)
        if moment is None or not isinstance(pk, int):
            raise ValueError
        return moment, pk
    except (ValueError, TypeError, binascii.Error, UnicodeError, json.JSONDecodeError) as error:
        raise ValidationError({"cursor": [_("The cursor is not valid.")]}) from error


def _encode(moment, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([moment.isoformat(), pk]).encode()).decode()


class SyncCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {"page_size": [_("Give a page size from 1 to %(n)s.") % {"n": MAX_PAGE_SIZE}]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        order = ("updated_at", "pk")
        page = queryset
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            moment, pk = _decode(raw)
            # A row-value comparison, (updated_at, id) > (t, n): PostgreSQL seeks the
            # (updated_at, id) index straight to it. The equivalent OR of two conditions
            # is read as a filter and scans every row before the cursor.
            page = page.filter(TupleGreaterThan((F("updated_at"), F("pk")), (moment, pk)))
        # The page's ids are chosen on the listed table alone, its rows then read with
        # their related rows: joined in one statement, the planner may read every row
        # after the cursor and sort them when it misjudges how many follow (2.7 s against
        # 0.5 ms at half a million leads with one timestamp). Still one statement.
        ids = page.order_by(*order).values("pk")[: size + 1]
        rows = list(queryset.filter(pk__in=ids).order_by(*order))
        self.has_next = len(rows) > size
        self.rows = rows[:size]
        return self.rows

    def _next_link(self):
        if not self.has_next:
            return None
        last = self.rows[-1]
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, _encode(last.updated_at, last.pk))

    def get_paginated_response(self, data):
        sync_from = self.rows[-1].updated_at.isoformat() if self.rows else None
        return Response(
            OrderedDict([("next", self._next_link()), ("sync_from", sync_from), ("results", data)])
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "sync_from", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page; null on the last one.",
                },
                "sync_from": {
                    "type": "string",
                    "format": "date-time",
                    "nullable": True,
                    "description": "The last row's change time: pass it as updated_since "
                    "to fetch only what changed since.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page to fetch, as given by the previous page's next.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} "
                f"(default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
