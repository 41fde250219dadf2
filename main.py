"""Entry point: `python main.py` runs the bot; `python main.py --help` lists the staff tools."""

import logging
import sys

from bot.cli import main

if __name__ == "__main__":
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    sys.exit(main())
