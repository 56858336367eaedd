"""Where media live when they are not in the local folder: an S3-compatible bucket (AWS S3,
SeaweedFS, MinIO, Garage…), optionally behind a CDN (`AWS_S3_CUSTOM_DOMAIN`).

What anyone may read is decided in folders.py, as for the local folder: transcoded videos
(HLS playlists, segments, posters), captions, company logos and demo photos are public;
exhibitors' original uploads (`videos/source/`) stay private in the bucket and only the fair's
own processes, holding the keys, read them. The bucket enforces it with a bucket policy listing
the public folders (anything else stays private) rather than per-object ACLs: AWS disables ACLs
on new buckets, and a policy also covers files written before it changed.

Public objects get plain, stable URLs (no signature): a page that lists them can be cached
for everyone, and an HLS playlist's relative links to its segments keep working, which a
signed playlist URL would break. A private object's URL, if one is ever asked for, is signed
and expires.
"""

import json
from pathlib import PurePosixPath

from botocore.config import Config
from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage

from .folders import HLS_DIR, PUBLIC_PREFIXES

# Transcoded files never change under their name (each transcoding writes a new folder).
IMMUTABLE_PREFIXES = (HLS_DIR,)
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"

# Explicit, as `mimetypes` depends on the host's /etc/mime.types for some of them.
CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".vtt": "text/vtt; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def is_public(name: str) -> bool:
    return name.startswith(PUBLIC_PREFIXES)


class MediaStorage(S3Storage):
    """django-storages' S3 storage with the fair's rules: public names get plain URLs and
    cache headers; no upload ever replaces another file of the same name."""

    file_overwrite = False
    querystring_auth = False
    signature_version = "s3v4"  # AWS's only signature in recent regions, and everywhere else

    def __init__(self, **settings):
        super().__init__(**settings)
        # A bucket that does not answer fails an upload within seconds (with a message to the
        # exhibitor), instead of holding a web worker through botocore's long default retries.
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=5, read_timeout=60, retries={"mode": "standard", "max_attempts": 3}
            )
        )

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        relative = self._relative(name)
        content_type = CONTENT_TYPES.get(PurePosixPath(relative).suffix.lower())
        if content_type:
            params.setdefault("ContentType", content_type)
        if relative.startswith(IMMUTABLE_PREFIXES):
            params.setdefault("CacheControl", IMMUTABLE_CACHE)
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            return super().url(name, parameters, expire, http_method)
        # Private: a signed link to the bucket itself that expires (never through the CDN).
        params = {
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(name),
        }
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=expire or self.querystring_expire,
            HttpMethod=http_method,
        )

    def delete_folder(self, folder: str) -> None:
        """Delete every object under `folder` in batches (one request per 1,000 objects)."""
        prefix = self._normalize_name(folder.rstrip("/")) + "/"
        self.bucket.objects.filter(Prefix=prefix).delete()

    def _relative(self, name: str) -> str:
        location = f"{self.location.strip('/')}/" if self.location else ""
        return name[len(location) :] if location and name.startswith(location) else name


def bucket_policy(storage: MediaStorage) -> dict:
    """The bucket policy letting anyone read the public names, and nothing else."""
    location = f"{storage.location.strip('/')}/" if storage.location else ""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "UsinePublicMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [
                    f"arn:aws:s3:::{storage.bucket_name}/{location}{prefix}*"
                    for prefix in PUBLIC_PREFIXES
                ],
            }
        ],
    }


# hls.js fetches playlists and segments, and a <track> reads captions, from the page's origin:
# the bucket must answer cross-origin reads. Public objects only, so any origin may read them.
CORS_RULES = [
    {
        "AllowedMethods": ["GET", "HEAD"],
        "AllowedOrigins": ["*"],
        "AllowedHeaders": ["*"],
        "ExposeHeaders": ["Content-Length", "Content-Range"],
        "MaxAgeSeconds": 86400,
    }
]


def prepare_bucket(*, storage: MediaStorage) -> list[str]:
    """Create the bucket if missing, then set its public-read policy and CORS rules (both are
    replaced, so running it again is harmless). Returns what was done, for the command."""
    client = storage.connection.meta.client
    done = []
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] != 404:
            raise
        client.create_bucket(Bucket=storage.bucket_name)
        done.append(f"bucket {storage.bucket_name} created")
    try:
        # AWS blocks public bucket policies on new buckets; ACLs stay blocked.
        client.put_public_access_block(
            Bucket=storage.bucket_name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": False,
                "RestrictPublicBuckets": False,
            },
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "NotImplemented":  # e.g. SeaweedFS
            raise
    client.put_bucket_policy(Bucket=storage.bucket_name, Policy=json.dumps(bucket_policy(storage)))
    done.append("public read: " + ", ".join(PUBLIC_PREFIXES))
    client.put_bucket_cors(Bucket=storage.bucket_name, CORSConfiguration={"CORSRules": CORS_RULES})
    done.append("CORS: GET/HEAD from any origin")
    return done
