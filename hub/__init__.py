"""The GCM Practice Hub web application."""
