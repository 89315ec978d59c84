"""``manage.py media_bucket [--create]``: make the S3 media bucket ready (issue 14).

Puts the bucket policy of :func:`core.media.public_read_policy` (anyone may
read images and renditions; documents stay private, served through Django);
``--create`` first creates the bucket when it does not exist. On AWS, the
bucket's "Block Public Access" must allow public bucket policies.
"""

from botocore.exceptions import ClientError
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage

from core.media import PUBLIC_PREFIXES, media_storage, public_read_policy


class Command(BaseCommand):
    help = "Set the media bucket's public-read policy for images (MEDIA_S3_BUCKET)."

    def add_arguments(self, parser):
        parser.add_argument("--create", action="store_true", help="create the bucket if missing")

    def handle(self, *args, create=False, **options):
        storage = media_storage()
        if not isinstance(storage, S3Storage):
            raise CommandError("MEDIA_S3_BUCKET is not set: media is on local disk.")
        client = storage.connection.meta.client
        bucket = storage.bucket_name
        if create:
            try:
                client.head_bucket(Bucket=bucket)
            except ClientError:
                region = storage.region_name
                extra = (
                    {"CreateBucketConfiguration": {"LocationConstraint": region}}
                    if region and region != "us-east-1"
                    else {}
                )
                client.create_bucket(Bucket=bucket, **extra)
                self.stdout.write(f"Created bucket {bucket}.")
        client.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket, storage.location))
        self.stdout.write(f"Bucket {bucket}: public read for {', '.join(PUBLIC_PREFIXES)}.")
