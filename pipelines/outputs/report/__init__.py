"""The monthly nyckeltalsrapport as files: Excel (`excel`) and PDF (`pdf`), built by `files`."""
