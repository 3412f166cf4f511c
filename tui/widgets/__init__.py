"""The app's widgets and screens, one to a module."""
