"""SEND Desktop: run a council's SEND early-intervention programmes offline."""

__version__ = "0.1.0"
APP_NAME = "SEND Desktop"
