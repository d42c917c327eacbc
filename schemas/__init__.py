"""The data contract: one module per input kind, with Swedish messages.

A reader of this package learns what a file must look like without reading any other code:
`parsing` says how values are written (months, numbers, ja/nej), each kind module says which
columns exist, which are required and which rules the rows must follow.
"""
