"""Entry point: `python main.py` runs the bot; `python main.py --help` lists the staff tools."""

import logging
import os
import sys

from bot.cli import main

if __name__ == "__main__":
    # python-telegram-bot 22: retry_after & co. as timedelta now, without deprecation warnings.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    sys.exit(main())
