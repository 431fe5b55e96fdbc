import sys

from autoletter_tui.cli import main

sys.exit(main())
