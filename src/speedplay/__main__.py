"""``python -m speedplay`` runs the command line."""

import sys

from speedplay.cli.app import main

if __name__ == "__main__":  # not when a worker process imports it to start
    sys.exit(main())
