"""Who may use the bot: invite codes, registration, linking accounts, what each role is told."""
