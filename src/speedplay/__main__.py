"""``python -m speedplay`` runs the command line."""

import sys

from speedplay.cli.app import main

sys.exit(main())
