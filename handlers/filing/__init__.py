"""Filing a report: its questions and answers, photos, location, the card, Gửi, /cuatoi."""
