"""Homefinder Desktop: family finding for an English council's adoption service and its partner agency."""

__version__ = "0.1.0"
APP_NAME = "Homefinder"
