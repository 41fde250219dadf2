"""All configuration: flat environment variables, validated once and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the bot reads; names are the environment variables (see README)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = "sqlite://data/ttdn.sqlite3"
    media_dir: Path = Path("data/media")
    timezone: str = "Asia/Ho_Chi_Minh"
    default_language: str = Field(default="vi", pattern="^(vi|en)$")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_rate_limit: bool = True
    telegram_max_upload_bytes: int = Field(default=50 * 1024 * 1024, gt=0)

    zalo_bot_token: SecretStr | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_poll_timeout: float = Field(default=10.0, gt=0, le=60)

    webhook_listen: str = "0.0.0.0:8080"
    # Several bot processes on one host may listen on the same port (Linux SO_REUSEPORT): the
    # kernel spreads connections over them, so a small server uses all its cores.
    webhook_share_port: bool = False
    # The bot's own loggers when serving messengers (INFO: one JSON line per update); libraries
    # stay at WARNING. The console channel keeps WARNING so the chat stays readable.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    public_base_url: str | None = None
    link_valid_hours: float = Field(default=24.0, gt=0, le=24 * 30)

    max_photo_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_image_pixels: int = Field(default=40_000_000, gt=0)
    max_photos_per_report: int = Field(default=10, ge=1, le=50)
    album_quiet_seconds: float = Field(default=1.5, ge=0)
    # How often each running channel looks for due outbox rows (it also wakes when the
    # earliest one is due, so album acknowledgements keep their quiet time).
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # How long a worker holds the rows it claimed: longer than one send with all its retries;
    # after a crash between send and mark, the row is sent again once this has passed.
    outbox_lease_seconds: float = Field(default=180.0, ge=1, le=3600)

    invite_valid_days: int = Field(default=7, ge=1, le=365)
    location_margin_km: float = Field(default=50.0, ge=0)
    max_distance_from_unit_km: float = Field(default=30.0, gt=0)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        """Fail at start-up, not at the first 'hôm nay', on a misspelt zone."""
        ZoneInfo(value)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The zone in which 'today' and every period are counted."""
        return ZoneInfo(self.timezone)

    @property
    def has_messenger_token(self) -> bool:
        """True when at least one real messenger channel is configured."""
        return self.telegram_bot_token is not None or self.zalo_bot_token is not None
