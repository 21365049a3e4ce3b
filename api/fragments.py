"""Triple Pattern Fragments (Linked Data Fragments) at /fragments."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
