"""Marts: the figures the pages and exports show, one module per area, each function `@mart`."""
