"""Interactive network views (pyvis), served offline."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
