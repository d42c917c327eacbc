"""The pages' views (issue 28): per page, the figures, tables and texts it shows, made from the
queries by the presenters, as functions of plain arguments (a year, a month, a code) decorated
with `pipelines.app.cache.view`: made once per warehouse version and day and shared by every
session. A page keeps its widgets and layout; what it shows comes from here. The results are
shared: never change one in place."""
