"""How a feed reaches a stage's packager: SRT with a per-talk passphrase (OBS, hardware encoders).

The packager's ffmpeg is the SRT listener: a caller with another passphrase is refused during the
handshake (SRT's own AES encryption, `pbkeylen` 16 = AES-128) and the listener keeps waiting
for the right one. The passphrase is a secret of the talk, shown to its speaker and organizers
only; it never appears in a page a viewer loads.
"""

import secrets
from urllib.parse import urlencode

# SRT accepts passphrases of 10 to 79 characters, ffmpeg up to 64.
PASSPHRASE_BYTES = 24  # 32 URL-safe characters
# Receiver buffer: what SRT may wait for a lost packet to be resent, in microseconds for ffmpeg.
LATENCY_US = 200_000


def new_passphrase() -> str:
    return secrets.token_urlsafe(PASSPHRASE_BYTES)


def listener_url(*, host: str, port: int, passphrase: str) -> str:
    """The packager's input: listen on host:port for a caller knowing the passphrase."""
    query = urlencode(
        {
            "mode": "listener",
            "passphrase": passphrase,
            "pbkeylen": 16,
            "latency": LATENCY_US,
            # A caller that goes silent (a cut network) frees the listener after 5 s (µs).
            "timeout": 5_000_000,
            "enforced_encryption": 1,
        }
    )
    return f"srt://{host}:{port}?{query}"


def caller_url(*, host: str, port: int, passphrase: str) -> str:
    """What the speaker's encoder (OBS: Settings → Stream → Custom) publishes to."""
    query = urlencode({"mode": "caller", "passphrase": passphrase, "pbkeylen": 16})
    return f"srt://{host}:{port}?{query}"
