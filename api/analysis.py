"""The drafter's analyses: gaps, timeline and brief (JSON)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
