"""Reports: the same gathered data rendered on a terminal (rich) or as one HTML file."""

from veracity.report.data import ReportData, gather

__all__ = ["ReportData", "gather"]
