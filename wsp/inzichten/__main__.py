import sys

from wsp.inzichten.cli import main

sys.exit(main())
