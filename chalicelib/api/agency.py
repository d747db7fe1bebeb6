"""Routes and event handlers for the agency side (registered by app.py)."""
from chalice import Blueprint

bp = Blueprint(__name__)
