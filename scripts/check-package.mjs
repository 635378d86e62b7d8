// Placeholder: publint --strict and attw on the packed tarball (filled in by the foundation work).
