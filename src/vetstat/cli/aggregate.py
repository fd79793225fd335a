"""The ``aggregate`` command (registered on import)."""
