"""The named-query catalogue: each .rq file of kg/queries/catalogue/ as a documented API operation."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
