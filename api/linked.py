"""Linked data: every /id/… resource dereferenced (HTML or RDF by Accept), the ontology at its namespace."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
