"""Routes and event handlers for the ops side (registered by app.py)."""
from chalice import Blueprint

bp = Blueprint(__name__)
