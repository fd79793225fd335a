"""The ``diff`` command (registered on import)."""
