"""HTML pages for drafters: compare, gaps, timeline, documents, brief."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
