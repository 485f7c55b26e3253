"""``python -m wsp.inbox``: see wsp/inbox/cli.py."""

import sys

from wsp.inbox.cli import main

sys.exit(main())
