"""The Forum: the fair's closing day of talks, streamed live and kept as replays."""
