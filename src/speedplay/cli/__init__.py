"""The ``speedplay`` command line: parse options, call the library, render with rich."""
