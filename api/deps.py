"""FastAPI dependencies: the settings and the store the application was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


StoreDep = Annotated[Store, Depends(get_store)]
