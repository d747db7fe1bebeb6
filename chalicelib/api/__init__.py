"""Chalice blueprints, one per audience; each route is a few lines delegating to a service module."""
