"""Owner dashboards: thin endpoints over SQL functions (placeholder until reports land)."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1/reports", tags=["reports"])
