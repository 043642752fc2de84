"""One error shape for every failure: `{"error": {"code", "message"}}`."""

from __future__ import annotations

import logging

import psycopg
import psycopg_pool
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

log = logging.getLogger("dukan_server")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status,
                            headers=exc.headers)

    # The database being away or saturated is temporary: tell clients when to retry.
    @app.exception_handler(psycopg_pool.PoolTimeout)
    async def _pool_timeout(request: Request, exc: Exception) -> JSONResponse:
        log.warning("connection pool exhausted: %s", exc)
        return JSONResponse(error_body("busy", "the server is busy, retry shortly"),
                            status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(psycopg.OperationalError)
    async def _db_down(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return JSONResponse(error_body("unavailable", "the database is unavailable"),
                            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(psycopg.errors.SerializationFailure)
    async def _retryable(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body("retry", "concurrent update, retry"),
                            status_code=503, headers={"Retry-After": "1"})
