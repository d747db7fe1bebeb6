"""Routes and event handlers for the open311 side (registered by app.py)."""
from chalice import Blueprint

bp = Blueprint(__name__)
