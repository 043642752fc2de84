"""The owner's back office (issue #7): products, suppliers, stock, udhaar, staff,
dashboard, reports, settings, and the first-run wizard."""

from .window import BackOfficeWindow, open_back_office

__all__ = ["BackOfficeWindow", "open_back_office"]
